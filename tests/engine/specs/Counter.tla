---- MODULE Counter ----
(* TLC's documented constraint semantics: with CONSTRAINT x < 3 the states 0, 1, 2
   are counted (depth 3), yet the invariant x # 3 is reported violated, because
   invariants are checked before the constraint prunes a state. *)
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = x + 1
Small == x < 3
NotThree == x # 3
Bounded == x =< 10
====
