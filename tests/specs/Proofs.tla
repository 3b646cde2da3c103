------------------------------- MODULE Proofs -------------------------------
(* A small clock and a long, unchecked proof of its invariant: every form of *)
(* the proof language, which the checker parses and sets aside.             *)
EXTENDS Naturals, TLAPS, NaturalsInduction, FiniteSetTheorems

CONSTANT N
ASSUME NPositive == N \in Nat /\ N > 0
AXIOM NotChecked == N > 1000   \* TLC assumes axioms without checking them

VARIABLES hour, ticks

vars == <<hour, ticks>>
Hours == 0..(N - 1)
TypeOK == hour \in Hours /\ ticks \in 0..N
Init == hour = 0 /\ ticks = 0
Tick == /\ ticks < N
        /\ hour' = IF hour = N - 1 THEN 0 ELSE hour + 1
        /\ ticks' = ticks + 1
Reset == ticks = N /\ ticks' = 0 /\ UNCHANGED hour
Next == Tick \/ Reset
Spec == Init /\ [][Next]_vars

---------------------------- MODULE Dial -----------------------------------
(* A submodule: it sees the definitions above it (Hours, hour).            *)
CONSTANT Face
OnFace == hour \in Hours /\ Face = Hours
=============================================================================

---------------------------- MODULE Display --------------------------------
EXTENDS Dial
Shown == IF OnFace THEN hour ELSE 0
=============================================================================

USE DEF Hours
HIDE DEF Tick

LEMMA HoursFinite == IsFiniteSet(Hours)
  OMITTED

THEOREM TypeInvariant == Spec => []TypeOK
PROOF
  <1>1. Init => TypeOK
    BY NPositive DEF Init, TypeOK
  <1>2. TypeOK /\ [Next]_vars => TypeOK'
    <2> SUFFICES ASSUME TypeOK, [Next]_vars
                 PROVE  TypeOK'
      OBVIOUS
    <2>. USE DEF TypeOK
    <2>1. CASE Tick
      <3>1. hour' \in Hours
        <4>1. CASE hour = N - 1
          BY <2>1, <4>1 DEF Tick
        <4>2. CASE hour # N - 1
          BY <2>1, <4>2, SMT DEF Tick
        <4>3. QED
          BY <4>1, <4>2
      <3>2. ticks' \in 0..N
        BY <2>1, Zenon DEF Tick
      <3> QED
        BY <3>1, <3>2
    <2>2. CASE Reset
      BY <2>2 DEF Reset
    <2>3. CASE UNCHANGED vars
      BY <2>3 DEF vars
    <2>4. QED
      BY <2>1, <2>2, <2>3 DEF Next
  <1>3. QED
    PROOF
      BY <1>1, <1>2, PTL DEF Spec
COROLLARY Typed == Spec => []TypeOK
  BY TypeInvariant

PROPOSITION Pick == ASSUME NEW S, NEW x \in S,
                           NEW CONSTANT F(_), NEW VARIABLE v,
                           NEW STATE P, NEW ACTION A, NEW TEMPORAL T,
                           ASSUME NEW y \in S PROVE F(y) \in S
                    PROVE  \E z \in S : F(z) \in S \/ z = x
<1> DEFINE G(a) == F(a)
        g[a \in S] == F(a)
<1>1. HAVE TRUE
<1>2. PICK w \in S : w = x
  OBVIOUS
<1>3. WITNESS x \in S
<1> HIDE DEF G
<1>4. SUFFICES \E u \in S : F(u) \in S
  OMITTED
<1>q. QED
  BY ONLY <1>2, MODULE Proofs DEF G, g

THEOREM Take == \A m \in Nat : m + 0 = m
<*>. TAKE m \in Nat
<*>. QED
  <+>. m + 0 = m
    OBVIOUS
  <*> QED

\* A named theorem or assumption denotes its statement.
THEOREM Bounded == ticks <= N
Inv == TypeOK /\ Bounded /\ NPositive
HourOK == TypeOK!1 /\ NPositive!:   \* positional names: the first conjunct, a statement
Parts == Inv!1 /\ HourOK
=============================================================================
