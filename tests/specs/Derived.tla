---- MODULE Derived ----
EXTENDS Base, FiniteSets, TLC

VARIABLES log, turn

vars == <<log, turn>>

TypeOK == /\ log \in Seq(Proc)
          /\ turn \in Proc

Init == /\ log = <<>>
        /\ turn \in Proc

Write(p) == /\ turn = p
            /\ Len(log) < Limit
            /\ log' = Append(log, p)
            /\ turn' \in Proc \ {p}

Next == \E p \in Proc : Write(p)

LogWeight == SumSeq([i \in 1..Len(log) |-> Twice(i)])

Bounded == Len(log) <= Max(Limit, Cardinality(Proc))
====
