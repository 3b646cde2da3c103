---- MODULE Stuck ----
(* Counts to 3 and stops: a deadlock after 3 steps. *)
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x < 3 /\ x' = x + 1
====
