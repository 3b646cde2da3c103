---- MODULE IRClosures ----
EXTENDS Naturals, Sequences
VARIABLES x, y
Inc(n) == n + 1
Step(d) == x + d <= 6 /\ x' = x + d /\ y' = y
RECURSIVE Sum(_)
Sum(n) == IF n = 0 THEN 0 ELSE n + Sum(n - 1)
fact[n \in 0..6] == IF n = 0 THEN 1 ELSE n * fact[n - 1]
Apply2(G(_, _), a, b) == G(a, b)
Init == x = 0 /\ y = <<>>
Next ==
  \/ LET Twice(F(_), v) == F(F(v)) IN x < 5 /\ x' = Twice(Inc, x) /\ y' = y
  \/ \E d \in {1, 3} : Step(d)
  \/ LET RECURSIVE Cnt(_)
         Cnt(s) == IF s = <<>> THEN 0 ELSE 1 + Cnt(Tail(s))
         total == Cnt(y)
     IN total < 2 /\ y' = Append(y, Apply2(LAMBDA a, b : a + b, x, total)) /\ UNCHANGED x
EnabledInv == \A d \in {1, 2} : (ENABLED Step(d)) \/ x + d > 6
SameName == (\E i \in {1, 2} : i = x % 3) \/ (\A i \in {0} : i = x % 3) \/ x % 3 = 0 \/ TRUE
Sums == Sum(x) = (x * (x + 1)) \div 2 /\ fact[x] >= 1
Shadow == LET f[k \in 0..2] == IF k = 0 THEN x ELSE f[k - 1] + 1 IN f[2] = x + 2
Picks == \A i \in 1..Len(y) : y[i] \in 0..10
====
