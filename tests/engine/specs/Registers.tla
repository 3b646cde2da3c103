---- MODULE Registers ----
EXTENDS Naturals, TLC, TLCExt
VARIABLES x, y
ASSUME TLCSet(1, 0) /\ TLCSet("s:first", 99)
ASSUME TLCGet("config").mode = "bfs" /\ TLCGet("config").worker = 1
ASSUME TLCGet("config").deadlock = FALSE
Init == x = 0 /\ y = 0
Next == \/ /\ x < 5 /\ x' = x + 1 /\ UNCHANGED y
           /\ (x' = 3 /\ TLCGet("s:first") = 99) => TLCSet("s:first", TLCGet("level") + 1)
        \/ /\ y < 4 /\ TLCGet("level") < TLCGet("s:first")
           /\ y' = y + 1 /\ UNCHANGED x
Counted == TLCGetAndSet(2, LAMBDA a, b: a + b, 1, 0) >= 0
Inv == TLCGetOrDefault(5, 0) = 0 /\ Counted
Post == TLCGet(2) = TLCGet("distinct") /\ TLCGet("s:first") = 4
Post2 == TLCGet("stats").diameter = TLCGet("diameter") /\ TLCGet("queue") = 0
====
