---------------------------- MODULE FunctionTheorems -------------------------
(***************************************************************************)
(* The checker's own stand-in for the community module of theorems about   *)
(* functions (injections, bijections, cardinalities), which only proofs    *)
(* use (the checker sets proofs aside). Like the real module, it extends   *)
(* Integers, FiniteSets and the community module Functions.                *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, Functions
=============================================================================
