-------------------------- MODULE SequencesExtTheorems -----------------------
(***************************************************************************)
(* The checker's own stand-in for the community module of theorems about   *)
(* the operators of SequencesExt, which only proofs use (the checker sets  *)
(* proofs aside). Like the real module, it extends Sequences, Integers and *)
(* WellFoundedInduction; the real module also extends the community        *)
(* modules SequencesExt and Functions, which the checker does not provide: *)
(* their operators are unknown names here.                                 *)
(***************************************************************************)
EXTENDS Sequences, Integers, WellFoundedInduction
=============================================================================
