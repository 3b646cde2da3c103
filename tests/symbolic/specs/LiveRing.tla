---- MODULE LiveRing ----
\* A counter round a ring: from 0 it goes to 1, then 1, 2, ..., N - 1 and back to
\* Start (0, or 1: then the ring's loop avoids the initial state).
EXTENDS Naturals
CONSTANTS N, Start
VARIABLE x
Init == x = 0
Next == x' = IF x = N - 1 THEN Start ELSE x + 1
Spec == Init /\ [][Next]_x
FairSpec == Spec /\ WF_x(Next)
Never == <>(x = N)
InfZero == []<>(x = 0)
InfTop == []<>(x = N - 1)
StableTop == <>[](x = N - 1)
Leads == (x = 1) ~> (x = 0)
LeadsTop == (x = 1) ~> (x = N - 1)
Moves == []<><<Next>>_x
Cond == IF x = 0 THEN <>(x = N) /\ []<>(x = 1) ELSE []<>(x = 0)
Guarded == (x = 1) => <>(x = N)
LetNever == LET top == N IN <>(x = top) /\ []<>(x < top)
Either == <>(x = N) \/ []<>(x = 0)
AssumeSpec == Spec /\ []<>(x = 0)
TypeOK == x \in 0..N - 1
Small == [](x < N - 1)
Up == [][x' > x]_x
====
