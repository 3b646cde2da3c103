---------------------------- MODULE SequenceTheorems -------------------------
(***************************************************************************)
(* The checker's own stand-in for the TLAPS library module of theorems     *)
(* about sequences, which only proofs use (the checker sets proofs aside). *)
(* Like the real module, it extends Sequences; the real module also        *)
(* extends the community module Functions, which the checker does not      *)
(* provide.                                                                *)
(***************************************************************************)
EXTENDS Sequences
=============================================================================
