---- MODULE RefE ----
EXTENDS Naturals
VARIABLE n
Init == n = 0
Next == n < 4 /\ n' = n + 2
Spec == Init /\ [][Next]_n /\ WF_n(Next)
AS == INSTANCE RefA2 WITH x <- n \div 2, y <- n % 2
Prop == AS!Spec
====
