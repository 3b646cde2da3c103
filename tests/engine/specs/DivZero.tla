---- MODULE DivZero ----
EXTENDS Integers
VARIABLE x
Init == x = 2
Next == x' = 10 \div x - 5
====
