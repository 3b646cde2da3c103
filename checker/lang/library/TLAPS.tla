------------------------------- MODULE TLAPS --------------------------------
(***************************************************************************)
(* The checker's own stand-in for the TLA+ Proof System's TLAPS module.    *)
(*                                                                         *)
(* TLAPS names the back-end provers and tactics that a proof may invoke in *)
(* a BY clause ("BY SMT", "BY Zenon", "BY IsaM(\"auto\")"); each such      *)
(* pragma is defined as TRUE, which is all it means outside the prover.    *)
(* The checker sets proofs aside, so the module's theorems are left out:   *)
(* only the pragma names are defined here, so that a spec that EXTENDS     *)
(* TLAPS sees the same names as with the real module.                      *)
(***************************************************************************)

\* SMT solvers, the default one and named ones; the T variants take a timeout.
SimpleArithmetic == TRUE
SMT == TRUE
SMTT(X) == TRUE
CVC3 == TRUE
CVC3T(X) == TRUE
CVC4 == TRUE
CVC4T(X) == TRUE
Yices == TRUE
YicesT(X) == TRUE
veriT == TRUE
veriTT(X) == TRUE
Zipper == TRUE
ZipperT(X) == TRUE
Z3 == TRUE
Z3T(X) == TRUE
Spass == TRUE
SpassT(X) == TRUE

\* Propositional temporal logic (the LS4 prover).
LS4 == TRUE
LS4T(X) == TRUE
PTL == TRUE
PropositionalTemporalLogic == TRUE

\* Zenon, the tableau prover, with longer and longer timeouts.
Zenon == TRUE
ZenonT(X) == TRUE
SlowZenon == TRUE
SlowerZenon == TRUE
VerySlowZenon == TRUE
SlowestZenon == TRUE

\* Isabelle, with a tactic (IsaM) and a timeout (the T variants).
Isa == TRUE
IsaT(X) == TRUE
IsaM(X) == TRUE
IsaMT(X, Y) == TRUE
IsaWithSetExtensionality == TRUE
Auto == TRUE
SlowAuto == TRUE
SlowerAuto == TRUE
SlowestAuto == TRUE
Force == TRUE
SlowForce == TRUE
SlowerForce == TRUE
SlowestForce == TRUE
SimplifyAndSolve == TRUE
SlowSimplifyAndSolve == TRUE
SlowerSimplifyAndSolve == TRUE
SlowestSimplifyAndSolve == TRUE
Simplification == TRUE
SlowSimplification == TRUE
SlowerSimplification == TRUE
SlowestSimplification == TRUE
Blast == TRUE
SlowBlast == TRUE
SlowerBlast == TRUE
SlowestBlast == TRUE
AutoBlast == TRUE

\* Several provers in turn.
AllProvers == TRUE
AllProversT(X) == TRUE
AllSMT == TRUE
AllSMTT(X) == TRUE
AllIsa == TRUE
AllIsaT(X) == TRUE

\* Proof-manager directives.
ExpandENABLED == TRUE
ExpandCdot == TRUE
AutoUSE == TRUE
Lambdify == TRUE
ENABLEDaxioms == TRUE
LevelComparison == TRUE
Trivial == TRUE
=============================================================================
