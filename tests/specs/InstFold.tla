---- MODULE InstFold ----
\* Operators that pass TLA+'s own operators (`\intersect`, `=>`) and a standard module's
\* (`+`) as operator arguments, used through an instance by Instances.tla.
EXTENDS Naturals
Apply2(op(_, _), a, b) == op(a, b)
Meet(S, T) == Apply2(\intersect, S, T)
Implies(p, q) == Apply2(=>, p, q)
Plus(m, n) == Apply2(+, m, n)
====
