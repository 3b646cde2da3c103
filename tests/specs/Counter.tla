This line is outside the module and is ignored.
---------------------------- MODULE Counter ----------------------------
(* A bounded counter: the smallest spec with a parameterised action. *)
EXTENDS Naturals

CONSTANT N
ASSUME N \in Nat /\ N > 0

VARIABLE x

TypeOK == x \in 0..N

Init == x = 0

Inc(n) == /\ x + n <= N
          /\ x' = x + n

Reset == /\ x = N
         /\ x' = 0

Next == \/ \E n \in 1..2 : Inc(n)
        \/ Reset

Spec == Init /\ [][Next]_x
=============================================================================
Text after the end line is ignored too.
