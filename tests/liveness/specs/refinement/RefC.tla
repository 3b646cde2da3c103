---- MODULE RefC ----
EXTENDS Naturals
VARIABLE n
Init == n = 0
Next == n = 0 /\ n' = 1
Spec == Init /\ [][Next]_n /\ WF_n(Next)
AS == INSTANCE RefA WITH x <- (n = 2)
Prop == AS!Spec
====
