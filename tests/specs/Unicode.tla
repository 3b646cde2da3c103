---- MODULE Unicode ----
(* The same definitions as UnicodeAscii.tla, written with Unicode symbols. *)
EXTENDS Integers

S ≜ {1, 2, 3}
Conj ≜ TRUE ∧ ¬FALSE
Disj ≜ FALSE ∨ TRUE
All ≜ ∀ x ∈ S : x ≥ 1 ∧ x ≤ 3
Some ≜ ∃ x ∈ S : x ≠ 2
Out ≜ 4 ∉ S
Sets ≜ (S ∪ {4}) ∩ {1, 4} ⊆ S ∪ {4}
Pair ≜ ⟨1, 2⟩
Fn ≜ [x ∈ S ↦ x * x]
Prod ≜ S × {0}
FnSet ≜ [S → BOOLEAN]
Imp ≜ FALSE ⇒ TRUE
Eqv ≜ (TRUE ⇔ TRUE) ≡ TRUE
List ≜ ∧ 1 ≤ 2
       ∧ ∨ 2 ≥ 3
         ∨ 3 ≠ 4
====
