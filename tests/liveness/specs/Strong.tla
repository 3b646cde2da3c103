---- MODULE Strong ----
EXTENDS Naturals
VARIABLES x, flag
vars == <<x, flag>>
Init == x = 0 /\ flag = FALSE
Toggle == flag' = ~flag /\ UNCHANGED x
Go == flag /\ x = 0 /\ x' = 1 /\ UNCHANGED flag
Next == Toggle \/ Go
WFSpec == Init /\ [][Next]_vars /\ WF_vars(Toggle) /\ WF_vars(Go)
SFSpec == Init /\ [][Next]_vars /\ WF_vars(Toggle) /\ SF_vars(Go)
Done == <>(x = 1)
====
