---- MODULE Instances ----
\* INSTANCE in its forms: named, parameterised, nested, of standard modules, with
\* substitutions of expressions (a function application, whose primes and UNCHANGED
\* follow it), implicit substitution (D of InstPair), and a bound `i` of InstChannel
\* that must not capture the variable `i` here; F passes built-in operators as arguments.
EXTENDS Naturals
LOCAL INSTANCE FiniteSets
Seqs == INSTANCE Sequences
CONSTANT Procs
VARIABLES box, i, pa, pb
D == Procs
In == INSTANCE InstChannel WITH Data <- Procs, Cap <- 2, chan <- box
Out(p) == INSTANCE InstChannel WITH Data <- Procs, Cap <- 1, chan <- i[p]
P == INSTANCE InstPair WITH a <- pa, b <- pb
F == INSTANCE InstFold
Init == In!Init /\ i = [p \in Procs |-> <<>>] /\ P!Init
Produce == In!Next /\ i' = i /\ (\A p \in Procs : Out(p)!Stay) /\ UNCHANGED <<pa, pb>>
Deliver(p) ==
    /\ In!Recv
    /\ i' = [i EXCEPT ![p] = Seqs!Append(@, box[1])]
    /\ Out(p)!Send(box[1])
    /\ UNCHANGED <<pa, pb>>
Drain(p) ==
    /\ i[p] # <<>>
    /\ i' = [i EXCEPT ![p] = Seqs!Tail(@)]
    /\ Out(p)!Recv
    /\ UNCHANGED <<box, pa, pb>>
Next == Produce \/ (\E p \in Procs : Deliver(p) \/ Drain(p)) \/ (P!Next /\ UNCHANGED <<box, i>>)
TypeOK == In!TypeOK /\ (\A p \in Procs : Out(p)!TypeOK) /\ P!Left!TypeOK
Seen == \A p \in Procs : In!Has(p) => Cardinality({q \in Procs : Out(q)!Has(p)}) <= 2
Folded ==
    /\ \A p \in Procs : F!Meet({p}, D) = {p} /\ F!Implies(p \in D, F!Meet(D, {p}) # {})
    /\ F!Plus(Seqs!Len(box), 1) = Seqs!Len(box) + 1
====
