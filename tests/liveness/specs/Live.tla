---- MODULE Live ----
EXTENDS Naturals
VARIABLES x, y
vars == <<x, y>>
Init == x = 0 /\ y = 0
IncX == x < 3 /\ x' = x + 1 /\ UNCHANGED y
IncY == y < 2 /\ y' = y + 1 /\ UNCHANGED x
Reset == x = 3 /\ x' = 0 /\ UNCHANGED y
Next == IncX \/ IncY \/ Reset
Spec == Init /\ [][Next]_vars
FairSpec == Spec /\ WF_vars(Next)
XDone == <>(x = 3)
YDone == <>(y = 2)
InfX == []<>(x = 0)
StableY == <>[](y = 2)
Leads == (x = 1) ~> (x = 3)
TypeOK == []( x \in 0..3 )
Act == [][x' # x => x' = (x + 1) % 4]_vars
====
