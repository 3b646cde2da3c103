----------------------------- MODULE InferQueue -----------------------------
(* A queue of varying length and no type for it in TypeOK: inference finds    *)
(* Seq(...), which the symbolic checker cannot encode, and says so (E601).    *)
EXTENDS Naturals, Sequences

CONSTANTS Item, Max

VARIABLES queue, taken

TypeOK == taken \subseteq Item

Init == queue = <<>> /\ taken = {}

Put == \E i \in Item : /\ Len(queue) < Max
                       /\ queue' = Append(queue, i)
                       /\ UNCHANGED taken

Take == /\ queue # <<>>
        /\ taken' = taken \cup {Head(queue)}
        /\ queue' = Tail(queue)

Next == Put \/ Take

Spec == Init /\ [][Next]_<<queue, taken>>
=============================================================================
