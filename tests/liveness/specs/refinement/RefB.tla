---- MODULE RefB ----
EXTENDS Naturals
VARIABLE n
Init == n = 0
Next == n < 2 /\ n' = n + 1
Spec == Init /\ [][Next]_n
FSpec == Spec /\ WF_n(Next)
AS == INSTANCE RefA WITH x <- (n = 2)
Prop == AS!Spec
====
