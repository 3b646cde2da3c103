---- MODULE TxLock_TTrace_1796631152 ----
EXTENDS Sequences, TLCExt, Toolbox, TxLock, Naturals, TLC, TxLock_TEConstants

_expression ==
    LET TxLock_TEExpression == INSTANCE TxLock_TEExpression
    IN TxLock_TEExpression!expression
----

_trace ==
    LET TxLock_TETrace == INSTANCE TxLock_TETrace
    IN TxLock_TETrace!trace
----

_prop ==
    ~<>[](
        private = ([tx |-> "toSelf", height |-> 1])
        /\
        chain = (<<"none">>)
        /\
        requested = ({"toMerchant", "toSelf"})
        /\
        votes = ({<<m1, "toMerchant", "c1">>, <<m1, "toMerchant", "c2">>, <<m2, "toSelf", "c2">>, <<m3, "toMerchant", "c1">>, <<m3, "toMerchant", "c2">>, <<m4, "toMerchant", "c1">>, <<m4, "toSelf", "c2">>})
        /\
        locked = ({})
    )
----

_init ==
    /\ private = _TETrace[1].private
    /\ chain = _TETrace[1].chain
    /\ locked = _TETrace[1].locked
    /\ requested = _TETrace[1].requested
    /\ votes = _TETrace[1].votes
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ private  = _TETrace[i].private
        /\ private' = _TETrace[j].private
        /\ chain  = _TETrace[i].chain
        /\ chain' = _TETrace[j].chain
        /\ locked  = _TETrace[i].locked
        /\ locked' = _TETrace[j].locked
        /\ requested  = _TETrace[i].requested
        /\ requested' = _TETrace[j].requested
        /\ votes  = _TETrace[i].votes
        /\ votes' = _TETrace[j].votes

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("TxLock_TTrace_1796631152.json", _TETrace)

=============================================================================

 Note that you can extract this module `TxLock_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `TxLock_TEExpression.tla` file takes precedence 
  over the module `TxLock_TEExpression` below).

---- MODULE TxLock_TEExpression ----
EXTENDS Sequences, TLCExt, Toolbox, TxLock, Naturals, TLC, TxLock_TEConstants

expression == 
    [
        \* To hide variables of the `TxLock` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        private |-> private
        ,chain |-> chain
        ,locked |-> locked
        ,requested |-> requested
        ,votes |-> votes
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_privateUnchanged |-> private = private'
        
        \* Format the `private` variable as Json value.
        \* ,_privateJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(private)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_privateModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].private # _TETrace[s-1].private
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE TxLock_TETrace ----
\*EXTENDS IOUtils, TxLock, TLC, TxLock_TEConstants
\*
\*trace == IODeserialize("TxLock_TTrace_1796631152.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE TxLock_TETrace ----
EXTENDS TxLock, TLC, TxLock_TEConstants

trace == 
    <<
    ([private |-> [tx |-> "none", height |-> 0],chain |-> <<"none">>,requested |-> {},votes |-> {},locked |-> {}]),
    ([private |-> [tx |-> "toSelf", height |-> 1],chain |-> <<"none">>,requested |-> {},votes |-> {},locked |-> {}]),
    ([private |-> [tx |-> "toSelf", height |-> 1],chain |-> <<"none">>,requested |-> {"toSelf"},votes |-> {},locked |-> {}]),
    ([private |-> [tx |-> "toSelf", height |-> 1],chain |-> <<"none">>,requested |-> {"toSelf"},votes |-> {<<m4, "toMerchant", "c1">>},locked |-> {}]),
    ([private |-> [tx |-> "toSelf", height |-> 1],chain |-> <<"none">>,requested |-> {"toMerchant", "toSelf"},votes |-> {<<m4, "toMerchant", "c1">>},locked |-> {}]),
    ([private |-> [tx |-> "toSelf", height |-> 1],chain |-> <<"none">>,requested |-> {"toMerchant", "toSelf"},votes |-> {<<m4, "toMerchant", "c1">>, <<m4, "toSelf", "c2">>},locked |-> {}]),
    ([private |-> [tx |-> "toSelf", height |-> 1],chain |-> <<"none">>,requested |-> {"toMerchant", "toSelf"},votes |-> {<<m3, "toMerchant", "c1">>, <<m3, "toMerchant", "c2">>, <<m4, "toMerchant", "c1">>, <<m4, "toSelf", "c2">>},locked |-> {}]),
    ([private |-> [tx |-> "toSelf", height |-> 1],chain |-> <<"none">>,requested |-> {"toMerchant", "toSelf"},votes |-> {<<m2, "toSelf", "c2">>, <<m3, "toMerchant", "c1">>, <<m3, "toMerchant", "c2">>, <<m4, "toMerchant", "c1">>, <<m4, "toSelf", "c2">>},locked |-> {}]),
    ([private |-> [tx |-> "toSelf", height |-> 1],chain |-> <<"none">>,requested |-> {"toMerchant", "toSelf"},votes |-> {<<m1, "toMerchant", "c1">>, <<m1, "toMerchant", "c2">>, <<m2, "toSelf", "c2">>, <<m3, "toMerchant", "c1">>, <<m3, "toMerchant", "c2">>, <<m4, "toMerchant", "c1">>, <<m4, "toSelf", "c2">>},locked |-> {}])
    >>
----


=============================================================================

---- MODULE TxLock_TEConstants ----
EXTENDS TxLock

CONSTANTS m1, m2, m3, m4

=============================================================================

---- CONFIG TxLock_TTrace_1796631152 ----
CONSTANTS
    MN = { m1 , m2 , m3 , m4 }
    Byz = { m4 }
    T = 3
    MaxBlocks = 1
    BuggyBlocksIgnoreLocks = FALSE
    m2 = m2
    m4 = m4
    m1 = m1
    m3 = m3

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
\* Generated on Mon Dec 07 08:12:58 UTC 2026