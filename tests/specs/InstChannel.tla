---- MODULE InstChannel ----
\* A bounded FIFO channel, instantiated by Instances.tla and InstPair.tla.
EXTENDS Naturals, Sequences
CONSTANTS Data, Cap
VARIABLE chan
LOCAL Room == Cap - Len(chan)
Init == chan = <<>>
Send(d) == Room > 0 /\ chan' = Append(chan, d)
Recv == chan # <<>> /\ chan' = Tail(chan)
Stay == UNCHANGED chan
Next == (\E d \in Data : Send(d)) \/ Recv
\* `i` is bound here and is a variable of Instances.tla: expansion renames this one
Has(d) == \E i \in 1..Len(chan) : chan[i] = d
RECURSIVE Count(_)
Count(s) == IF s = <<>> THEN 0 ELSE 1 + Count(Tail(s))
Sizes[n \in 0..Cap] == IF n = 0 THEN {0} ELSE Sizes[n - 1] \cup {n}
TypeOK == chan \in Seq(Data) /\ Count(chan) \in Sizes[Cap]
====
