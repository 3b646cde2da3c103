------------------------------ MODULE Fermat --------------------------------
(* A question Z3 cannot settle quickly: that x^3 + y^3 = z^3 has no solution *)
(* in positive integers (for `--timeout`, which must end in "unknown").      *)
EXTENDS Integers

VARIABLES x, y, z

TypeOK == x \in Nat /\ y \in Nat /\ z \in Nat

NoSolution == ~ (x > 0 /\ y > 0 /\ z > 0 /\ x * x * x + y * y * y = z * z * z)

Inv == TypeOK /\ NoSolution

Init == x = 1 /\ y = 1 /\ z = 1

Next == \/ x' = x + 1 /\ UNCHANGED <<y, z>>
        \/ y' = y + 1 /\ UNCHANGED <<x, z>>
        \/ z' = z + 1 /\ UNCHANGED <<x, y>>
=============================================================================
