---- MODULE RefI ----
EXTENDS Naturals
VARIABLE n
x == n = 2
Init == n = 0
Next == n < 2 /\ n' = n + 1
Spec == Init /\ [][Next]_n
FSpec == Spec /\ WF_n(Next)
AS == INSTANCE RefA
Prop == AS!Spec
====
