---- MODULE LiveMutex ----
\* Two processes and a lock. Under weak fairness a waiting process can starve (the
\* lock is taken by the other one each time it looks); strong fairness on Enter rules
\* that lasso out.
CONSTANT Procs
VARIABLES pc, lock
vars == <<pc, lock>>
Init == pc = [p \in Procs |-> "idle"] /\ lock = FALSE
Try(p) == pc[p] = "idle" /\ pc' = [pc EXCEPT ![p] = "wait"] /\ UNCHANGED lock
Enter(p) == pc[p] = "wait" /\ ~lock /\ lock' = TRUE /\ pc' = [pc EXCEPT ![p] = "cs"]
Exit(p) == pc[p] = "cs" /\ lock' = FALSE /\ pc' = [pc EXCEPT ![p] = "idle"]
Proc(p) == Try(p) \/ Enter(p) \/ Exit(p)
Next == \E p \in Procs : Proc(p)
Spec == Init /\ [][Next]_vars
WFSpec == Spec /\ \A p \in Procs : WF_vars(Proc(p))
SFSpec == Spec /\ \A p \in Procs : WF_vars(Try(p)) /\ SF_vars(Enter(p)) /\ WF_vars(Exit(p))
Fair(p) == WF_vars(Exit(p)) /\ SF_vars(Enter(p))
ExitSpec == Spec /\ \A p \in Procs : Fair(p)
Mutex == \A p, q \in Procs : p # q => ~(pc[p] = "cs" /\ pc[q] = "cs")
Served == \A p \in Procs : pc[p] = "wait" ~> pc[p] = "cs"
InfCS == \A p \in Procs : []<>(pc[p] = "cs")
Released == \A p \in Procs : pc[p] = "cs" ~> pc[p] = "idle"
\* fairness whose ENABLED bmc cannot encode: the action leaves lock' without a value
Loose == Spec /\ \A p \in Procs : WF_vars(Try(p) \/ pc' = [pc EXCEPT ![p] = "idle"])
====
