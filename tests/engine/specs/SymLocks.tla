---- MODULE SymLocks ----
\* Processes take locks; SYMMETRY over both sets of model values. The state holds a
\* function keyed by model values, a set of tuples, a sequence of records and a function
\* keyed by tuples, so that every kind of value is renamed.
EXTENDS Naturals, Sequences, FiniteSets, TLC
CONSTANTS Procs, Locks
VARIABLES holder, waiting, log, tries

Perms == Permutations(Procs) \cup Permutations(Locks)
ProcPerms == Permutations(Procs)

Init == /\ holder = [l \in Locks |-> "free"]
        /\ waiting = {}
        /\ log = <<>>
        /\ tries = [pl \in Procs \X Locks |-> 0]

Request(p, l) == /\ <<p, l>> \notin waiting
                 /\ holder[l] # p
                 /\ tries[<<p, l>>] < 1
                 /\ waiting' = waiting \cup {<<p, l>>}
                 /\ tries' = [tries EXCEPT ![<<p, l>>] = @ + 1]
                 /\ UNCHANGED <<holder, log>>

Grant(p, l) == /\ <<p, l>> \in waiting
               /\ holder[l] = "free"
               /\ holder' = [holder EXCEPT ![l] = p]
               /\ waiting' = waiting \ {<<p, l>>}
               /\ log' = IF Len(log) < 2 THEN Append(log, [who |-> p, lock |-> l]) ELSE log
               /\ UNCHANGED tries

Release(l) == /\ holder[l] # "free"
              /\ holder' = [holder EXCEPT ![l] = "free"]
              /\ UNCHANGED <<waiting, log, tries>>

Next == \E p \in Procs, l \in Locks : Request(p, l) \/ Grant(p, l) \/ Release(l)

TypeOK == /\ holder \in [Locks -> Procs \cup {"free"}]
          /\ waiting \subseteq Procs \X Locks
OneLockEach == \A p \in Procs : Cardinality({l \in Locks : holder[l] = p}) <= 1
====
