---- MODULE Junctions ----
(* Junction lists laid out in columns; each Value_* has the value in its comment. *)
EXTENDS Naturals, FiniteSets

\* TRUE: nested lists
Value_Nested == /\ 1 = 1
                /\ \/ 1 = 2
                   \/ /\ 2 = 2
                      /\ 3 = 3
                /\ TRUE

\* FALSE: the bullet further left is an infix \/ of the whole list and FALSE
Value_Left == /\ FALSE
              /\ TRUE
            \/ FALSE

\* TRUE: a bullet to the right of the column continues the item as infix
Value_Right == \/ FALSE
                  \/ TRUE
               \/ FALSE

\* TRUE: lists closed by `)`, THEN, `,`, IN and `->`
Value_Closers == /\ (/\ TRUE /\ TRUE)
                 /\ IF /\ TRUE /\ TRUE THEN TRUE ELSE FALSE
                 /\ <</\ TRUE /\ TRUE, 1>>[1]
                 /\ LET b == /\ TRUE /\ TRUE IN b
                 /\ CASE /\ TRUE /\ TRUE -> TRUE [] OTHER -> FALSE

\* 3: a list inside a quantifier inside a list
Value_Count == Cardinality({x \in 1..5 : /\ x > 1
                                         /\ x < 5})

Value_Empty == \/ /\ FALSE
                  /\ TRUE
               \/ /\ FALSE
====
