------------------------------ MODULE DieHard -------------------------------
(* The jug puzzle: a 5-gallon and a 3-gallon jug, fill, empty, pour. The     *)
(* "invariant" big # 4 fails: the shortest solution has 6 steps.            *)
EXTENDS Naturals

VARIABLES big, small

TypeOK == big \in 0..5 /\ small \in 0..3

NotFour == big # 4

Min(a, b) == IF a < b THEN a ELSE b

Init == big = 0 /\ small = 0

FillSmall == small' = 3 /\ big' = big
FillBig == big' = 5 /\ small' = small
EmptySmall == small' = 0 /\ big' = big
EmptyBig == big' = 0 /\ small' = small
SmallToBig == LET poured == Min(big + small, 5) - big
              IN /\ big' = big + poured
                 /\ small' = small - poured
BigToSmall == LET poured == Min(big + small, 3) - small
              IN /\ big' = big - poured
                 /\ small' = small + poured

Next == \/ FillSmall \/ FillBig \/ EmptySmall \/ EmptyBig
        \/ SmallToBig \/ BigToSmall
=============================================================================
