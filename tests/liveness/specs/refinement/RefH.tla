---- MODULE RefH ----
EXTENDS Naturals
VARIABLE m
Init == m = FALSE
Next == ~m /\ m' = TRUE
Spec == Init /\ [][Next]_m
FSpec == Spec /\ WF_m(Next)
AS == INSTANCE RefA WITH x <- m
Prop == AS!Spec
====
