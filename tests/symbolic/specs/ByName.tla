------------------------------- MODULE ByName -------------------------------
(* Operator application is substitution (TLC, NOTE(primed-variables)): Bump(x) *)
(* means x' = x + 1, SetTo(y', n) means y' = n, Keep(<<x>>) keeps x, Do(A)     *)
(* takes the steps of the action A. The symbolic checker reads these as the    *)
(* explicit one does, from the same IR (checker.ir). x + y =< 3 first fails   *)
(* after 2 steps.                                                              *)
EXTENDS Naturals

VARIABLES x, y

TypeOK == x \in 0..4 /\ y \in 0..6

Small == x + y =< 3

Init == x = 0 /\ y = 0

Bump(v) == v' = v + 1
Keep(v) == UNCHANGED v
SetTo(p, n) == p = n
Do(A) == A /\ UNCHANGED x

Next == \/ x < 4 /\ Bump(x) /\ Keep(y)
        \/ y < 5 /\ SetTo(y', y + 2) /\ Keep(<<x>>)
        \/ y < 6 /\ Do(y' = y + 1)
=============================================================================
