----------------------------- MODULE Functions ------------------------------
(* Function definitions (one reading the state), LET functions, operators    *)
(* passed as arguments (a name and a LAMBDA) and \X, for the cross-check.    *)
EXTENDS Naturals, FiniteSets

CONSTANT N

VARIABLES a, b

Idx == 1..N

Shift[i \in Idx] == IF i = N THEN 1 ELSE i + 1

Ends[i \in {0}] == a[1] + a[N]

Count(P(_)) == Cardinality({i \in Idx : P(a[i])})

IsOdd(v) == v % 2 = 1

TypeOK == a \in [Idx -> 0..3] /\ b \in BOOLEAN

Init == a = [i \in Idx |-> 0] /\ b = FALSE

Rotate == a' = [i \in Idx |-> a[Shift[i]]] /\ UNCHANGED b

Bump(i) == LET v == a[i] + 1
               f[j \in Idx] == IF j = i THEN v ELSE a[j]
           IN /\ v <= 3
              /\ a' = f
              /\ b' = ~ b

Swap == \E <<i, j>> \in Idx \X Idx :
          /\ i < j
          /\ a[i] > a[j]
          /\ a' = [a EXCEPT ![i] = a[j], ![j] = a[i]]
          /\ UNCHANGED b

Next == Rotate \/ Swap \/ \E i \in Idx : Bump(i)

FewOdd == Count(IsOdd) + Count(LAMBDA v : v = 3) < 3

EndsSmall == Ends[0] < 5
=============================================================================
