--------------------------- MODULE WellFoundedInduction ----------------------
(***************************************************************************)
(* The checker's own stand-in for the TLAPS library module of induction    *)
(* over well-founded relations. Its theorems serve proofs only, which the  *)
(* checker sets aside. Like the real module, it extends NaturalsInduction. *)
(***************************************************************************)
EXTENDS NaturalsInduction
=============================================================================
