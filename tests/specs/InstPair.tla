---- MODULE InstPair ----
\* Two channels in a row (instantiated by Instances.tla: nested instances).
CONSTANT D
VARIABLES a, b
Left == INSTANCE InstChannel WITH Data <- D, Cap <- 1, chan <- a
Right == INSTANCE InstChannel WITH Data <- D, Cap <- 1, chan <- b
Init == Left!Init /\ Right!Init
Move == Left!Recv /\ Right!Send(a[1])
Next == (Left!Next /\ Right!Stay) \/ Move \/ (Right!Recv /\ UNCHANGED a)
====
