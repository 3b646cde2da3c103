---- MODULE RefK ----
EXTENDS Naturals
VARIABLE n
Init == n = 0
Next == n < 3 /\ n' = n + 1
Spec == Init /\ [][Next]_n /\ WF_n(Next)
AS == INSTANCE RefA WITH x <- (n % 2 = 1)
Prop == AS!Spec
====
