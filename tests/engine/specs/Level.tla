---- MODULE Level ----
\* TLCGet("level") read in Init, Next, a CONSTRAINT, invariants and an ACTION_CONSTRAINT.
EXTENDS Naturals, TLC
VARIABLES x, lv
Init == x = 0 /\ lv = TLCGet("level")
Next == \/ x' = x + 1 /\ lv' = TLCGet("level")
        \/ x' = x + 2 /\ lv' = TLCGet("level") /\ TLCGet("level") < 3
Small == TLCGet("level") < 6
LvOk == lv < TLCGet("level")
StepOk == TLCGet("level") < 5 \/ x > 3
AC == x' # 7 \/ TLCGet("level") > 2
====
