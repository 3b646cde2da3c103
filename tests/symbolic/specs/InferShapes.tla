----------------------------- MODULE InferShapes -----------------------------
(* Mutual exclusion through a lock, with variables of many shapes and no     *)
(* type in the checked invariant: functions (of records, updated through      *)
(* EXCEPT paths), a set of records with different fields, a tuple, a Boolean, *)
(* a choice of model values and a string. TypeOK is the full type, to compare *)
(* with. With Buggy, Grant ignores the lock and Mutex fails after 4 steps.    *)
EXTENDS Integers

CONSTANTS Proc, Buggy

VARIABLES pc, info, log, pair, flag, owner

vars == <<pc, info, log, pair, flag, owner>>

TypeOK == /\ pc \in [Proc -> {"idle", "wait", "cs"}]
          /\ info \in [Proc -> [count : Int, last : {"none", "in", "out"}]]
          /\ log \subseteq [kind : {"req"}, from : Proc]
                           \cup [kind : {"grant"}, to : Proc, n : 0..1]
          /\ pair \in Int \X {"a", "b"}
          /\ flag \in BOOLEAN
          /\ owner \in Proc \cup {"none"}

Init == /\ pc = [p \in Proc |-> "idle"]
        /\ info = [p \in Proc |-> [count |-> 0, last |-> "none"]]
        /\ log = {}
        /\ pair = <<0, "a">>
        /\ flag \in BOOLEAN
        /\ owner = "none"

Request(p) == /\ pc[p] = "idle"
              /\ pc' = [pc EXCEPT ![p] = "wait"]
              /\ log' = log \cup {[kind |-> "req", from |-> p]}
              /\ UNCHANGED <<info, pair, flag, owner>>

Grant(p) == /\ pc[p] = "wait"
            /\ owner = "none" \/ Buggy
            /\ pc' = [pc EXCEPT ![p] = "cs"]
            /\ owner' = p
            /\ info' = [info EXCEPT ![p].last = "in"]
            /\ LET n == info[p].count % 2
               IN log' = log \cup {[kind |-> "grant", to |-> p, n |-> n]}
            /\ UNCHANGED <<pair, flag>>

Leave(p) == /\ pc[p] = "cs"
            /\ pc' = [pc EXCEPT ![p] = "idle"]
            /\ owner' = "none"
            /\ info' = [info EXCEPT ![p].count = @ + 1, ![p].last = "out"]
            /\ pair' = <<pair[1] + 1, IF pair[2] = "a" THEN "b" ELSE "a">>
            /\ flag' = ~ flag
            /\ UNCHANGED log

Next == \E p \in Proc : Request(p) \/ Grant(p) \/ Leave(p)

Spec == Init /\ [][Next]_vars

Mutex == \A p, q \in Proc : pc[p] = "cs" /\ pc[q] = "cs" => p = q

\* Inductive for the correct lock (with or without TypeOK).
LockOK == /\ \A p \in Proc : pc[p] = "cs" <=> owner = p
          /\ Mutex
=============================================================================
