---- MODULE Compose ----
EXTENDS Naturals, TLC
VARIABLES x, y
ASSUME TLCGet("-Dtlc2.tool.impl.Tool.cdot") = "true"
Init == x = 0 /\ y \in {0, 1}
Inc == x < 4 /\ x' = x + 1 /\ UNCHANGED y
Copy == y' = x /\ UNCHANGED x
Choose == x' \in {x, x + 2} /\ UNCHANGED y
Reset == x > 2 /\ x' = 0 /\ y' = y + 1
Next == \/ Inc \cdot Copy
        \/ (Reset \cdot Choose) \cdot Copy
        \/ \E d \in {1, 2} : (y < 6 /\ y' = y + d /\ UNCHANGED x) \cdot Inc
Inv == y <= 8
====
