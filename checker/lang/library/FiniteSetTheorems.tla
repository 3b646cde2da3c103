---------------------------- MODULE FiniteSetTheorems ------------------------
(***************************************************************************)
(* The checker's own stand-in for the TLAPS library module of theorems     *)
(* about finite sets and their cardinality, which only proofs use (the     *)
(* checker sets proofs aside). Like the real module, it extends            *)
(* FiniteSets, Integers and WellFoundedInduction; the real module also     *)
(* extends the community module Functions, which the checker does not      *)
(* provide: a spec that uses Functions' operators must extend Functions    *)
(* itself.                                                                 *)
(***************************************************************************)
EXTENDS FiniteSets, Integers, WellFoundedInduction
=============================================================================
