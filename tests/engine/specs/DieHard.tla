---- MODULE DieHard ----
(* The jug puzzle from Die Hard 3: a 3-gallon and a 5-gallon jug, a fountain.
   The invariant "the big jug never holds 4 gallons" fails: its shortest
   counterexample has 6 steps. *)
EXTENDS Naturals
VARIABLES small, big

Min(a, b) == IF a < b THEN a ELSE b

TypeOK == small \in 0..3 /\ big \in 0..5

Init == small = 0 /\ big = 0

FillSmall == small' = 3 /\ big' = big
FillBig == big' = 5 /\ small' = small
EmptySmall == small' = 0 /\ big' = big
EmptyBig == big' = 0 /\ small' = small
SmallToBig == /\ big' = Min(big + small, 5)
              /\ small' = small - (big' - big)
BigToSmall == /\ small' = Min(big + small, 3)
              /\ big' = big - (small' - small)

Next == \/ FillSmall \/ FillBig \/ EmptySmall \/ EmptyBig
        \/ SmallToBig \/ BigToSmall

NotSolved == big # 4
====
