---- MODULE Switches ----
(* Two switches flipped one at a time, for the explorer's tests: a move with an
   argument (Flip(n)), a CONSTRAINT (Small), an ACTION_CONSTRAINT (NoQuickReset), an
   invariant that fails (NotAllOn), and a log of hostile strings for the web page. *)
EXTENDS Naturals, FiniteSets, Sequences
CONSTANTS Node, Limit
VARIABLES on, log, count

Init == on = [n \in Node |-> FALSE] /\ log = <<>> /\ count = 0

Flip(n) == /\ on' = [on EXCEPT ![n] = ~@]
           /\ log' = Append(log, "<script>alert(1)</script>")
           /\ count' = count + 1

Reset == /\ count > 0
         /\ on' = [n \in Node |-> FALSE]
         /\ count' = 0
         /\ UNCHANGED log

Next == (\E n \in Node : Flip(n)) \/ Reset

Lit == {n \in Node : on[n]}
NotAllOn == Lit # Node
Small == count <= Limit /\ Len(log) <= 4
NoQuickReset == ~(count = 1 /\ count' = 0)
====
