---- MODULE RefL ----
EXTENDS Naturals
VARIABLE n
  ---- MODULE Abs ----
  VARIABLE x
  Init == x = FALSE
  Flip == ~x /\ x' = TRUE
  Spec == Init /\ [][Flip]_x /\ WF_x(Flip)
  ====
Init == n = 0
Next == n < 3 /\ n' = n + 1
Spec == Init /\ [][Next]_n /\ WF_n(Next)
AS == INSTANCE Abs WITH x <- (n # n)
Prop == AS!Spec
====
