---- MODULE UnicodeAscii ----
(* The same definitions as Unicode.tla, written in ASCII. *)
EXTENDS Integers

S == {1, 2, 3}
Conj == TRUE /\ ~FALSE
Disj == FALSE \/ TRUE
All == \A x \in S : x >= 1 /\ x =< 3
Some == \E x \in S : x # 2
Out == 4 \notin S
Sets == (S \cup {4}) \cap {1, 4} \subseteq S \union {4}
Pair == <<1, 2>>
Fn == [x \in S |-> x * x]
Prod == S \X {0}
FnSet == [S -> BOOLEAN]
Imp == FALSE => TRUE
Eqv == (TRUE <=> TRUE) \equiv TRUE
List == /\ 1 <= 2
        /\ \/ 2 >= 3
           \/ 3 /= 4
====
