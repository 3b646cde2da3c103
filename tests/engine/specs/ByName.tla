---- MODULE ByName ----
(* Operator application is substitution: Bump(x) means x' = x + 1, so priming a
   parameter primes the argument (a value-passing evaluator would get this wrong).
   LET operators and Init predicates with parameters behave the same way. *)
EXTENDS Naturals
VARIABLES x, y
SetTo(v, n) == v = n
Init == SetTo(x, 0) /\ SetTo(y, 0)
Bump(v) == v' = v + 1
Keep(v) == UNCHANGED v
Next == \/ Bump(x) /\ Keep(y)
        \/ LET Twice(v) == v' = v + 2 IN Twice(y) /\ Keep(x)
Inv == x + y =< 3
====
