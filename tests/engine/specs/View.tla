---- MODULE View ----
EXTENDS Naturals
VARIABLES x, y, hist
Init == x = 0 /\ y = 0 /\ hist = <<>>
A == x < 4 /\ x' = x + 1 /\ y' = y /\ hist' = <<x>>
B == y < 3 /\ y' = y + 1 /\ x' = x /\ hist' = <<y>>
Next == A \/ B
View == <<x, y>>
Inv == x + y < 6
====
