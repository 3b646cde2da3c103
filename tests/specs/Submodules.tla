------------------------------ MODULE Submodules ------------------------------
EXTENDS Naturals
CONSTANT N
VARIABLES x, y
Limit == N + 1
LOCAL Hidden == 2

---------------------------- MODULE Counter ----------------------------
VARIABLE c
Step == c' = (c + Hidden) % Limit
Ok == c < Limit
========================================================================

---------------------------- MODULE Twice ------------------------------
EXTENDS Counter
Both == Step /\ Ok
========================================================================

CX == INSTANCE Counter WITH c <- x
CY(v) == INSTANCE Twice WITH c <- v

Init == x = 0 /\ y = 0
Next == \/ CX!Step /\ UNCHANGED y
        \/ CY(y)!Both /\ UNCHANGED x
Inv == CX!Ok /\ CY(y)!Ok
========================================================================
