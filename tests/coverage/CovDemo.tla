---- MODULE CovDemo ----
(* A counter with a reset, an action that never fires, and an inline disjunct:
   the coverage tests' spec. *)
EXTENDS Naturals
VARIABLES x, y

Init == x \in {0, 1} /\ y = 0

Inc == x < 3 /\ x' = x + 1 /\ y' = y

Reset == x = 3 /\ x' = 0 /\ UNCHANGED y

Never == x > 10 /\ x' = 0 /\ UNCHANGED y

Bump(d) == y < 2 /\ y' = y + d /\ UNCHANGED x

Next == \/ Inc
        \/ Reset
        \/ Never
        \/ \E d \in {1, 2} : Bump(d)
        \/ (y = 2 /\ x = 0 /\ y' = 0 /\ x' = x)

Small == x + y < 100
====
