-------------------------------- MODULE Zab --------------------------------
(***************************************************************************)
(* An abstract Zab: the atomic broadcast protocol of ZooKeeper             *)
(* (Junqueira, Reed, Serafini, "Zab: High-performance broadcast for        *)
(* primary-backup systems", DSN 2011).                                     *)
(*                                                                         *)
(* Servers agree on a sequence of transactions.  A transaction is          *)
(* identified by its zxid <<epoch, counter>>: the epoch of the leader that *)
(* proposed it and its position among that leader's proposals.  Each epoch *)
(* runs three phases:                                                      *)
(*   1. discovery: a prospective leader gathers a quorum, learns the       *)
(*      epochs its members have accepted and picks a larger one;           *)
(*   2. synchronization: the leader adopts the most up-to-date history of  *)
(*      the quorum and brings each follower to it (NEWLEADER / ACKLD);     *)
(*   3. broadcast: the leader proposes transactions in zxid order, commits *)
(*      one once a quorum acknowledged it, and followers deliver in order. *)
(*                                                                         *)
(* Fault model.  Servers crash and recover.  A crashed server is a server  *)
(* that takes no more steps; on recovery it keeps its persistent state     *)
(* (acceptedEpoch, currentEpoch, history) and rejoins through a later      *)
(* discovery, which resets its volatile state (role and leader             *)
(* bookkeeping).  Messages travel on FIFO channels, one per ordered pair   *)
(* of servers (Zab relies on TCP order); they may be delayed arbitrarily,  *)
(* and a message left in a channel of an abandoned epoch is discarded by   *)
(* its receiver.  Any server may time out and start a new epoch at any     *)
(* moment, so leaders are deposed and followers abandon their leader       *)
(* nondeterministically.  No Byzantine behaviour.                          *)
(*                                                                         *)
(* Abstractions.  Leader election and discovery are one atomic step over a *)
(* quorum (the messages CEPOCH / NEWEPOCH / ACKEPOCH are not modelled).    *)
(* A follower only serves the epoch it joined in discovery; late joiners   *)
(* wait for the next epoch.  Epochs and transactions per epoch are bounded.*)
(*                                                                         *)
(* Injected bugs (constants, so one text is checked correct and broken):   *)
(*   BugKeepHistory     the new leader keeps its own history instead of    *)
(*                      adopting the most up-to-date one of its quorum;    *)
(*   BugSkipEpochCheck  a follower accepts a PROPOSE whatever its epoch,   *)
(*                      i.e. also from a leader it has already abandoned;  *)
(*   Quorum             any set of server sets, e.g. sets of size n/2.     *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
    Server,             \* the servers
    Quorum,             \* the quorums: a set of subsets of Server
    Value,              \* client payloads a leader may broadcast
    MaxEpoch,           \* epochs range over 1..MaxEpoch (0 = before any leader)
    MaxTxn,             \* transactions a leader proposes per epoch, at most
    BugKeepHistory,     \* BOOLEAN, see the header
    BugSkipEpochCheck   \* BOOLEAN, see the header

\* Quorum systems a model may pick for Quorum.  Discovery runs over exactly one
\* quorum, so the smallest majorities give the smallest models; half-size
\* "quorums" do not intersect when the number of servers is even (a bug).
MajorityQuorums == {Q \in SUBSET Server : 2 * Cardinality(Q) > Cardinality(Server)}
SmallestMajorities == {Q \in SUBSET Server :
                          Cardinality(Q) = Cardinality(Server) \div 2 + 1}
HalfQuorums == {Q \in SUBSET Server : Cardinality(Q) = Cardinality(Server) \div 2}

Epoch == 0..MaxEpoch
Zxid == Epoch \X (0..MaxTxn)       \* <<0, 0>> stands for "no transaction"
Txn == [zxid : (1..MaxEpoch) \X (1..MaxTxn), value : Value]

\* The messages.  (A predicate rather than a set: the NEWLEADER records form an
\* infinite set, and the checker does not test membership in a union of
\* infinite sets.)
IsMessage(m) ==
    \/ m \in [type : {"NEWLEADER"}, epoch : Epoch, history : Seq(Txn)]
    \/ m \in [type : {"ACKLD"}, epoch : Epoch]
    \/ m \in [type : {"PROPOSE"}, epoch : Epoch, txn : Txn]
    \/ m \in [type : {"ACK", "COMMIT"}, epoch : Epoch, zxid : Zxid]

VARIABLES
    \* persistent state, kept across crashes
    acceptedEpoch,  \* the last epoch this server agreed to join (NEWEPOCH)
    currentEpoch,   \* the last epoch whose history this server adopted (NEWLEADER)
    history,        \* the transactions this server accepted, in zxid order
    delivered,      \* the transactions it delivered to its replica, in order
    \* volatile state, reset by discovery
    role,           \* "looking", "following" or "leading"
    learners,       \* a leader's quorum: the servers it synchronizes
    synced,         \* the servers that acknowledged the leader's NEWLEADER
    acks,           \* pairs <<server, zxid>>: who acknowledged which proposal
    \* the network and a history variable
    chan,           \* chan[i][j]: FIFO channel of messages from i to j
    proposed        \* every transaction ever proposed (for Integrity)

vars == <<acceptedEpoch, currentEpoch, history, delivered, role, learners,
          synced, acks, chan, proposed>>

TypeOK ==
    /\ acceptedEpoch \in [Server -> Epoch]
    /\ currentEpoch \in [Server -> Epoch]
    /\ history \in [Server -> Seq(Txn)]
    /\ delivered \in [Server -> Seq(Txn)]
    /\ role \in [Server -> {"looking", "following", "leading"}]
    /\ learners \in [Server -> SUBSET Server]
    /\ synced \in [Server -> SUBSET Server]
    /\ acks \in [Server -> SUBSET (Server \X Zxid)]
    /\ DOMAIN chan = Server
    /\ \A i \in Server : DOMAIN chan[i] = Server
    /\ \A i, j \in Server : \A k \in 1..Len(chan[i][j]) : IsMessage(chan[i][j][k])
    /\ proposed \subseteq Txn

-----------------------------------------------------------------------------
(* Helpers on histories and zxids.                                         *)

LastZxid(h) == IF h = <<>> THEN <<0, 0>> ELSE h[Len(h)].zxid

\* Lexicographic order on zxids.
ZxidLT(a, b) == a[1] < b[1] \/ (a[1] = b[1] /\ a[2] < b[2])

\* Server s is at least as up to date as server t: compare currentEpoch, then
\* the zxid of the last accepted transaction (the rule of Zab's discovery).
UpToDate(s, t) ==
    \/ currentEpoch[s] > currentEpoch[t]
    \/ /\ currentEpoch[s] = currentEpoch[t]
       /\ ~ ZxidLT(LastZxid(history[s]), LastZxid(history[t]))

\* The position of the transaction with zxid z in h, or 0.
IndexOf(h, z) == IF \E i \in 1..Len(h) : h[i].zxid = z
                 THEN CHOOSE i \in 1..Len(h) : h[i].zxid = z
                 ELSE 0

Range(s) == {s[i] : i \in 1..Len(s)}

\* Transactions of epoch e in history h (a leader's next counter is this + 1).
TxnsOfEpoch(h, e) == Cardinality({i \in 1..Len(h) : h[i].zxid[1] = e})

\* A leader is established once a quorum (itself included) has acknowledged
\* its NEWLEADER: from then on it may broadcast.
Established(l) ==
    /\ role[l] = "leading"
    /\ \E Q \in Quorum : Q \subseteq synced[l]

\* Deliver the transactions of s's history up to position k not yet delivered.
Deliver(s, k) ==
    delivered' = [delivered EXCEPT ![s] = @ \o SubSeq(history[s], Len(@) + 1, k)]

-----------------------------------------------------------------------------
(* Channels.  Send(i, J, m) appends m to the channel from i to each j in J.*)

Send(i, J, m) ==
    chan' = [a \in Server |-> [b \in Server |->
                IF a = i /\ b \in J THEN Append(chan[a][b], m) ELSE chan[a][b]]]

\* Receive the head of the channel from i to j and put reply r on j's channel to i.
ReceiveAndReply(i, j, r) ==
    chan' = [chan EXCEPT ![i][j] = Tail(@), ![j][i] = Append(@, r)]

Receive(i, j) == chan' = [chan EXCEPT ![i][j] = Tail(@)]

Msg(i, j) == chan[i][j][1]    \* the head message; only used when chan[i][j] # <<>>

-----------------------------------------------------------------------------
Init ==
    /\ acceptedEpoch = [s \in Server |-> 0]
    /\ currentEpoch = [s \in Server |-> 0]
    /\ history = [s \in Server |-> <<>>]
    /\ delivered = [s \in Server |-> <<>>]
    /\ role = [s \in Server |-> "looking"]
    /\ learners = [s \in Server |-> {}]
    /\ synced = [s \in Server |-> {}]
    /\ acks = [s \in Server |-> {}]
    /\ chan = [i \in Server |-> [j \in Server |-> <<>>]]
    /\ proposed = {}

(***************************************************************************)
(* Phases 0 and 1, election and discovery, as one atomic step.  Server l   *)
(* and a quorum Q around it (whose members may have timed out on any       *)
(* previous leader) agree on a new epoch e, greater than every epoch a     *)
(* member of Q has accepted: that is what makes the leader of an epoch     *)
(* unique, as two quorums intersect.  The members accept e and follow l.   *)
(* The leader adopts the history of the most up-to-date member of Q        *)
(* (highest currentEpoch, then highest last zxid), which holds every       *)
(* committed transaction, and starts synchronization by sending NEWLEADER  *)
(* with that history to each follower.                                     *)
(***************************************************************************)
Discovery(l, Q) ==
    LET e == 1 + CHOOSE m \in {acceptedEpoch[s] : s \in Q} :
                    \A s \in Q : acceptedEpoch[s] <= m
        best == CHOOSE b \in Q : \A s \in Q : UpToDate(b, s)
        h == IF BugKeepHistory THEN history[l] ELSE history[best]
    IN
    /\ l \in Q
    /\ e <= MaxEpoch
    /\ acceptedEpoch' = [s \in Server |-> IF s \in Q THEN e ELSE acceptedEpoch[s]]
    /\ currentEpoch' = [currentEpoch EXCEPT ![l] = e]
    /\ history' = [history EXCEPT ![l] = h]
    /\ role' = [s \in Server |-> IF s = l THEN "leading"
                                 ELSE IF s \in Q THEN "following"
                                 ELSE role[s]]
    /\ learners' = [learners EXCEPT ![l] = Q]
    /\ synced' = [synced EXCEPT ![l] = {l}]
    /\ acks' = [acks EXCEPT ![l] = {}]
    /\ Send(l, Q \ {l}, [type |-> "NEWLEADER", epoch |-> e, history |-> h])
    /\ UNCHANGED <<delivered, proposed>>

(***************************************************************************)
(* Phase 2, follower side.  On NEWLEADER for the epoch it accepted, a      *)
(* follower adopts the leader's history and epoch and acknowledges.  Its   *)
(* delivered transactions are a prefix of that history: they were          *)
(* committed, and the leader's history holds every committed transaction.  *)
(***************************************************************************)
FollowerSync(l, f) ==
    /\ chan[l][f] # <<>>
    /\ Msg(l, f).type = "NEWLEADER"
    /\ role[f] = "following"
    /\ Msg(l, f).epoch = acceptedEpoch[f]
    /\ currentEpoch' = [currentEpoch EXCEPT ![f] = Msg(l, f).epoch]
    /\ history' = [history EXCEPT ![f] = Msg(l, f).history]
    /\ ReceiveAndReply(l, f, [type |-> "ACKLD", epoch |-> Msg(l, f).epoch])
    /\ UNCHANGED <<acceptedEpoch, delivered, role, learners, synced, acks, proposed>>

(***************************************************************************)
(* Phase 2, leader side.  The leader counts NEWLEADER acknowledgements.    *)
(* When they first form a quorum the leader is established: it commits     *)
(* (delivers) its whole initial history.  Followers deliver it when they   *)
(* get the first COMMIT of the new epoch, which covers every earlier       *)
(* transaction of their history.                                           *)
(***************************************************************************)
LeaderSync(l, f) ==
    LET m == Msg(f, l)
        wasEstablished == \E Q \in Quorum : Q \subseteq synced[l]
        isEstablished == \E Q \in Quorum : Q \subseteq synced[l] \cup {f}
    IN
    /\ chan[f][l] # <<>>
    /\ m.type = "ACKLD"
    /\ role[l] = "leading"
    /\ m.epoch = acceptedEpoch[l]
    /\ synced' = [synced EXCEPT ![l] = @ \cup {f}]
    /\ IF isEstablished /\ ~ wasEstablished
         THEN Deliver(l, Len(history[l]))
         ELSE UNCHANGED delivered
    /\ Receive(f, l)
    /\ UNCHANGED <<acceptedEpoch, currentEpoch, history, role, learners, acks,
                   proposed>>

(***************************************************************************)
(* Phase 3.  An established leader broadcasts a client value: it gives it  *)
(* the next zxid of its epoch, appends it to its own history (the leader   *)
(* acknowledges its own proposals) and sends PROPOSE to its followers.     *)
(***************************************************************************)
Propose(l, v) ==
    LET e == acceptedEpoch[l]
        t == [zxid |-> <<e, TxnsOfEpoch(history[l], e) + 1>>, value |-> v]
    IN
    /\ Established(l)
    /\ TxnsOfEpoch(history[l], e) < MaxTxn
    /\ history' = [history EXCEPT ![l] = Append(@, t)]
    /\ acks' = [acks EXCEPT ![l] = @ \cup {<<l, t.zxid>>}]
    /\ proposed' = proposed \cup {t}
    /\ Send(l, learners[l] \ {l}, [type |-> "PROPOSE", epoch |-> e, txn |-> t])
    /\ UNCHANGED <<acceptedEpoch, currentEpoch, delivered, role, learners, synced>>

(***************************************************************************)
(* A follower accepts a proposal of the epoch it is in: it appends the     *)
(* transaction to its history (FIFO order makes this zxid order) and       *)
(* acknowledges it.  The epoch check is what keeps a deposed leader from   *)
(* committing anything: BugSkipEpochCheck drops it.                        *)
(***************************************************************************)
FollowerAccept(l, f) ==
    LET m == Msg(l, f) IN
    /\ chan[l][f] # <<>>
    /\ m.type = "PROPOSE"
    /\ role[f] = "following"
    /\ BugSkipEpochCheck \/ m.epoch = acceptedEpoch[f]
    /\ history' = [history EXCEPT ![f] = Append(@, m.txn)]
    /\ ReceiveAndReply(l, f, [type |-> "ACK", epoch |-> m.epoch, zxid |-> m.txn.zxid])
    /\ UNCHANGED <<acceptedEpoch, currentEpoch, delivered, role, learners, synced,
                   acks, proposed>>

(***************************************************************************)
(* The leader records an acknowledgement.  It commits, in zxid order, each *)
(* proposal that a quorum has acknowledged: it delivers it and sends       *)
(* COMMIT to its followers.  Proposals are acknowledged in order on each   *)
(* channel, so committing the prefix up to the acknowledged zxid is safe.  *)
(***************************************************************************)
LeaderCommit(l, f) ==
    LET m == Msg(f, l)
        nowAcks == acks[l] \cup {<<f, m.zxid>>}
        k == IndexOf(history[l], m.zxid)
        quorumAcked == \E Q \in Quorum : \A s \in Q : <<s, m.zxid>> \in nowAcks
    IN
    /\ chan[f][l] # <<>>
    /\ m.type = "ACK"
    /\ role[l] = "leading"
    /\ m.epoch = acceptedEpoch[l]
    /\ acks' = [acks EXCEPT ![l] = nowAcks]
    /\ IF quorumAcked /\ k > Len(delivered[l])
         THEN /\ Deliver(l, k)
              /\ chan' = [a \in Server |-> [b \in Server |->
                   IF a = f /\ b = l THEN Tail(chan[a][b])
                   ELSE IF a = l /\ b \in learners[l] \ {l}
                        THEN Append(chan[a][b], [type |-> "COMMIT", epoch |-> m.epoch,
                                                 zxid |-> m.zxid])
                   ELSE chan[a][b]]]
         ELSE /\ Receive(f, l)
              /\ UNCHANGED delivered
    /\ UNCHANGED <<acceptedEpoch, currentEpoch, history, role, learners, synced,
                   proposed>>

(***************************************************************************)
(* A follower delivers, on COMMIT of its epoch, every transaction of its   *)
(* history up to the committed zxid.                                       *)
(***************************************************************************)
FollowerDeliver(l, f) ==
    LET m == Msg(l, f) IN
    /\ chan[l][f] # <<>>
    /\ m.type = "COMMIT"
    /\ role[f] = "following"
    /\ m.epoch = acceptedEpoch[f]
    /\ Deliver(f, IndexOf(history[f], m.zxid))
    /\ Receive(l, f)
    /\ UNCHANGED <<acceptedEpoch, currentEpoch, history, role, learners, synced,
                   acks, proposed>>

(***************************************************************************)
(* A message of an epoch the receiver has left, or addressed to a role the *)
(* receiver no longer has (an ACK reaching a deposed leader), is discarded:*)
(* the TCP connection it came on is gone.  With BugSkipEpochCheck a stale  *)
(* PROPOSE may be accepted instead.                                        *)
(***************************************************************************)
ForLeader == {"ACKLD", "ACK"}

DiscardStale(i, j) ==
    /\ chan[i][j] # <<>>
    /\ \/ Msg(i, j).epoch # acceptedEpoch[j]
       \/ role[j] # IF Msg(i, j).type \in ForLeader THEN "leading" ELSE "following"
    /\ Receive(i, j)
    /\ UNCHANGED <<acceptedEpoch, currentEpoch, history, delivered, role, learners,
                   synced, acks, proposed>>

\* Each receiving action handles the message at the head of the channel
\* from i to j, so messages on a channel are handled in the order sent.
Next ==
    \/ \E Q \in Quorum : \E l \in Q : Discovery(l, Q)
    \/ \E l \in Server, v \in Value : Propose(l, v)
    \/ \E i, j \in Server :
          \/ FollowerSync(i, j)
          \/ LeaderSync(j, i)
          \/ FollowerAccept(i, j)
          \/ LeaderCommit(j, i)
          \/ FollowerDeliver(i, j)
          \/ DiscardStale(i, j)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Safety properties.                                                      *)

\* At most one established leader per epoch.
Leadership ==
    \A l1, l2 \in Server :
        Established(l1) /\ Established(l2) /\ acceptedEpoch[l1] = acceptedEpoch[l2]
            => l1 = l2

IsPrefix(a, b) == Len(a) <= Len(b) /\ SubSeq(b, 1, Len(a)) = a

\* The delivered (committed) sequences of any two servers agree: one is a
\* prefix of the other.  A committed transaction is never lost or replaced.
PrefixConsistency ==
    \A i, j \in Server : IsPrefix(delivered[i], delivered[j])
                         \/ IsPrefix(delivered[j], delivered[i])

\* Only proposed transactions are delivered.
Integrity == \A s \in Server : Range(delivered[s]) \subseteq proposed

\* The position of t in the delivered sequence of s (t delivered by s).
Pos(s, t) == CHOOSE i \in 1..Len(delivered[s]) : delivered[s][i] = t

\* If a server delivers a before b, any server that delivers b delivers a,
\* and before b.
TotalOrder ==
    \A i, j \in Server : \A x, y \in 1..Len(delivered[i]) :
        (x < y /\ delivered[i][y] \in Range(delivered[j])) =>
            /\ delivered[i][x] \in Range(delivered[j])
            /\ Pos(j, delivered[i][x]) < Pos(j, delivered[i][y])

\* Local primary order: if the leader of an epoch proposed a before b, a
\* server delivering b delivers a before it.
LocalPrimaryOrder ==
    \A s \in Server : \A y \in 1..Len(delivered[s]) : \A a \in proposed :
        LET b == delivered[s][y] IN
        (a.zxid[1] = b.zxid[1] /\ a.zxid[2] < b.zxid[2]) =>
            \E x \in 1..(y - 1) : delivered[s][x] = a

\* Global primary order: transactions of an earlier epoch are delivered
\* before those of a later one.
GlobalPrimaryOrder ==
    \A s \in Server : \A x, y \in 1..Len(delivered[s]) :
        x < y => delivered[s][x].zxid[1] <= delivered[s][y].zxid[1]

PrimaryOrder == LocalPrimaryOrder /\ GlobalPrimaryOrder

\* Primary integrity (the Zab paper's name): an established leader has
\* delivered every transaction of an earlier epoch that any server delivered.
\* This is what "the new leader holds every committed transaction" means.
PrimaryIntegrity ==
    \A l \in Server : Established(l) =>
        \A s \in Server : \A t \in Range(delivered[s]) :
            t.zxid[1] < acceptedEpoch[l] => t \in Range(delivered[l])

-----------------------------------------------------------------------------
(***************************************************************************)
(* Liveness.  Zab promises progress only while a leader stays in office:   *)
(* any server may start a new epoch at any moment, and a proposal of a     *)
(* deposed leader may be lost (the next leader adopts a history that need  *)
(* not hold it).  What it does promise is that a proposal is committed     *)
(* (delivered by a quorum) unless a later epoch begins, provided the       *)
(* servers of the epoch keep taking steps: a server that takes no more     *)
(* steps is a crashed one, and a quorum must be up.                        *)
(*                                                                         *)
(* FairSpec assumes that every channel is served: weak fairness of the     *)
(* step that handles (or discards) the message at the head of the channel  *)
(* from i to j, for every pair.  That is TCP delivering its messages and   *)
(* the receiver being up.  Nothing is assumed of Discovery (timeouts) or   *)
(* Propose (clients): the property speaks of proposals made, and a new     *)
(* epoch is an allowed way out.  LeaderOnlyFairSpec serves fairly only the *)
(* messages addressed to a leader (ACKLD and ACK): a follower may stop     *)
(* handling its channel, as if it crashed, and the leader's proposal then  *)
(* waits forever for its acknowledgement.                                  *)
(***************************************************************************)

\* Server j handles the message at the head of the channel from i.
Handle(i, j) ==
    \/ FollowerSync(i, j)
    \/ LeaderSync(j, i)
    \/ FollowerAccept(i, j)
    \/ LeaderCommit(j, i)
    \/ FollowerDeliver(i, j)
    \/ DiscardStale(i, j)

FairSpec == Spec /\ \A i, j \in Server : WF_vars(Handle(i, j))

LeaderOnlyFairSpec ==
    Spec /\ \A i, j \in Server : WF_vars(LeaderSync(j, i) \/ LeaderCommit(j, i))

\* t is committed: a quorum of servers delivered it.
Committed(t) == \E Q \in Quorum : \A s \in Q : t \in Range(delivered[s])

\* An epoch later than e has begun: some server accepted it.
Superseded(e) == \E s \in Server : acceptedEpoch[s] > e

\* Every proposal is eventually committed, unless a later epoch begins.
ProposalCommitted ==
    \A t \in Txn : (t \in proposed) ~> (Committed(t) \/ Superseded(t.zxid[1]))
=============================================================================
