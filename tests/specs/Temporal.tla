---- MODULE Temporal ----
(* A traffic light: temporal formulas at the Spec level, kept for later (fairness). *)
EXTENDS Naturals

VARIABLES light, count
vars == <<light, count>>

TypeOK == light \in {"red", "green"} /\ count \in 0..2

Init == light = "red" /\ count = 0

Go == /\ light = "red"
      /\ light' = "green"
      /\ count' = (count + 1) % 3

Stop == /\ light = "green"
        /\ light' = "red"
        /\ UNCHANGED count

Next == Go \/ Stop

Spec == Init /\ [][Next]_vars /\ WF_vars(Go) /\ SF_<<light, count>>(Stop)

Progress == <>(light = "green")
Alternates == [](light = "red" => <>(light = "green"))
LeadsTo == (light = "red") ~> (light = "green")
Changes == [][light' # light]_light
Moving == <<Next>>_vars
Shifted == (count + 1)' = count' + 1
====
