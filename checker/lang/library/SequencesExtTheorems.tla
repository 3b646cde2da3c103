-------------------------- MODULE SequencesExtTheorems -----------------------
(***************************************************************************)
(* The checker's own stand-in for the community module of theorems about   *)
(* the operators of SequencesExt, which only proofs use (the checker sets  *)
(* proofs aside). Like the real module, it extends Sequences, Integers,    *)
(* WellFoundedInduction and the community modules SequencesExt and         *)
(* Functions.                                                              *)
(***************************************************************************)
EXTENDS Sequences, Integers, WellFoundedInduction, SequencesExt, Functions
=============================================================================
