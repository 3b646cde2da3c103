---- MODULE Outside ----
\* x = 5 is reached from 0 by a step outside the model (an ACTION_CONSTRAINT excludes it,
\* or a CONSTRAINT is false in it); its invariants are checked all the same, as TLC does.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = x + 1 \/ x' = x + 5
TypeOK == x \in Nat
Inv == x # 5
Below5 == x < 5
Slow == x' <= x + 1
====
