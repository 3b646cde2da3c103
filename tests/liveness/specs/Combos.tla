---- MODULE Combos ----
\* A counter x that climbs to 3 and may be reset, and a bit y that may flip at any
\* time: Boolean combinations and nestings of temporal formulas (checked with a tableau).
EXTENDS Naturals
VARIABLES x, y
vars == <<x, y>>
Init == x = 0 /\ y = 0
IncX == x < 3 /\ x' = x + 1 /\ y' = y
Flip == y' = 1 - y /\ x' = x
Reset == x = 3 /\ x' = 0 /\ y' = y
Next == IncX \/ Flip \/ Reset
Spec == Init /\ [][Next]_vars /\ WF_vars(IncX)
FairSpec == Spec /\ WF_vars(Reset)
StrongSpec == Spec /\ SF_vars(Flip)
\* fairness under conditions on constants: CondSpec is FairSpec, NoCondSpec is Spec
CondSpec == Init /\ [][Next]_vars /\ \A k \in {1, 2} :
              /\ (k = 1) => WF_vars(IncX)
              /\ IF k = 2 THEN WF_vars(Reset) ELSE WF_vars(IncX)
NoCondSpec == Spec /\ \A k \in {1, 2} : (k = 3) => WF_vars(Reset)
OrStable == []<>(x = 3) \/ <>[](y = 1)
Implies == <>[](x = 3) => []<>(y = 1)
SomeValue == \E v \in {0, 1} : <>[](y = v)
Infinitely == ([]<>(y = 1)) => []<>(x = 0)
WithLet == LET top == 3 IN [](x = top => <>(x = 0)) \/ <>(y = 1)
ReachHold == <>(x = 2 /\ [](x >= 2))
Refines == WF_vars(Reset) => []<>(x = 0)
Both == [](<>(x = 1) /\ <>(x = 2))
Chain == [](x = 1 => <>(x = 2 /\ <>(x = 3)))
StepsImply == []<><<Reset>>_vars => []<>(x = 0)
EveryValue == \A v \in 0..3 : []<>(x = v) \/ <>[](x = 3)
Cond == IF y = 0 THEN <>(x = 3) ELSE [](x = 0)
Equiv == ([]<>(x = 0)) <=> ([]<>(x = 3))
NotAlways == ~[](x < 3)
StableOr == <>[](x = 3) \/ <>[](x = 0) \/ []<>(x = 1)
\* temporal assumptions in the SPECIFICATION besides fairness (TLC refuses AssumeBox)
AssumeInf == Init /\ [][Next]_vars /\ []<>(x = 0)
AssumeStable == Init /\ [][Next]_vars /\ WF_vars(IncX) /\ <>[](y = 1)
AssumeBox == Init /\ [][Next]_vars /\ WF_vars(IncX) /\ [](x < 3)
AssumeLeads == Init /\ [][Next]_vars /\ WF_vars(IncX) /\ ((x = 3) ~> (x = 0))
\* IF/=> with a state condition over a state predicate or an action property: TLC checks
\* CondInit(Bad) and refuses CondAction(Ok) ("Temporal formulas containing actions must be
\* of forms <>[]A or []<>A")
CondInit == IF y = 0 THEN x = 0 ELSE [](x = 1)
CondInitBad == IF y = 0 THEN x = 1 ELSE <>(x = 1)
CondAction == (y = 0) => [][x' >= x]_vars
CondActionOk == (y = 1) => [][x' >= x]_vars
CondGeneral == (y = 0) => (<>[](x = 3) => []<>(y = 1))
CondVacuous == (y = 1) => (<>[](x = 3) => []<>(y = 1))
====
