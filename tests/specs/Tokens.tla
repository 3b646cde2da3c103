---- MODULE Tokens ----
(* A token passed between nodes through a message set: model values, `<-`. *)
EXTENDS Naturals, FiniteSets

CONSTANTS Node, None, MaxMsgs

Two == 2

VARIABLES holder, msgs
vars == <<holder, msgs>>

Message == [from : Node, to : Node]

TypeOK == /\ holder \in Node \cup {None}
          /\ msgs \subseteq Message

Init == /\ holder = CHOOSE n \in Node : TRUE
        /\ msgs = {}

Send(n, m) == /\ holder = n
              /\ m # n
              /\ Cardinality(msgs) < MaxMsgs
              /\ msgs' = msgs \cup {[from |-> n, to |-> m]}
              /\ holder' = None

Recv(msg) == /\ holder = None
             /\ holder' = msg.to
             /\ msgs' = msgs \ {msg}

Idle == UNCHANGED vars

Next == \/ \E n, m \in Node : Send(n, m)
        \/ \E msg \in msgs : Recv(msg)

OneToken == (holder = None) <=> (msgs # {})
====
