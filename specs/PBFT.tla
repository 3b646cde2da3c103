------------------------------- MODULE PBFT -------------------------------
(***************************************************************************)
(* Practical Byzantine Fault Tolerance (Castro and Liskov, OSDI 1999): the *)
(* agreement part of the protocol, normal case and view change.            *)
(*                                                                         *)
(* Replicas 0..N-1 move through views; the primary of view v is v mod N.   *)
(* For a sequence number n the primary proposes a request digest d with    *)
(* PRE-PREPARE(v, n, d); backups that accept it broadcast PREPARE.  A      *)
(* replica has "prepared" (v, n, d) once it accepted the pre-prepare and   *)
(* QuorumSize - 1 backups (2f when QuorumSize = 2f + 1) sent matching      *)
(* prepares; it then broadcasts COMMIT, and "commits locally" once         *)
(* QuorumSize (2f + 1) replicas, itself included, sent matching commits.   *)
(* When a view seems stuck, replicas send VIEW-CHANGE for the next view    *)
(* with their prepared certificates; the new primary, holding QuorumSize   *)
(* VIEW-CHANGE messages, sends NEW-VIEW re-proposing for each sequence     *)
(* number the digest prepared in the highest view (a null request for a    *)
(* gap).  Executing requests in order, checkpoints, clients and garbage    *)
(* collection are left out: they do not bear on agreement.                 *)
(*                                                                         *)
(* Fault model.  Byz is a constant set of Byzantine replicas.  Signatures  *)
(* are abstracted: a Byzantine replica may send, one message per step, any *)
(* well-typed message under its own identity (a Byzantine primary may      *)
(* equivocate), but cannot forge another replica's message; so a prepared  *)
(* certificate it reports must really be backed by messages in the         *)
(* network.  Honest replicas may crash (take no more steps) and time out   *)
(* at any moment.  The network is the set of messages ever sent: messages  *)
(* can be lost, duplicated, delayed and reordered, and a replica acting on *)
(* a message is modelled as the message being in that set.                 *)
(*                                                                         *)
(* Abstractions.  Accepting messages is not recorded per replica: what an  *)
(* honest replica has done is read off the messages it sent.  A NEW-VIEW   *)
(* whose re-proposals do not follow from its VIEW-CHANGE messages is       *)
(* rejected by every honest replica, so only well-formed ones are sent     *)
(* (also by a Byzantine primary, which may still send several, built on    *)
(* different sets of VIEW-CHANGE messages).  Byzantine PRE-PREPARE and     *)
(* NEW-VIEW messages are only sent for views they are primary of: honest   *)
(* replicas ignore them otherwise.                                         *)
(*                                                                         *)
(* Injected bugs (constants, so one text is checked correct and broken):   *)
(*   QuorumSize < 2f + 1 or too many replicas in Byz (n = 3f, 2f quorums,  *)
(*   f + 1 Byzantine replicas), and BugIgnoreCertificates: the new-view    *)
(*   rule ignores prepared certificates, so a new primary may re-propose   *)
(*   anything for a sequence number committed in an earlier view.          *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    N,                      \* number of replicas, named 0..N-1
    Byz,                    \* the Byzantine replicas, a subset of 0..N-1
    QuorumSize,             \* 2f + 1 when N = 3f + 1
    Digest,                 \* request digests the primaries may propose
    Null,                   \* the null request a new view puts in a gap
    MaxView,                \* views range over 0..MaxView
    MaxSeq,                 \* sequence numbers range over 1..MaxSeq
    BugIgnoreCertificates   \* BOOLEAN, see the header

Replica == 0..(N - 1)
Honest == Replica \ Byz
View == 0..MaxView
SeqNum == 1..MaxSeq
Request == Digest \cup {Null}

Primary(v) == v % N

\* A prepared certificate, abstracted to what it certifies.  (In PBFT it is
\* the pre-prepare and 2f prepares themselves; validity below checks that
\* those messages exist.)
Cert == [view : View, seq : SeqNum, digest : Request]

VARIABLES
    view,   \* view[i]: the view honest replica i is in
    msgs    \* every message sent so far

vars == <<view, msgs>>

-----------------------------------------------------------------------------
(* Messages.                                                               *)

PrePrepareMsg(v, n, d) ==
    [type |-> "PRE-PREPARE", view |-> v, seq |-> n, digest |-> d, src |-> Primary(v)]
PrepareMsg(v, n, d, i) ==
    [type |-> "PREPARE", view |-> v, seq |-> n, digest |-> d, src |-> i]
CommitMsg(v, n, d, i) ==
    [type |-> "COMMIT", view |-> v, seq |-> n, digest |-> d, src |-> i]
ViewChangeMsg(v, i, P) ==
    [type |-> "VIEW-CHANGE", view |-> v, src |-> i, prepared |-> P]
\* V: the VIEW-CHANGE messages the new primary collected; o: its
\* re-proposals, a function from the sequence numbers 1..max-s to requests.
NewViewMsg(v, V, o) ==
    [type |-> "NEW-VIEW", view |-> v, src |-> Primary(v), vcs |-> V, o |-> o]

IsViewChange(m) ==
    m \in [type : {"VIEW-CHANGE"}, view : View, src : Replica, prepared : SUBSET Cert]

\* Well-typed messages.  (A predicate, not a set: the set of NEW-VIEW
\* messages is far too large to enumerate.)
IsMessage(m) ==
    \/ m \in [type : {"PRE-PREPARE", "PREPARE", "COMMIT"}, view : View,
              seq : SeqNum, digest : Request, src : Replica]
    \/ IsViewChange(m)
    \/ /\ m \in [type : {"NEW-VIEW"}, view : View, src : Replica,
                 vcs : SUBSET {x \in msgs : x.type = "VIEW-CHANGE"},
                 o : UNION {[1..k -> Request] : k \in 0..MaxSeq}]
       /\ \A x \in m.vcs : IsViewChange(x)

TypeOK ==
    /\ view \in [Honest -> View]
    /\ \A m \in msgs : IsMessage(m)

-----------------------------------------------------------------------------
(* What the messages in the network establish.                             *)

\* Set maximum, 0 for the empty set.
Max(S) == IF S = {} THEN 0 ELSE CHOOSE x \in S : \A y \in S : y <= x

\* The re-proposals a NEW-VIEW built on the VIEW-CHANGE messages V must carry:
\* for each sequence number up to the highest one with a certificate in V,
\* the digest of the certificate of highest view, or Null if there is none.
NewViewProposals(V) ==
    LET certs == IF BugIgnoreCertificates THEN {}
                 ELSE UNION {m.prepared : m \in V}
        Best(n) == CHOOSE c \in certs :
                      /\ c.seq = n
                      /\ \A c2 \in certs : c2.seq = n => c2.view <= c.view
    IN  [n \in 1..Max({c.seq : c \in certs}) |->
            IF \E c \in certs : c.seq = n THEN Best(n).digest ELSE Null]

NewViews(v) == {m \in msgs : m.type = "NEW-VIEW" /\ m.view = v}

\* An honest replica in view v may accept the pre-prepare (v, n, d): in view 0
\* the primary sent it; in a later view it is a re-proposal of a NEW-VIEW, or
\* the primary sent it for a sequence number that NEW-VIEW left free.
PrePrepared(v, n, d) ==
    IF v = 0 THEN PrePrepareMsg(0, n, d) \in msgs
    ELSE \E nv \in NewViews(v) :
            IF n \in DOMAIN nv.o THEN nv.o[n] = d
                                 ELSE PrePrepareMsg(v, n, d) \in msgs

\* The backups (not the primary) that sent PREPARE(v, n, d); the replicas
\* that sent COMMIT(v, n, d).
Preparers(v, n, d) ==
    {i \in Replica \ {Primary(v)} : PrepareMsg(v, n, d, i) \in msgs}
Committers(v, n, d) == {i \in Replica : CommitMsg(v, n, d, i) \in msgs}

\* Honest replica i accepted the pre-prepare (v, n, d): as primary it
\* proposed it, as a backup it sent the matching PREPARE.
Accepted(i, v, n, d) ==
    IF i = Primary(v) THEN PrePrepared(v, n, d) ELSE PrepareMsg(v, n, d, i) \in msgs

\* A certificate exists for (v, n, d): a pre-prepare and QuorumSize - 1
\* matching prepares from backups.
CertExists(v, n, d) ==
    PrePrepared(v, n, d) /\ Cardinality(Preparers(v, n, d)) >= QuorumSize - 1

Prepared(i, v, n, d) == Accepted(i, v, n, d) /\ CertExists(v, n, d)

\* Honest replica i commits (v, n, d) locally: it sent COMMIT (so it had
\* prepared) and QuorumSize replicas sent matching commits.
CommittedLocal(i, v, n, d) ==
    CommitMsg(v, n, d, i) \in msgs /\ Cardinality(Committers(v, n, d)) >= QuorumSize

ValidCerts == {c \in Cert : CertExists(c.view, c.seq, c.digest)}

\* The sets of VIEW-CHANGE messages for view v a new primary may build a
\* NEW-VIEW on: QuorumSize of them, from distinct replicas.
ViewChangeQuorums(v) ==
    LET vcs == {m \in msgs : m.type = "VIEW-CHANGE" /\ m.view = v} IN
    {V \in SUBSET vcs : /\ Cardinality(V) = QuorumSize
                        /\ Cardinality({m.src : m \in V}) = QuorumSize}

-----------------------------------------------------------------------------
Init ==
    /\ view = [i \in Honest |-> 0]
    /\ msgs = {}

Send(m) == msgs' = msgs \cup {m}

(***************************************************************************)
(* Normal case, primary: propose digest d for sequence number n, once per  *)
(* (view, n).  In a later view only for a number its NEW-VIEW left free.   *)
(***************************************************************************)
SendPrePrepare(p, n, d) ==
    LET v == view[p] IN
    /\ p = Primary(v)
    /\ \A e \in Request : PrePrepareMsg(v, n, e) \notin msgs
    /\ v > 0 => \E nv \in NewViews(v) : n \notin DOMAIN nv.o
    /\ Send(PrePrepareMsg(v, n, d))
    /\ UNCHANGED view

(***************************************************************************)
(* Normal case, backup: accept a pre-prepare of the current view unless    *)
(* another digest was already accepted for that (view, n), and say so to   *)
(* everyone with PREPARE.                                                  *)
(***************************************************************************)
SendPrepare(i, n, d) ==
    LET v == view[i] IN
    /\ i # Primary(v)
    /\ PrePrepared(v, n, d)
    /\ \A e \in Request : PrepareMsg(v, n, e, i) \notin msgs
    /\ Send(PrepareMsg(v, n, d, i))
    /\ UNCHANGED view

(***************************************************************************)
(* Once prepared in its current view, a replica sends COMMIT.              *)
(***************************************************************************)
SendCommit(i, n, d) ==
    LET v == view[i] IN
    /\ CommitMsg(v, n, d, i) \notin msgs
    /\ Prepared(i, v, n, d)
    /\ Send(CommitMsg(v, n, d, i))
    /\ UNCHANGED view

(***************************************************************************)
(* View change: a replica times out (at any moment), moves to the next     *)
(* view, stops taking part in the old one and sends VIEW-CHANGE with every *)
(* certificate it prepared (PBFT sends the highest-view one per sequence   *)
(* number; the new-view rule picks exactly that one anyway).               *)
(***************************************************************************)
StartViewChange(i) ==
    /\ view[i] < MaxView
    /\ view' = [view EXCEPT ![i] = @ + 1]
    /\ Send(ViewChangeMsg(view[i] + 1, i,
                          {c \in Cert : Prepared(i, c.view, c.seq, c.digest)}))

(***************************************************************************)
(* The primary of the new view, holding QuorumSize VIEW-CHANGE messages    *)
(* for it, sends NEW-VIEW with the re-proposals they determine.            *)
(***************************************************************************)
SendNewView(p, V) ==
    LET v == view[p] IN
    /\ v > 0
    /\ p = Primary(v)
    /\ NewViews(v) = {}
    /\ Send(NewViewMsg(v, V, NewViewProposals(V)))
    /\ UNCHANGED view

(***************************************************************************)
(* A Byzantine replica b sends one message of its choice under its own     *)
(* name: pre-prepares and NEW-VIEWs for views it is primary of (any number *)
(* of them: equivocation), prepares (as a backup) and commits for any      *)
(* request, and VIEW-CHANGE messages reporting any subset of the           *)
(* certificates that exist (it may hide certificates, not invent them).    *)
(* Messages no honest replica would act on are not sent: a primary's own   *)
(* PREPARE, and null requests in view 0 (they only arise from a NEW-VIEW). *)
(***************************************************************************)
Requests(v) == IF v = 0 THEN Digest ELSE Request

ByzantineMessages(b) ==
       {PrePrepareMsg(v, n, d) : v \in {u \in View : Primary(u) = b},
                                 n \in SeqNum, d \in Digest}
  \cup UNION {{PrepareMsg(v, n, d, b) : n \in SeqNum, d \in Requests(v)} :
              v \in {u \in View : Primary(u) # b}}
  \cup UNION {{CommitMsg(v, n, d, b) : n \in SeqNum, d \in Requests(v)} : v \in View}
  \cup {ViewChangeMsg(v, b, P) : v \in View \ {0}, P \in SUBSET ValidCerts}
  \cup UNION {{NewViewMsg(v, V, NewViewProposals(V)) : V \in ViewChangeQuorums(v)} :
              v \in {u \in View \ {0} : Primary(u) = b}}

ByzantineSend(b, m) ==
    /\ m \notin msgs
    /\ Send(m)
    /\ UNCHANGED view

Next ==
    \/ \E i \in Honest :
          \/ \E n \in SeqNum, d \in Digest : SendPrePrepare(i, n, d)
          \/ \E n \in SeqNum, d \in Request : SendPrepare(i, n, d) \/ SendCommit(i, n, d)
          \/ StartViewChange(i)
          \/ /\ i = Primary(view[i])     \* (a guard of SendNewView, tested early)
             /\ \E V \in ViewChangeQuorums(view[i]) : SendNewView(i, V)
    \/ \E b \in Byz : \E m \in ByzantineMessages(b) : ByzantineSend(b, m)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Safety.                                                                 *)

\* The digests honest replicas commit locally for sequence number n, in any view.
CommittedDigests(n) ==
    {d \in Request : \E i \in Honest, v \in View : CommittedLocal(i, v, n, d)}

\* Agreement: no two honest replicas commit different requests for the same
\* sequence number, in the same view or in different views.
Agreement == \A n \in SeqNum : Cardinality(CommittedDigests(n)) <= 1

-----------------------------------------------------------------------------
(***************************************************************************)
(* Liveness.  PBFT cannot guarantee progress in an asynchronous network    *)
(* (FLP); it does once the network is timely and the primary is honest:    *)
(* then every honest replica commits a request for every sequence number.  *)
(* FairSpec assumes that each honest replica keeps taking the normal-case  *)
(* steps it can take (weak fairness of its pre-prepares, prepares and      *)
(* commits, each kind on its own), and that an honest new primary holding *)
(* a quorum of VIEW-CHANGE messages sends NEW-VIEW.  Byzantine replicas    *)
(* get no fairness: they may stay silent forever.  Timeouts get none       *)
(* either, as replicas time out at any moment here: progress across a      *)
(* view change would need the honest replicas' timeouts to be fair and to  *)
(* agree (PBFT's growing timeouts), which this spec does not model.  The   *)
(* liveness models therefore run in one view, and Progress holds there     *)
(* only if the primary of view 0 is honest and a quorum of QuorumSize      *)
(* replicas is honest (QuorumSize <= N - f): a Byzantine primary that      *)
(* never proposes, or a quorum that needs a silent Byzantine replica,      *)
(* stops every commit, and without a view change nothing is committed.     *)
(***************************************************************************)
FairSpec ==
    /\ Spec
    /\ \A i \in Honest :
          /\ WF_vars(\E n \in SeqNum, d \in Digest : SendPrePrepare(i, n, d))
          /\ WF_vars(\E n \in SeqNum, d \in Request : SendPrepare(i, n, d))
          /\ WF_vars(\E n \in SeqNum, d \in Request : SendCommit(i, n, d))
          /\ WF_vars(\E V \in ViewChangeQuorums(view[i]) : SendNewView(i, V))

\* Every honest replica commits some request for every sequence number.
AllCommitted ==
    \A i \in Honest, n \in SeqNum :
        \E v \in View, d \in Request : CommittedLocal(i, v, n, d)

Progress == <>AllCommitted
=============================================================================
