---- MODULE Safe ----
EXTENDS Naturals
CONSTANTS N, K
VARIABLES a, b
vars == <<a, b>>
Init == a \in 0..2 /\ b = 0
IncA == a < N /\ a' = a + 1 /\ UNCHANGED b
IncB == b < N /\ b' = b + 1 /\ UNCHANGED a
Swap == a # b /\ a' = b /\ b' = a
Drop == a > 0 /\ b > 0 /\ a' = a - 1 /\ b' = b - 1
Next == IncA \/ IncB \/ Swap \/ Drop
Spec == Init /\ [][Next]_vars
Small == [](a * b < K)
NoSum == [][a' + b' # K]_vars
NoDrop == [][a' >= a \/ b' >= b]_vars
Start == a # K
Err == [][IF a' + b' = K THEN 1 \div 0 = 0 ELSE TRUE]_vars
ErrState == [](IF a * b = K THEN 1 \div 0 = 0 ELSE TRUE)
Both == Small /\ NoSum
Bound == a + b <= N + 1
NoSwapAt == ~(a = 1 /\ a' = b /\ b' = a)
====
