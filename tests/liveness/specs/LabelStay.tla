---- MODULE LabelStay ----
EXTENDS Naturals
CONSTANT Procs
VARIABLE pc, flag
vars == <<pc, flag>>
Init == pc = [p \in Procs |-> 0] /\ flag = FALSE
Step(p) == pc[p] < 2 /\ pc' = [pc EXCEPT ![p] = pc[p] + 1] /\ UNCHANGED flag
Hold(p) == pc[p] = 2 /\ UNCHANGED vars
Flip == flag' = ~flag /\ UNCHANGED pc
Next == \/ \E p \in Procs : Step(p) \/ Hold(p)
        \/ Flip
Spec == Init /\ [][Next]_vars
FairHold == Spec /\ (\A p \in Procs : WF_vars(Step(p))) /\ <>[][\E p \in Procs : Hold(p)]_vars
FairFlip == Spec /\ WF_vars(Flip) /\ <>[][Flip]_vars
FairStay == Spec /\ \A p \in Procs : WF_vars(Hold(p)) /\ WF_vars(Step(p))
AllDone == \A p \in Procs : <>(pc[p] = 2)
Flips == []<>(flag)
Settles == <>[](flag = FALSE)
====
