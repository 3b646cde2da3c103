------------------------------- MODULE Labels -------------------------------
(* Steps named by inline disjuncts: a leaf on a path no definition names sets  *)
(* the label of its own disjunct, so a step of the first disjunct ends with    *)
(* `y' = y` and is named after that disjunct (Next@9:12), not after the inner  *)
(* `x' = x + 2` (Next@9:36). Both engines label alike (checker.ir).           *)
EXTENDS Naturals
VARIABLES x, y
TypeOK == x \in 0..6 /\ y \in 0..2
Next == \/ x < 4 /\ (x' = x + 1 \/ x' = x + 2) /\ y' = y
        \/ y < 2 /\ y' = y + 1 /\ x' = x
Init == x = 0 /\ y = 0
Low == x < 3
=============================================================================
