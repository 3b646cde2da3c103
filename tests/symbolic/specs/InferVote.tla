------------------------------ MODULE InferVote ------------------------------
(* A voting protocol whose message set has no type in its invariants: the    *)
(* symbolic checker infers it from the actions (checker/symbolic/infer.py).   *)
(* A leader proposes one value per round; a node votes for a proposal of a    *)
(* round at least its own; a majority of votes for (r, v) decides v. Without  *)
(* a first phase, two rounds may decide different values (MaxRound >= 1).     *)
(* TypeOK is the full type, to compare with; TypeNoMsgs leaves msgs out.      *)
EXTENDS Integers, FiniteSets

CONSTANTS Node, Value, MaxRound

Round == 0..MaxRound

Message == [type : {"propose"}, rnd : Round, val : Value]
      \cup [type : {"vote"}, src : Node, rnd : Round, val : Value]
      \cup [type : {"decide"}, val : Value]

VARIABLES round, vote, msgs

vars == <<round, vote, msgs>>

TypeNoMsgs == /\ round \in [Node -> Round]
              /\ vote \in [Node -> Value \cup {"none"}]

TypeOK == TypeNoMsgs /\ msgs \subseteq Message

Init == /\ round = [n \in Node |-> 0]
        /\ vote = [n \in Node |-> "none"]
        /\ msgs = {}

Send(m) == msgs' = msgs \cup {m}

Propose(r, v) == /\ ~ \E m \in msgs : m.type = "propose" /\ m.rnd = r
                 /\ Send([type |-> "propose", rnd |-> r, val |-> v])
                 /\ UNCHANGED <<round, vote>>

Vote(n) == \E m \in msgs :
             /\ m.type = "propose"
             /\ m.rnd >= round[n]
             /\ round' = [round EXCEPT ![n] = m.rnd]
             /\ vote' = [vote EXCEPT ![n] = m.val]
             /\ Send([type |-> "vote", src |-> n, rnd |-> m.rnd, val |-> m.val])

Votes(r, v) == {m \in msgs : m.type = "vote" /\ m.rnd = r /\ m.val = v}

Decide(r, v) == /\ 2 * Cardinality(Votes(r, v)) > Cardinality(Node)
                /\ Send([type |-> "decide", val |-> v])
                /\ UNCHANGED <<round, vote>>

Next == \/ \E r \in Round, v \in Value : Propose(r, v) \/ Decide(r, v)
        \/ \E n \in Node : Vote(n)

Spec == Init /\ [][Next]_vars

Agreement == \A m1, m2 \in msgs :
                (m1.type = "decide" /\ m2.type = "decide") => m1.val = m2.val

\* Inductive with or without TypeOK (one proposal per round, MaxRound = 0).
VotesOK == \A m \in msgs : m.type = "vote" =>
              \E p \in msgs : p.type = "propose" /\ p.rnd = m.rnd /\ p.val = m.val
DecidedOK == \A m \in msgs : m.type = "decide" =>
              \E r \in Round : 2 * Cardinality(Votes(r, m.val)) > Cardinality(Node)
OneProposal == \A p, q \in msgs : (p.type = "propose" /\ q.type = "propose"
                                   /\ p.rnd = q.rnd) => p.val = q.val
OneVote == \A m1, m2 \in msgs : (m1.type = "vote" /\ m2.type = "vote"
                                 /\ m1.src = m2.src /\ m1.rnd = m2.rnd) => m1.val = m2.val
=============================================================================
