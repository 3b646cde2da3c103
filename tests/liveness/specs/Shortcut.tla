---- MODULE Shortcut ----
EXTENDS Naturals
VARIABLES x, y
vars == <<x, y>>
Init == x = 0 /\ y = 0
IncX == x < 3 /\ x' = x + 1 /\ UNCHANGED y
IncY == y < 2 /\ y' = y + 1 /\ UNCHANGED x
Reset == x = 3 /\ y < 2 /\ x' = 0 /\ UNCHANGED y
Idle == y = 2 /\ UNCHANGED vars
Next == IncX \/ IncY \/ Reset \/ Idle
Same == Next
Spec == Init /\ [][Next]_vars
FairNext == Spec /\ WF_vars(Next)
FairX == Spec /\ WF_x(Next)
StrongNext == Spec /\ SF_vars(Next)
FromSomePoint == Spec /\ <>[][Next]_vars /\ WF_vars(IncY)
FairIncX == Spec /\ WF_vars(IncX)
FairWider == Spec /\ WF_vars(Next \/ IncX)
FairSame == Spec /\ WF_vars(Same)
Constr == y < 2 \/ x < 3
ActConstr == x' # 3 \/ y = 0
XDone == <>(x = 3)
YDone == <>(y = 2)
InfX == []<>(x = 0)
StableY == <>[](y = 2)
Leads == (x = 1) ~> (x = 3)
NextInf == []<><<Next>>_vars
====
