---- MODULE PredBits ----
EXTENDS Naturals, Sequences, TLC
CONSTANT Procs, N
VARIABLE pc, log
vars == <<pc, log>>
Init == pc = [p \in Procs |-> 0] /\ log = <<>>
Step(p) == pc[p] < N /\ pc' = [pc EXCEPT ![p] = pc[p] + 1] /\ log' = Append(log, p)
Next == \E p \in Procs : Step(p)
Spec == Init /\ [][Next]_vars
Fair == Spec /\ \A p \in Procs : WF_vars(Step(p))
Low == CHOOSE m \in {pc[p] : p \in Procs} : \A p \in Procs : m <= pc[p]
Done == \A p \in Procs : \A i \in 0..N : <>[](i <= Low => pc[p] >= i)
Reached == \A p \in Procs : \A i \in 0..N : <>(Low >= i /\ pc[p] >= i)
Often == \A i \in 1..N : []<>(Len(log) # i)
Bad == \A i \in 0..1 : <>[](IF i = 1 /\ Low = 1 THEN Len(log) ELSE TRUE)
Shown == \A i \in 1..N : <>[](Len(log) >= i \/ ToString(Len(log)) = "x")
====
