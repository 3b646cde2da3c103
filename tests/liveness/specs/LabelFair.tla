---- MODULE LabelFair ----
EXTENDS Naturals
CONSTANT Procs
VARIABLE pc, flag
vars == <<pc, flag>>
Init == pc = [p \in Procs |-> 0] /\ flag = FALSE
Step(p) == pc[p] < 2 /\ pc' = [pc EXCEPT ![p] = pc[p] + 1] /\ UNCHANGED flag
Flip == flag' = ~flag /\ UNCHANGED pc
Toggle(p) == pc[p] = 2 /\ flag' = ~flag /\ UNCHANGED pc
Next == \/ \E p \in Procs : Step(p)
        \/ Flip
        \/ \E p \in Procs : flag /\ Toggle(p)
Spec == Init /\ [][Next]_vars
FairSteps == Spec /\ \A p \in Procs : WF_vars(Step(p))
FairPc == Spec /\ \A p \in Procs : WF_pc(Step(p)) /\ WF_vars(Flip)
FairToggle == Spec /\ \A p \in Procs : WF_vars(Step(p)) /\ SF_vars(Toggle(p))
FairSome == Spec /\ WF_vars(\E p \in Procs : Step(p)) /\ <>[][\E p \in Procs : Step(p)]_vars
AllDone == \A p \in Procs : <>(pc[p] = 2)
Flips == []<>(flag)
Settles == <>[](flag = FALSE)
====
