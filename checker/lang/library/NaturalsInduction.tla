---------------------------- MODULE NaturalsInduction ------------------------
(***************************************************************************)
(* The checker's own stand-in for the TLAPS library module of induction    *)
(* over the natural numbers. That module states theorems, which only       *)
(* proofs use; the checker sets proofs aside, so they are left out. Like   *)
(* the real module, it extends Integers, so a spec that extends it sees    *)
(* Nat, Int and the arithmetic operators.                                  *)
(***************************************************************************)
EXTENDS Integers
=============================================================================
