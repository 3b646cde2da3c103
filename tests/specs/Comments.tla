Anything may come before the module header, even MODULE Fake or (* an open comment.
--------------------------- MODULE Comments ---------------------------
\* A line comment.  (* is not opened inside a line comment
(* A block comment (* with a nested (* doubly nested *) comment *) inside. *)
(***************************************************************************)
(* A boxed comment, as the TLA+ Toolbox writes them.                        *)
(***************************************************************************)
EXTENDS Naturals

(* --algorithm Clock
variables hour = 1;
begin
  Tick:
    while TRUE do
      hour := IF hour = 12 THEN 1 ELSE hour + 1;   \* a PlusCal comment
    end while;
end algorithm; *)
\* BEGIN TRANSLATION (the translation is what is checked)
VARIABLES hour, pc

vars == << hour, pc >>

Init == (* Global variables *)
        /\ hour = 1
        /\ pc = "Tick"

Tick == /\ pc = "Tick"
        /\ hour' = IF hour = 12 THEN 1 ELSE hour + 1
        /\ pc' = "Tick"

Next == Tick

Spec == Init /\ [][Next]_vars
\* END TRANSLATION
-----------------------------------------------------------------------------
Strings == <<"(* not a comment *)", "\\* nor this", "a \"quoted\" word">>

HourOK == hour \in 1..12   (* a comment (* nested *) after code *) \* and a line comment
-----------------------------------------------------------------------------
=============================================================================
(* After the end: ignored, even an unclosed comment (* *)
