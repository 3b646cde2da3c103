------------------------------- MODULE InitLoops ------------------------------
(* Initial states enumerated by loops over the variables (x \in S in Init), with *)
(* a predicate that searches a set and reads them: the generated Init once kept  *)
(* such a search across the loops as if it read nothing (16 states, not 10).     *)
EXTENDS Naturals
VARIABLES x, y
TypeOK == x \in 0..3 /\ y \in 0..3
Apart == \A i \in 1..x : i # y
Spread == LET Above == {j \in 0..3 : j > y} IN x \notin Above \/ x = 3
Inv == TypeOK /\ Apart /\ Spread
Next == UNCHANGED <<x, y>>
ISpec == Inv /\ [][Next]_<<x, y>>
===============================================================================
