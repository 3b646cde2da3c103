---- MODULE Base ----
(* A module extended by Derived.tla: constants, a LOCAL helper, a recursive operator. *)
EXTENDS Naturals, Sequences

CONSTANTS Proc, Limit

LOCAL Double(n) == 2 * n

Twice(n) == Double(n)

RECURSIVE SumSeq(_)
SumSeq(s) == IF s = <<>> THEN 0 ELSE Head(s) + SumSeq(Tail(s))

Max(a, b) == IF a >= b THEN a ELSE b
====
