---- MODULE Recursion ----
(* Recursive operators (RECURSIVE, also mutual and inside LET) and recursive functions. *)
EXTENDS Integers, Sequences, FiniteSets

RECURSIVE Fact(_)
Fact(n) == IF n = 0 THEN 1 ELSE n * Fact(n - 1)

RECURSIVE IsEven(_), IsOdd(_)
IsEven(n) == IF n = 0 THEN TRUE ELSE IsOdd(n - 1)
IsOdd(n) == IF n = 0 THEN FALSE ELSE IsEven(n - 1)

RECURSIVE SetSum(_)
SetSum(S) == IF S = {} THEN 0
             ELSE LET x == CHOOSE y \in S : TRUE
                  IN  x + SetSum(S \ {x})

fib[n \in 0..20] == IF n < 2 THEN n ELSE fib[n - 1] + fib[n - 2]

sumTo[n \in Nat] == IF n = 0 THEN 0 ELSE n + sumTo[n - 1]

Squares[n \in 1..4] == n * n

Reverse(s) ==
    LET RECURSIVE Rev(_)
        Rev(t) == IF t = <<>> THEN <<>> ELSE Rev(Tail(t)) \o <<Head(t)>>
    IN  Rev(s)

Depth(tree) ==
    LET d[t \in {"leaf", "node"}] == IF t = "leaf" THEN 0 ELSE 1 + d["leaf"]
    IN  d[tree]

Results == <<Fact(5), IsEven(10), IsOdd(7), SetSum(1..10), fib[20], sumTo[100],
             Squares, Reverse(<<1, 2, 3>>), Depth("node")>>
====
