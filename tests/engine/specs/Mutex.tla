---- MODULE Mutex ----
(* Peterson's mutual exclusion for two processes 0 and 1. *)
EXTENDS Naturals
VARIABLES pc, flag, turn

Other(p) == 1 - p

TypeOK == /\ pc \in [{0, 1} -> {"idle", "set", "wait", "cs"}]
          /\ flag \in [{0, 1} -> BOOLEAN]
          /\ turn \in {0, 1}

Init == /\ pc = [p \in {0, 1} |-> "idle"]
        /\ flag = [p \in {0, 1} |-> FALSE]
        /\ turn = 0

Request(p) == /\ pc[p] = "idle"
              /\ flag' = [flag EXCEPT ![p] = TRUE]
              /\ pc' = [pc EXCEPT ![p] = "set"]
              /\ UNCHANGED turn

GiveWay(p) == /\ pc[p] = "set"
              /\ turn' = Other(p)
              /\ pc' = [pc EXCEPT ![p] = "wait"]
              /\ UNCHANGED flag

Enter(p) == /\ pc[p] = "wait"
            /\ flag[Other(p)] = FALSE \/ turn = p
            /\ pc' = [pc EXCEPT ![p] = "cs"]
            /\ UNCHANGED <<flag, turn>>

Exit(p) == /\ pc[p] = "cs"
           /\ flag' = [flag EXCEPT ![p] = FALSE]
           /\ pc' = [pc EXCEPT ![p] = "idle"]
           /\ UNCHANGED turn

Next == \E p \in {0, 1} : Request(p) \/ GiveWay(p) \/ Enter(p) \/ Exit(p)

MutualExclusion == ~ (pc[0] = "cs" /\ pc[1] = "cs")
====
