---- MODULE Fan_TTrace_1796618398 ----
EXTENDS Sequences, Fan, TLCExt, Toolbox, Naturals, TLC

_expression ==
    LET Fan_TEExpression == INSTANCE Fan_TEExpression
    IN Fan_TEExpression!expression
----

_trace ==
    LET Fan_TETrace == INSTANCE Fan_TETrace
    IN Fan_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        a = (5)
        /\
        b = (0)
        /\
        c = (0)
    )
----

_init ==
    /\ a = _TETrace[1].a
    /\ b = _TETrace[1].b
    /\ c = _TETrace[1].c
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ a  = _TETrace[i].a
        /\ a' = _TETrace[j].a
        /\ b  = _TETrace[i].b
        /\ b' = _TETrace[j].b
        /\ c  = _TETrace[i].c
        /\ c' = _TETrace[j].c

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("Fan_TTrace_1796618398.json", _TETrace)

=============================================================================

 Note that you can extract this module `Fan_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `Fan_TEExpression.tla` file takes precedence 
  over the module `Fan_TEExpression` below).

---- MODULE Fan_TEExpression ----
EXTENDS Sequences, Fan, TLCExt, Toolbox, Naturals, TLC

expression == 
    [
        \* To hide variables of the `Fan` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        a |-> a
        ,b |-> b
        ,c |-> c
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_aUnchanged |-> a = a'
        
        \* Format the `a` variable as Json value.
        \* ,_aJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(a)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_aModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].a # _TETrace[s-1].a
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE Fan_TETrace ----
\*EXTENDS IOUtils, Fan, TLC
\*
\*trace == IODeserialize("Fan_TTrace_1796618398.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE Fan_TETrace ----
EXTENDS Fan, TLC

trace == 
    <<
    ([a |-> 0,b |-> 0,c |-> 0]),
    ([a |-> 1,b |-> 0,c |-> 0]),
    ([a |-> 3,b |-> 0,c |-> 0]),
    ([a |-> 5,b |-> 0,c |-> 0])
    >>
----


=============================================================================

---- CONFIG Fan_TTrace_1796618398 ----

INVARIANT
    _inv

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
\* Generated on Mon Dec 07 04:40:02 UTC 2026