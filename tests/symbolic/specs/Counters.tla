------------------------------ MODULE Counters ------------------------------
(* Two counters: x counts by one up to 3, y by two up to 4. Both stop, so the *)
(* last state is a deadlock. `x + y # 5` first fails after 3 steps.          *)
EXTENDS Naturals

VARIABLES x, y

TypeOK == x \in 0..3 /\ y \in 0..4

NotFive == x + y # 5

Init == x = 0 /\ y = 0

IncX == x < 3 /\ x' = x + 1 /\ UNCHANGED y
IncY == y < 3 /\ y' = y + 2 /\ UNCHANGED x

Next == IncX \/ IncY
=============================================================================
