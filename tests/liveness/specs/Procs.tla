---- MODULE Procs ----
EXTENDS Naturals
CONSTANT Procs
VARIABLE pc
Init == pc = [p \in Procs |-> 0]
Step(p) == pc[p] < 2 /\ pc' = [pc EXCEPT ![p] = pc[p] + 1]
Next == \E p \in Procs : Step(p)
Spec == Init /\ [][Next]_pc
FairNext == Spec /\ WF_pc(Next)
FairEach == Spec /\ \A p \in Procs : WF_pc(Step(p))
FairOf(q) == WF_pc(Step(q))
FairFirst == Spec /\ FairOf(CHOOSE q \in Procs : TRUE)
AllDone == \A p \in Procs : <>(pc[p] = 2)
Term == <>(\A p \in Procs : pc[p] = 2)
Progress == \A p \in Procs : (pc[p] = 1) ~> (pc[p] = 2)
Quiet == <>[](~ENABLED Next)
====
