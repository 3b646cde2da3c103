--------------------------- MODULE PaxosInductive ---------------------------
(***************************************************************************)
(* An inductive invariant for single-decree Paxos (Paxos.tla), for         *)
(* `checker prove`.  Agreement alone is not inductive: a state may hold a  *)
(* 2b vote that no 2a message justifies, or a 2a proposal for a value that *)
(* was not safe.  Inv says enough about every acceptor and every message   *)
(* that each step preserves it, and Inv implies Agreement.                 *)
(*                                                                         *)
(* The idea (Lamport's "safe at"): a proposal (2a) for value v in ballot b *)
(* is only made when v is safe at b, i.e. for every lower ballot c some    *)
(* quorum has, each of its members, either voted for v in c or promised    *)
(* never to vote in c (it has moved past c without voting in it).  Two     *)
(* quorums always share an acceptor, so a value chosen in c can only be    *)
(* followed by proposals of the same value.                                *)
(***************************************************************************)
EXTENDS Paxos

\* a voted for v in ballot b (a 2b message records the vote).
VotedIn(a, v, b) == \E m \in msgs : /\ m.type = "2b"
                                    /\ m.acc = a
                                    /\ m.bal = b
                                    /\ m.val = v

\* a voted for nothing in ballot b.
NoVoteIn(a, b) == \A v \in Value : ~ VotedIn(a, v, b)

\* a has passed ballot b without voting in it, and never will (it only votes
\* in ballots at least maxBal[a]).
PassedWithoutVote(a, b) == /\ maxBal[a] > b
                           /\ NoVoteIn(a, b)

\* No value other than v can be (or have been) chosen in a ballot below b.
SafeAt(v, b) ==
  \A c \in 0..(b - 1) :
    \E Q \in Quorum :
      \A a \in Q : VotedIn(a, v, c) \/ PassedWithoutVote(a, c)

\* What each acceptor's variables say about its own votes.
AcceptorOK ==
  \A a \in Acceptor :
    /\ maxVBal[a] <= maxBal[a]
    /\ (maxVBal[a] = -1) <=> (maxVal[a] = None)
    /\ maxVBal[a] >= 0 => VotedIn(a, maxVal[a], maxVBal[a])
    \* its last vote is its highest one
    /\ \A c \in Ballot : c > maxVBal[a] => NoVoteIn(a, c)

\* A 1b message reports the sender's last vote before the promised ballot.
OneBOK(m) ==
  /\ m.bal <= maxBal[m.acc]
  /\ \/ /\ m.mbal = -1
        /\ m.mval = None
     \/ /\ m.mbal \in Ballot
        /\ m.mval \in Value
        /\ m.mbal < m.bal
        /\ VotedIn(m.acc, m.mval, m.mbal)
  /\ \A c \in (m.mbal + 1)..(m.bal - 1) : NoVoteIn(m.acc, c)

\* A 2a message proposes a safe value, and it is the only proposal of its ballot.
TwoAOK(m) ==
  /\ SafeAt(m.val, m.bal)
  /\ \A m2 \in msgs : (m2.type = "2a" /\ m2.bal = m.bal) => m2 = m

\* A 2b message is a vote for a proposal, recorded by the sender.
TwoBOK(m) ==
  /\ \E m2 \in msgs : m2.type = "2a" /\ m2.bal = m.bal /\ m2.val = m.val
  /\ m.bal <= maxVBal[m.acc]

MessagesOK ==
  \A m \in msgs :
    /\ m.type = "1b" => OneBOK(m)
    /\ m.type = "2a" => TwoAOK(m)
    /\ m.type = "2b" => TwoBOK(m)

Inv == TypeOK /\ AcceptorOK /\ MessagesOK

\* For the validity check Inv => Agreement (`checker prove --inv InvImpliesAgreement`
\* is a different question; see tests/symbolic): Agreement as a theorem of Inv.
InvAndNotAgreement == Inv /\ ~ Agreement
=============================================================================
