---- MODULE En ----
\* ENABLED in guards of Next and in invariants: over quantifiers, of an action passed as
\* an argument, of an action that leaves variables without a value, and in an action
\* whose own primed variables must survive it.
EXTENDS Naturals
CONSTANTS Procs
VARIABLES pc, n, last

Init == pc = [p \in Procs |-> "a"] /\ n = 0 /\ last = 0

Go(p) == pc[p] = "a" /\ pc' = [pc EXCEPT ![p] = "b"] /\ UNCHANGED <<n, last>>
Back(p) == pc[p] = "b" /\ n < 3 /\ pc' = [pc EXCEPT ![p] = "a"] /\ n' = n + 1
           /\ UNCHANGED last
Can(A) == ENABLED A
Bump == /\ n' = (n + 1) % 4
        /\ ENABLED (n' = 7)            \* its own n', not this one
        /\ last' = n'
        /\ UNCHANGED pc
Idle == /\ \A p \in Procs : ~Can(Go(p))
        /\ ~ENABLED (\E p \in Procs : Back(p))
        /\ n < 3
        /\ Bump

Next == (\E p \in Procs : Go(p) \/ Back(p)) \/ Idle

LastIsN == last \in {0, n}
NoneLeft == (\A p \in Procs : pc[p] = "b") => ~ENABLED (\E p \in Procs : Go(p))
Partial == ENABLED (pc' = pc)         \* n' and last' left without a value: still TRUE
====
