---- MODULE RefA ----
\* The abstract spec: x goes from FALSE to TRUE, under weak fairness.
VARIABLE x
Init == x = FALSE
Flip == ~x /\ x' = TRUE
CanFlip == ENABLED Flip
Spec == Init /\ [][Flip]_x /\ WF_x(Flip)
====
