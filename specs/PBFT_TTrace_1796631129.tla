---- MODULE PBFT_TTrace_1796631129 ----
EXTENDS Sequences, TLCExt, PBFT, Toolbox, Naturals, TLC, PBFT_TEConstants

_expression ==
    LET PBFT_TEExpression == INSTANCE PBFT_TEExpression
    IN PBFT_TEExpression!expression
----

_trace ==
    LET PBFT_TETrace == INSTANCE PBFT_TETrace
    IN PBFT_TETrace!trace
----

_prop ==
    ~<>[](
        msgs = ({[view |-> 0, seq |-> 1, digest |-> d1, type |-> "PREPARE", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d1, type |-> "COMMIT", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PRE-PREPARE", src |-> 0], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 1], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 2], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "COMMIT", src |-> 0], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "COMMIT", src |-> 1], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "COMMIT", src |-> 2]})
        /\
        view = ((0 :> 0 @@ 1 :> 0 @@ 2 :> 0))
    )
----

_init ==
    /\ msgs = _TETrace[1].msgs
    /\ view = _TETrace[1].view
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ msgs  = _TETrace[i].msgs
        /\ msgs' = _TETrace[j].msgs
        /\ view  = _TETrace[i].view
        /\ view' = _TETrace[j].view

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("PBFT_TTrace_1796631129.json", _TETrace)

=============================================================================

 Note that you can extract this module `PBFT_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `PBFT_TEExpression.tla` file takes precedence 
  over the module `PBFT_TEExpression` below).

---- MODULE PBFT_TEExpression ----
EXTENDS Sequences, TLCExt, PBFT, Toolbox, Naturals, TLC, PBFT_TEConstants

expression == 
    [
        \* To hide variables of the `PBFT` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        msgs |-> msgs
        ,view |-> view
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_msgsUnchanged |-> msgs = msgs'
        
        \* Format the `msgs` variable as Json value.
        \* ,_msgsJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(msgs)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_msgsModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].msgs # _TETrace[s-1].msgs
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE PBFT_TETrace ----
\*EXTENDS IOUtils, PBFT, TLC, PBFT_TEConstants
\*
\*trace == IODeserialize("PBFT_TTrace_1796631129.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE PBFT_TETrace ----
EXTENDS PBFT, TLC, PBFT_TEConstants

trace == 
    <<
    ([msgs |-> {},view |-> (0 :> 0 @@ 1 :> 0 @@ 2 :> 0)]),
    ([msgs |-> {[view |-> 0, seq |-> 1, digest |-> d1, type |-> "PREPARE", src |-> 3]},view |-> (0 :> 0 @@ 1 :> 0 @@ 2 :> 0)]),
    ([msgs |-> {[view |-> 0, seq |-> 1, digest |-> d1, type |-> "PREPARE", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d1, type |-> "COMMIT", src |-> 3]},view |-> (0 :> 0 @@ 1 :> 0 @@ 2 :> 0)]),
    ([msgs |-> {[view |-> 0, seq |-> 1, digest |-> d1, type |-> "PREPARE", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d1, type |-> "COMMIT", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 3]},view |-> (0 :> 0 @@ 1 :> 0 @@ 2 :> 0)]),
    ([msgs |-> {[view |-> 0, seq |-> 1, digest |-> d1, type |-> "PREPARE", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d1, type |-> "COMMIT", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PRE-PREPARE", src |-> 0], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 3]},view |-> (0 :> 0 @@ 1 :> 0 @@ 2 :> 0)]),
    ([msgs |-> {[view |-> 0, seq |-> 1, digest |-> d1, type |-> "PREPARE", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d1, type |-> "COMMIT", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PRE-PREPARE", src |-> 0], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 2], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 3]},view |-> (0 :> 0 @@ 1 :> 0 @@ 2 :> 0)]),
    ([msgs |-> {[view |-> 0, seq |-> 1, digest |-> d1, type |-> "PREPARE", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d1, type |-> "COMMIT", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PRE-PREPARE", src |-> 0], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 1], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 2], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 3]},view |-> (0 :> 0 @@ 1 :> 0 @@ 2 :> 0)]),
    ([msgs |-> {[view |-> 0, seq |-> 1, digest |-> d1, type |-> "PREPARE", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d1, type |-> "COMMIT", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PRE-PREPARE", src |-> 0], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 1], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 2], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "COMMIT", src |-> 2]},view |-> (0 :> 0 @@ 1 :> 0 @@ 2 :> 0)]),
    ([msgs |-> {[view |-> 0, seq |-> 1, digest |-> d1, type |-> "PREPARE", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d1, type |-> "COMMIT", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PRE-PREPARE", src |-> 0], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 1], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 2], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "COMMIT", src |-> 1], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "COMMIT", src |-> 2]},view |-> (0 :> 0 @@ 1 :> 0 @@ 2 :> 0)]),
    ([msgs |-> {[view |-> 0, seq |-> 1, digest |-> d1, type |-> "PREPARE", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d1, type |-> "COMMIT", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PRE-PREPARE", src |-> 0], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 1], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 2], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "PREPARE", src |-> 3], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "COMMIT", src |-> 0], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "COMMIT", src |-> 1], [view |-> 0, seq |-> 1, digest |-> d2, type |-> "COMMIT", src |-> 2]},view |-> (0 :> 0 @@ 1 :> 0 @@ 2 :> 0)])
    >>
----


=============================================================================

---- MODULE PBFT_TEConstants ----
EXTENDS PBFT

CONSTANTS d1, d2

=============================================================================

---- CONFIG PBFT_TTrace_1796631129 ----
CONSTANTS
    N = 4
    Byz = { 3 }
    QuorumSize = 4
    Digest = { d1 , d2 }
    Null = Null
    MaxView = 0
    MaxSeq = 1
    BugIgnoreCertificates = FALSE
    d1 = d1
    d2 = d2
    Null = Null

PROPERTY
    _prop

CHECK_DEADLOCK
    \* CHECK_DEADLOCK off because of PROPERTY or INVARIANT above.
    FALSE

INIT
    _init

NEXT
    _next

CONSTANT
    _TETrace <- _trace

ALIAS
    _expression
=============================================================================
\* Generated on Mon Dec 07 08:12:25 UTC 2026