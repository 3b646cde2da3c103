------------------------------ MODULE Escape --------------------------------
(* Steps that leave the type of a variable: an integer past its range, a set *)
(* gaining an element outside its universe, a record field out of range. A   *)
(* type-only invariant is then not inductive, and the symbolic encoding of   *)
(* typed states must not hide those steps.                                   *)
EXTENDS Naturals

VARIABLES x, s, r

TypeOK == /\ x \in 0..3
          /\ s \subseteq {"a", "b"}
          /\ r \in [kind : {"p", "q"}, n : 0..2]

Init == x = 0 /\ s = {} /\ r = [kind |-> "p", n |-> 0]

IncX == x' = x + 1 /\ UNCHANGED <<s, r>>
AddC == s' = s \cup {"c"} /\ UNCHANGED <<x, r>>
BumpR == r' = [r EXCEPT !.n = @ + 1] /\ UNCHANGED <<x, s>>
Stay == UNCHANGED <<x, s, r>>

NextX == IncX \/ Stay
NextS == AddC \/ Stay
NextR == BumpR \/ Stay
NextOK == Stay
=============================================================================
