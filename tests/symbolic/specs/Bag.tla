--------------------------------- MODULE Bag --------------------------------
(* A bag of items with a capacity per item, exercising the encodable subset: *)
(* EXCEPT with @, records and a union of record types, CASE, a CHOOSE with a *)
(* unique witness, Cardinality, set comprehensions, tuples and \X, DOMAIN,   *)
(* SUBSET, and x' \in S. Removal takes from an item with the most copies.    *)
EXTENDS Integers, FiniteSets

CONSTANTS Item, Cap

VARIABLES bag, last, seen

Event == [kind : {"add", "del"}, item : Item] \cup [kind : {"none"}]

TypeOK == /\ bag \in [Item -> 0..Cap]
          /\ last \in Event
          /\ seen \in SUBSET (Item \X (0..Cap))

Most == CHOOSE n \in 0..Cap : /\ \E i \in Item : bag[i] = n
                              /\ \A i \in Item : bag[i] <= n

Init == /\ bag = [i \in Item |-> 0]
        /\ last = [kind |-> "none"]
        /\ seen = {}

Add(i) == /\ bag[i] < Cap
          /\ bag' = [bag EXCEPT ![i] = @ + 1]
          /\ last' = [kind |-> "add", item |-> i]
          /\ seen' = seen \cup {<<i, bag[i] + 1>>}

Del(i) == /\ bag[i] > 0
          /\ bag[i] = Most
          /\ bag' = [bag EXCEPT ![i] = @ - 1]
          /\ last' \in {e \in Event : e.kind = "del" /\ e.item = i}
          /\ UNCHANGED seen

Next == \E i \in DOMAIN bag : Add(i) \/ Del(i)

LastOK == CASE last.kind = "add" -> bag[last.item] > 0
            [] last.kind = "del" -> bag[last.item] < Cap
            [] OTHER -> bag = [i \in Item |-> 0]

SeenOK == \A p \in seen : p[2] >= 1 /\ p[1] \in Item

\* Fails once three different items are in the bag (3 steps).
AtMostTwo == Cardinality({i \in Item : bag[i] > 0}) <= 2

\* Fails when some item reaches its capacity Cap (Cap steps).
BelowCap == {bag[i] : i \in Item} \subseteq 0..(Cap - 1)
=============================================================================
