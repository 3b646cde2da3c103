---- MODULE Fan ----
\* Three counters, each step adds 1 or 2 to one of them: the states of a level are
\* reached from several parents each, and many of one level break the invariant, so
\* which violation is first (and through which parent) depends on the order.
EXTENDS Naturals
VARIABLES a, b, c

Init == a = 0 /\ b = 0 /\ c = 0

Next == \E d \in {1, 2} :
          \/ a' = a + d /\ UNCHANGED <<b, c>>
          \/ b' = b + d /\ UNCHANGED <<a, c>>
          \/ c' = c + d /\ UNCHANGED <<a, b>>

Small == a + b + c < 5 \/ a = b

====
