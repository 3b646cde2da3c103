---- MODULE RefJ ----
EXTENDS Naturals
VARIABLE n
Init == n = 0
Next == n < 2 /\ n' = n + 1
AS == INSTANCE RefA WITH x <- (n = 2)
Spec == Init /\ [][Next]_n /\ WF_n(AS!Flip)
Prop == <>(n = 2)
====
