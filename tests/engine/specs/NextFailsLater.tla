---- MODULE NextFailsLater ----
\* Next fails at x = 1 after computing two successors, one of them new: TLC counts,
\* checks and stores those (6 generated, 5 distinct, depth 3, then the error).
EXTENDS Naturals
VARIABLES x, y
Init == x = 0 /\ y = 0
Next == \/ x' = x + 1 /\ y' = y
        \/ x' = x /\ y' = (y + 1) % 3
        \/ x = 1 /\ x' = x \div (y - y) /\ y' = y
        \/ x' = x + 2 /\ y' = y
====
