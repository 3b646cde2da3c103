---- MODULE Outside ----
\* A state outside the model (a CONSTRAINT false in it, or reached by a step an
\* ACTION_CONSTRAINT excludes) is neither stored nor explored, but TLC checks its
\* invariants all the same; it is counted only if it is in the model.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = x + 1 \/ x' = x + 5
Inv == x # 5
Below5 == x < 5
Slow == x' <= x + 1
Positive == x > 0
====
