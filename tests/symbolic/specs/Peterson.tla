------------------------------ MODULE Peterson ------------------------------
(* Peterson's mutual exclusion for two processes 0 and 1. With NoTurn (a    *)
(* bug) a process enters when the other is not flagged OR ignores turn, and   *)
(* both can be in the critical section.                                     *)
EXTENDS Integers

CONSTANT NoTurn

VARIABLES pc, flag, turn

Proc == {0, 1}
Other(p) == 1 - p

TypeOK == /\ pc \in [Proc -> {"idle", "set", "wait", "cs"}]
          /\ flag \in [Proc -> BOOLEAN]
          /\ turn \in Proc

MutualExclusion == ~ (pc[0] = "cs" /\ pc[1] = "cs")

Init == /\ pc = [p \in Proc |-> "idle"]
        /\ flag = [p \in Proc |-> FALSE]
        /\ turn = 0

Want(p) == /\ pc[p] = "idle"
           /\ flag' = [flag EXCEPT ![p] = TRUE]
           /\ pc' = [pc EXCEPT ![p] = "set"]
           /\ UNCHANGED turn

Yield(p) == /\ pc[p] = "set"
            /\ turn' = Other(p)
            /\ pc' = [pc EXCEPT ![p] = "wait"]
            /\ UNCHANGED flag

Enter(p) == /\ pc[p] = "wait"
            /\ ~ flag[Other(p)] \/ turn = p \/ NoTurn
            /\ pc' = [pc EXCEPT ![p] = "cs"]
            /\ UNCHANGED <<flag, turn>>

Leave(p) == /\ pc[p] = "cs"
            /\ flag' = [flag EXCEPT ![p] = FALSE]
            /\ pc' = [pc EXCEPT ![p] = "idle"]
            /\ UNCHANGED turn

Next == \E p \in Proc : Want(p) \/ Yield(p) \/ Enter(p) \/ Leave(p)
=============================================================================
