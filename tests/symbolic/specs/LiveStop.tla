---- MODULE LiveStop ----
\* A counter that stops at 3: a fair behaviour ends stuttering there forever.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x < 3 /\ x' = x + 1
Spec == Init /\ [][Next]_x /\ WF_x(Next)
Reach == <>(x = 3)
Beyond == <>(x = 5)
InfZero == []<>(x = 0)
Stays == <>[](x = 3)
====
