---- MODULE Expressions ----
(* Every expression form of the supported subset. Each definition named Check_* is TRUE. *)
EXTENDS Integers, Sequences, FiniteSets, TLC

CONSTANTS Nodes, NoNode

S == {1, 2, 3}
r == [name |-> "n", size |-> 2]
f == [i \in S |-> i * 10]
g == [p \in S \X {"a", "b"} |-> p[1]]

----------------------------------------------------------------------------
\* Logic
Check_Logic == /\ TRUE /\ ~FALSE
               /\ (FALSE => FALSE) /\ (TRUE <=> TRUE) /\ (FALSE \equiv FALSE)
               /\ \/ FALSE
                  \/ TRUE

Check_Quantifiers ==
    /\ \A x \in S : x > 0
    /\ \E x \in S : x = 2
    /\ \A x, y \in S : x + y <= 6
    /\ \A x \in S, y \in {10} : x < y
    /\ \E <<a, b>> \in S \X S : a + b = 6
    /\ \A <<a, b>> \in {<<1, 2>>, <<2, 3>>} : b = a + 1
    /\ ~ \E x \in {} : TRUE

Check_Choose == /\ (CHOOSE x \in S : x > 1) = 2
                /\ (CHOOSE <<a, b>> \in S \X S : a > b) = <<2, 1>>

Check_Control ==
    /\ (IF 1 < 2 THEN "yes" ELSE "no") = "yes"
    /\ (CASE 1 > 2 -> "a" [] 2 > 1 -> "b" [] OTHER -> "c") = "b"
    /\ (CASE FALSE -> 1 [] OTHER -> 2) = 2
    /\ LET a == 1
           b(x) == x + a
           c[x \in 1..2] == x * 3
       IN  b(c[2]) = 7

----------------------------------------------------------------------------
\* Sets
Check_Sets ==
    /\ {} = {x \in S : x > 5}
    /\ {1, 2} \cup {3} = S /\ {1, 2} \union {3} = S
    /\ S \cap {2, 9} = {2} /\ S \intersect {2, 9} = {2}
    /\ S \ {1} = {2, 3}
    /\ 2 \in S /\ 7 \notin S
    /\ {1} \subseteq S
    /\ {x \in S : x # 2} = {1, 3}
    /\ {x * x : x \in S} = {1, 4, 9}
    /\ {x + y : x \in S, y \in {0, 10}} = {1, 2, 3, 11, 12, 13}
    /\ {a + b : <<a, b>> \in {<<1, 2>>}} = {3}
    /\ SUBSET {1, 2} = {{}, {1}, {2}, {1, 2}}
    /\ UNION {{1}, {2, 3}} = S
    /\ 1..3 = S /\ 3..1 = {}
    /\ {1} \X {2} \X {3} = {<<1, 2, 3>>}
    /\ Cardinality(SUBSET S) = 8 /\ IsFiniteSet(S)
    /\ TRUE \in BOOLEAN /\ "abc" \in STRING /\ 1 \notin STRING

----------------------------------------------------------------------------
\* Functions, records, tuples
Check_Functions ==
    /\ f[2] = 20 /\ DOMAIN f = S
    /\ g[3, "a"] = 3 /\ g[<<3, "b">>] = 3
    /\ [x \in S, y \in {0} |-> x][2, 0] = 2
    /\ f \in [S -> {10, 20, 30}] /\ f \notin [S -> {10}]
    /\ [f EXCEPT ![2] = 0][2] = 0
    /\ [f EXCEPT ![2] = @ + 1, ![3] = @ * 2] = [i \in S |-> IF i = 1 THEN 10 ELSE IF i = 2 THEN 21 ELSE 60]
    /\ (1 :> "a" @@ 2 :> "b") = <<"a", "b">>
    /\ DOMAIN (5 :> 0) = {5}

Check_Records ==
    /\ r.name = "n" /\ r["size"] = 2
    /\ r = [size |-> 2, name |-> "n"]
    /\ r = [k \in {"name", "size"} |-> IF k = "name" THEN "n" ELSE 2]
    /\ [r EXCEPT !.size = @ + 1].size = 3
    /\ [[a |-> [b |-> 1]] EXCEPT !.a.b = 5] = [a |-> [b |-> 5]]
    /\ [[a |-> <<1, 2>>] EXCEPT !.a[2] = @ * 10, !["a"][1] = 0] = [a |-> <<0, 20>>]
    /\ r \in [name : STRING, size : Nat]
    /\ [name : {"n"}, size : {1, 2}] = {[name |-> "n", size |-> 1], [name |-> "n", size |-> 2]}

Check_Tuples ==
    /\ <<1, 2>> = [i \in 1..2 |-> i]
    /\ <<>> = [i \in {} |-> i]
    /\ <<"a", "b">>[2] = "b" /\ DOMAIN <<"a", "b">> = {1, 2}
    /\ Len(<<1, 2, 3>>) = 3 /\ Append(<<1>>, 2) = <<1, 2>> /\ <<1>> \o <<2>> = <<1, 2>>
    /\ Head(<<1, 2>>) = 1 /\ Tail(<<1, 2>>) = <<2>> /\ SubSeq(<<1, 2, 3>>, 2, 3) = <<2, 3>>
    /\ SelectSeq(<<1, 2, 3, 4>>, LAMBDA x : x % 2 = 0) = <<2, 4>>
    /\ <<1, 1>> \in Seq({1}) /\ <<2>> \notin Seq({1})

----------------------------------------------------------------------------
\* Integers and strings
Check_Arithmetic ==
    /\ 7 \div 2 = 3 /\ (-7) \div 2 = -4 /\ 7 % 3 = 1 /\ (-7) % 3 = 2 /\ -7 % 3 = 2
    /\ 2 ^ 10 = 1024 /\ -2 ^ 2 = -4 /\ 3 - -1 = 4 /\ 2 * (-3) = -6
    /\ 1 < 2 /\ 2 > 1 /\ 1 <= 1 /\ 1 =< 1 /\ 1 >= 1 /\ 1 # 2 /\ 1 /= 2
    /\ -3 \in Int /\ -3 \notin Nat /\ 0 \in Nat
    /\ "ab" = "ab" /\ "ab" # "ba" /\ "a" \o "b" = "ab"

Check_TLC ==
    /\ Permutations({1, 2}) = {<<1, 2>>, <<2, 1>>}
    /\ SortSeq(<<3, 1, 2>>, LAMBDA a, b : a < b) = <<1, 2, 3>>
    /\ ToString(<<1, "a">>) = "<<1, \"a\">>"
    /\ Assert(TRUE, "never shown")
    /\ NoNode \notin Nodes

AllChecks == {d : d \in {Check_Logic, Check_Quantifiers, Check_Choose, Check_Control,
                         Check_Sets, Check_Functions, Check_Records, Check_Tuples,
                         Check_Arithmetic, Check_TLC}}
====
