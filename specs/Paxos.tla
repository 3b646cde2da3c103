---------------------------- MODULE Paxos ----------------------------
(***************************************************************************)
(* Single-decree Paxos (Lamport, "The Part-Time Parliament", "Paxos Made   *)
(* Simple"): a set of acceptors agree on at most one value.               *)
(*                                                                         *)
(* Roles.  Acceptors are explicit; leaders (proposers) are not: any ballot *)
(* b may be started by some leader at any time, and a leader's state is    *)
(* read off the messages it has received.  Each ballot has at most one     *)
(* leader, which is what makes "at most one 2a message per ballot" sound.  *)
(*                                                                         *)
(* Fault model (crash-stop, asynchronous, non-Byzantine).                  *)
(*  - The network is the set msgs of all messages ever sent.  It only      *)
(*    grows; receiving a message is an action enabled by its presence, so  *)
(*    messages may be lost (never received), duplicated (received again)   *)
(*    and reordered for free.                                              *)
(*  - A crashed acceptor or leader is one that takes no more steps; safety *)
(*    needs no crash action.  There are no Byzantine processes.            *)
(*  - Ballots are bounded by MaxBallot so that the state space is finite.  *)
(*                                                                         *)
(* Acceptor a keeps maxBal[a], the highest ballot it has promised to (it   *)
(* takes part in no lower ballot), and its last vote: value maxVal[a] in   *)
(* ballot maxVBal[a] (-1 and None before it has voted).                    *)
(*                                                                         *)
(* Safety property: Agreement, at most one value is chosen, where v is     *)
(* chosen when some quorum all voted for v in the same ballot.  It holds   *)
(* when every two quorums intersect (MajorityQuorums).                     *)
(*                                                                         *)
(* Bugs are injected through constants, each checked in its own model:     *)
(*  - Quorum <- SingletonQuorums or HalfQuorums: quorums that need not     *)
(*    intersect;                                                           *)
(*  - BuggyVoteBelowPromise: an acceptor votes in a ballot lower than the  *)
(*    one it promised to (Phase2b skips its check);                        *)
(*  - BuggyIgnore1bValues: a leader proposes any value, ignoring the votes *)
(*    reported in the 1b messages (Phase2a skips its check).               *)
(* Both flags are FALSE in the correct models.                             *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS
    Value,       \* the values that may be proposed
    Acceptor,    \* the acceptors
    Quorum,      \* the quorums: sets of acceptors
    MaxBallot,   \* ballots are 0..MaxBallot
    None,        \* "no value", a model value outside Value
    BuggyVoteBelowPromise,  \* BUG when TRUE: Phase2b ignores the promise
    BuggyIgnore1bValues     \* BUG when TRUE: Phase2a ignores reported votes

Ballot == 0..MaxBallot

\* Correct quorums: any two majorities share an acceptor.
MajorityQuorums == {Q \in SUBSET Acceptor : 2 * Cardinality(Q) > Cardinality(Acceptor)}

\* Broken quorums, for the buggy models: two singletons are disjoint, and so
\* are two halves of an even number of acceptors (2 of 4).
SingletonQuorums == {{a} : a \in Acceptor}
HalfQuorums == {Q \in SUBSET Acceptor : 2 * Cardinality(Q) >= Cardinality(Acceptor)}

(***************************************************************************)
(* The messages.                                                           *)
(*  1a(bal)                  leader of ballot bal: "prepare"               *)
(*  1b(acc, bal, mbal, mval) acceptor acc: "promise": I take part in no    *)
(*                           ballot below bal; my last vote was for mval  *)
(*                           in ballot mbal (-1 and None: never voted)     *)
(*  2a(bal, val)             leader of ballot bal: "accept val"            *)
(*  2b(acc, bal, val)        acceptor acc: "I vote for val in ballot bal"  *)
(***************************************************************************)
Message ==      [type : {"1a"}, bal : Ballot]
           \cup [type : {"1b"}, acc : Acceptor, bal : Ballot,
                 mbal : Ballot \cup {-1}, mval : Value \cup {None}]
           \cup [type : {"2a"}, bal : Ballot, val : Value]
           \cup [type : {"2b"}, acc : Acceptor, bal : Ballot, val : Value]

VARIABLES
    maxBal,   \* maxBal[a]: the highest ballot a has promised to, or -1
    maxVBal,  \* maxVBal[a]: the ballot of a's last vote, or -1
    maxVal,   \* maxVal[a]: the value of a's last vote, or None
    msgs      \* every message sent so far

vars == <<maxBal, maxVBal, maxVal, msgs>>

TypeOK == /\ maxBal \in [Acceptor -> Ballot \cup {-1}]
          /\ maxVBal \in [Acceptor -> Ballot \cup {-1}]
          /\ maxVal \in [Acceptor -> Value \cup {None}]
          /\ msgs \subseteq Message

Init == /\ maxBal = [a \in Acceptor |-> -1]
        /\ maxVBal = [a \in Acceptor |-> -1]
        /\ maxVal = [a \in Acceptor |-> None]
        /\ msgs = {}

Send(m) == msgs' = msgs \cup {m}

(***************************************************************************)
(* Phase 1a.  The leader of ballot b starts it by asking every acceptor to *)
(* promise.  Sending again a message already sent changes nothing, so this *)
(* step is always enabled (no state of the model is a deadlock).           *)
(***************************************************************************)
Phase1a(b) == /\ Send([type |-> "1a", bal |-> b])
              /\ UNCHANGED <<maxBal, maxVBal, maxVal>>

(***************************************************************************)
(* Phase 1b.  Acceptor a receives 1a(b) for a ballot higher than any it    *)
(* has promised to, promises b, and replies with its last vote.            *)
(***************************************************************************)
Phase1b(a) == /\ \E m \in msgs :
                  /\ m.type = "1a"
                  /\ m.bal > maxBal[a]
                  /\ maxBal' = [maxBal EXCEPT ![a] = m.bal]
                  /\ Send([type |-> "1b", acc |-> a, bal |-> m.bal,
                           mbal |-> maxVBal[a], mval |-> maxVal[a]])
              /\ UNCHANGED <<maxVBal, maxVal>>

(***************************************************************************)
(* Phase 2a.  The leader of ballot b, which has proposed nothing in b yet, *)
(* has received 1b(b) from every member of some quorum Q.  Q1bv are the    *)
(* replies reporting a vote.  The leader must propose the value of the     *)
(* highest-ballot vote reported, or may propose any value v if no member   *)
(* of Q has voted: this is what keeps a value chosen in a lower ballot     *)
(* chosen.  With BuggyIgnore1bValues the leader proposes any value.        *)
(***************************************************************************)
Phase2a(b, v) ==
  /\ ~ \E m \in msgs : m.type = "2a" /\ m.bal = b
  /\ \E Q \in Quorum :
        LET Q1b == {m \in msgs : /\ m.type = "1b"
                                 /\ m.acc \in Q
                                 /\ m.bal = b}
            Q1bv == {m \in Q1b : m.mbal >= 0}
        IN  /\ \A a \in Q : \E m \in Q1b : m.acc = a
            /\ \/ Q1bv = {}
               \/ \E m \in Q1bv :
                    /\ m.mval = v
                    /\ \A mm \in Q1bv : m.mbal >= mm.mbal
               \/ BuggyIgnore1bValues
  /\ Send([type |-> "2a", bal |-> b, val |-> v])
  /\ UNCHANGED <<maxBal, maxVBal, maxVal>>

(***************************************************************************)
(* Phase 2b.  Acceptor a receives 2a(b, v) for a ballot at least as high   *)
(* as its promise, and votes for v in b: it records the vote (and the      *)
(* implied promise) and announces it.  With BuggyVoteBelowPromise the      *)
(* check is skipped: a votes in any ballot, even one below its promise     *)
(* (its maxBal then drops to b), breaking the promise it gave in a 1b      *)
(* message on which the leader of a higher ballot relied.                  *)
(***************************************************************************)
Phase2b(a) == \E m \in msgs :
                /\ m.type = "2a"
                /\ m.bal >= maxBal[a] \/ BuggyVoteBelowPromise
                /\ maxBal' = [maxBal EXCEPT ![a] = m.bal]
                /\ maxVBal' = [maxVBal EXCEPT ![a] = m.bal]
                /\ maxVal' = [maxVal EXCEPT ![a] = m.val]
                /\ Send([type |-> "2b", acc |-> a, bal |-> m.bal, val |-> m.val])

Next == \/ \E b \in Ballot : \/ Phase1a(b)
                             \/ \E v \in Value : Phase2a(b, v)
        \/ \E a \in Acceptor : Phase1b(a) \/ Phase2b(a)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Which values are chosen, and the safety property. *)

\* Acceptor a voted for v in ballot b.
VotedFor(a, b, v) == \E m \in msgs : /\ m.type = "2b"
                                     /\ m.acc = a
                                     /\ m.bal = b
                                     /\ m.val = v

\* v is chosen in ballot b: a whole quorum voted for it there.
ChosenAt(b, v) == \E Q \in Quorum : \A a \in Q : VotedFor(a, b, v)

chosen == {v \in Value : \E b \in Ballot : ChosenAt(b, v)}

\* At most one value is ever chosen (checked directly, not by refinement).
Agreement == \A v1, v2 \in chosen : v1 = v2

-----------------------------------------------------------------------------
(***************************************************************************)
(* Liveness.  Paxos cannot guarantee progress while leaders keep starting  *)
(* higher ballots (FLP); it does once the leader of the highest ballot     *)
(* and the acceptors keep taking the steps they can: then some value is    *)
(* chosen.  FairSpec assumes that (weak fairness of the highest ballot's   *)
(* leader and of every acceptor's steps); LeaderOnlyFairSpec assumes only  *)
(* the leader's, and acceptors may stop answering: nothing need be chosen. *)
(***************************************************************************)
LeaderFairness == /\ WF_vars(Phase1a(MaxBallot))
                  /\ WF_vars(\E v \in Value : Phase2a(MaxBallot, v))

FairSpec == /\ Spec
            /\ LeaderFairness
            /\ \A a \in Acceptor : WF_vars(Phase1b(a)) /\ WF_vars(Phase2b(a))

LeaderOnlyFairSpec == Spec /\ LeaderFairness

\* Some value is eventually chosen.
Liveness == <>(chosen # {})
=============================================================================
