---- MODULE RefA2 ----
\* A two-variable abstract spec: a tuple subscript and UNCHANGED.
EXTENDS Naturals
VARIABLES x, y
vars == <<x, y>>
Init == x = 0 /\ y = 0
IncX == x < 2 /\ x' = x + 1 /\ UNCHANGED y
Spec == Init /\ [][IncX]_vars /\ WF_vars(IncX)
====
