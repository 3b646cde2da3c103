---- MODULE UserOps ----
(* Operators defined in their own syntax (infix, postfix) and passed as arguments;
   TLC's :> and @@ defined here (TLC is not extended, so the symbols are free). The
   action-level `::=` primes its argument by substitution, as TLA+ requires.
   TLC: 8 distinct states, 15 generated, no invariant violated. *)
EXTENDS Naturals
VARIABLES x, f
a ++ b == (a + b) % 5
a ** b == a * b
d :> e == [z \in {d} |-> e]
g @@ h == [z \in DOMAIN g \cup DOMAIN h |-> IF z \in DOMAIN g THEN g[z] ELSE h[z]]
n ^+ == n + 1
a \prec b == a < b
v ::= e == v' = e
Twice(F(_, _), a) == F(a, a)
Init == x = 0 /\ f = (1 :> 0)
Next == \/ /\ x \prec 4
           /\ x ::= x ++ 1 ** 2
           /\ f' = (x^+ :> 2 ** x) @@ f
        \/ /\ x ::= x ** x ++ 3
           /\ UNCHANGED f
Inv == x \prec 5
InvTwice == \A k \in DOMAIN f : f[k] = Twice(+, k - 1)
====
