---- MODULE RefG ----
EXTENDS Naturals
VARIABLE n
Init == n = 0
Next == n < 0 /\ n' = n + 1
Spec == Init /\ [][Next]_n
AS == INSTANCE RefA2 WITH x <- n, y <- n
Prop == AS!Spec
====
