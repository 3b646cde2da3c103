---- MODULE Zab_TTrace_1796631054 ----
EXTENDS Sequences, TLCExt, Zab_TEConstants, Toolbox, Naturals, TLC, Zab

_expression ==
    LET Zab_TEExpression == INSTANCE Zab_TEExpression
    IN Zab_TEExpression!expression
----

_trace ==
    LET Zab_TETrace == INSTANCE Zab_TETrace
    IN Zab_TETrace!trace
----

_prop ==
    ~<>[](
        synced = ((s1 :> {} @@ s2 :> {} @@ s3 :> {s1, s3}))
        /\
        role = ((s1 :> "following" @@ s2 :> "looking" @@ s3 :> "leading"))
        /\
        acceptedEpoch = ((s1 :> 1 @@ s2 :> 0 @@ s3 :> 1))
        /\
        proposed = ({[zxid |-> <<1, 1>>, value |-> v1]})
        /\
        learners = ((s1 :> {} @@ s2 :> {} @@ s3 :> {s1, s3}))
        /\
        acks = ((s1 :> {} @@ s2 :> {} @@ s3 :> {<<s1, <<1, 1>>>>, <<s3, <<1, 1>>>>}))
        /\
        delivered = ((s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<[zxid |-> <<1, 1>>, value |-> v1]>>))
        /\
        history = ((s1 :> <<[zxid |-> <<1, 1>>, value |-> v1]>> @@ s2 :> <<>> @@ s3 :> <<[zxid |-> <<1, 1>>, value |-> v1]>>))
        /\
        chan = ((s1 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>) @@ s2 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>) @@ s3 :> (s1 :> <<[zxid |-> <<1, 1>>, type |-> "COMMIT", epoch |-> 1]>> @@ s2 :> <<>> @@ s3 :> <<>>)))
        /\
        currentEpoch = ((s1 :> 1 @@ s2 :> 0 @@ s3 :> 1))
    )
----

_init ==
    /\ learners = _TETrace[1].learners
    /\ delivered = _TETrace[1].delivered
    /\ acks = _TETrace[1].acks
    /\ currentEpoch = _TETrace[1].currentEpoch
    /\ synced = _TETrace[1].synced
    /\ acceptedEpoch = _TETrace[1].acceptedEpoch
    /\ chan = _TETrace[1].chan
    /\ history = _TETrace[1].history
    /\ proposed = _TETrace[1].proposed
    /\ role = _TETrace[1].role
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ learners  = _TETrace[i].learners
        /\ learners' = _TETrace[j].learners
        /\ delivered  = _TETrace[i].delivered
        /\ delivered' = _TETrace[j].delivered
        /\ acks  = _TETrace[i].acks
        /\ acks' = _TETrace[j].acks
        /\ currentEpoch  = _TETrace[i].currentEpoch
        /\ currentEpoch' = _TETrace[j].currentEpoch
        /\ synced  = _TETrace[i].synced
        /\ synced' = _TETrace[j].synced
        /\ acceptedEpoch  = _TETrace[i].acceptedEpoch
        /\ acceptedEpoch' = _TETrace[j].acceptedEpoch
        /\ chan  = _TETrace[i].chan
        /\ chan' = _TETrace[j].chan
        /\ history  = _TETrace[i].history
        /\ history' = _TETrace[j].history
        /\ proposed  = _TETrace[i].proposed
        /\ proposed' = _TETrace[j].proposed
        /\ role  = _TETrace[i].role
        /\ role' = _TETrace[j].role

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("Zab_TTrace_1796631054.json", _TETrace)

=============================================================================

 Note that you can extract this module `Zab_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `Zab_TEExpression.tla` file takes precedence 
  over the module `Zab_TEExpression` below).

---- MODULE Zab_TEExpression ----
EXTENDS Sequences, TLCExt, Zab_TEConstants, Toolbox, Naturals, TLC, Zab

expression == 
    [
        \* To hide variables of the `Zab` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        learners |-> learners
        ,delivered |-> delivered
        ,acks |-> acks
        ,currentEpoch |-> currentEpoch
        ,synced |-> synced
        ,acceptedEpoch |-> acceptedEpoch
        ,chan |-> chan
        ,history |-> history
        ,proposed |-> proposed
        ,role |-> role
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_learnersUnchanged |-> learners = learners'
        
        \* Format the `learners` variable as Json value.
        \* ,_learnersJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(learners)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_learnersModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].learners # _TETrace[s-1].learners
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE Zab_TETrace ----
\*EXTENDS IOUtils, Zab_TEConstants, TLC, Zab
\*
\*trace == IODeserialize("Zab_TTrace_1796631054.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE Zab_TETrace ----
EXTENDS Zab_TEConstants, TLC, Zab

trace == 
    <<
    ([synced |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {}),role |-> (s1 :> "looking" @@ s2 :> "looking" @@ s3 :> "looking"),acceptedEpoch |-> (s1 :> 0 @@ s2 :> 0 @@ s3 :> 0),proposed |-> {},learners |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {}),acks |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {}),delivered |-> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>),history |-> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>),chan |-> (s1 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>) @@ s2 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>) @@ s3 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>)),currentEpoch |-> (s1 :> 0 @@ s2 :> 0 @@ s3 :> 0)]),
    ([synced |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {s3}),role |-> (s1 :> "following" @@ s2 :> "looking" @@ s3 :> "leading"),acceptedEpoch |-> (s1 :> 1 @@ s2 :> 0 @@ s3 :> 1),proposed |-> {},learners |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {s1, s3}),acks |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {}),delivered |-> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>),history |-> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>),chan |-> (s1 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>) @@ s2 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>) @@ s3 :> (s1 :> <<[type |-> "NEWLEADER", epoch |-> 1, history |-> <<>>]>> @@ s2 :> <<>> @@ s3 :> <<>>)),currentEpoch |-> (s1 :> 0 @@ s2 :> 0 @@ s3 :> 1)]),
    ([synced |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {s3}),role |-> (s1 :> "following" @@ s2 :> "looking" @@ s3 :> "leading"),acceptedEpoch |-> (s1 :> 1 @@ s2 :> 0 @@ s3 :> 1),proposed |-> {},learners |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {s1, s3}),acks |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {}),delivered |-> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>),history |-> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>),chan |-> (s1 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<[type |-> "ACKLD", epoch |-> 1]>>) @@ s2 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>) @@ s3 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>)),currentEpoch |-> (s1 :> 1 @@ s2 :> 0 @@ s3 :> 1)]),
    ([synced |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {s1, s3}),role |-> (s1 :> "following" @@ s2 :> "looking" @@ s3 :> "leading"),acceptedEpoch |-> (s1 :> 1 @@ s2 :> 0 @@ s3 :> 1),proposed |-> {},learners |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {s1, s3}),acks |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {}),delivered |-> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>),history |-> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>),chan |-> (s1 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>) @@ s2 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>) @@ s3 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>)),currentEpoch |-> (s1 :> 1 @@ s2 :> 0 @@ s3 :> 1)]),
    ([synced |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {s1, s3}),role |-> (s1 :> "following" @@ s2 :> "looking" @@ s3 :> "leading"),acceptedEpoch |-> (s1 :> 1 @@ s2 :> 0 @@ s3 :> 1),proposed |-> {[zxid |-> <<1, 1>>, value |-> v1]},learners |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {s1, s3}),acks |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {<<s3, <<1, 1>>>>}),delivered |-> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>),history |-> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<[zxid |-> <<1, 1>>, value |-> v1]>>),chan |-> (s1 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>) @@ s2 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>) @@ s3 :> (s1 :> <<[type |-> "PROPOSE", epoch |-> 1, txn |-> [zxid |-> <<1, 1>>, value |-> v1]]>> @@ s2 :> <<>> @@ s3 :> <<>>)),currentEpoch |-> (s1 :> 1 @@ s2 :> 0 @@ s3 :> 1)]),
    ([synced |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {s1, s3}),role |-> (s1 :> "following" @@ s2 :> "looking" @@ s3 :> "leading"),acceptedEpoch |-> (s1 :> 1 @@ s2 :> 0 @@ s3 :> 1),proposed |-> {[zxid |-> <<1, 1>>, value |-> v1]},learners |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {s1, s3}),acks |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {<<s3, <<1, 1>>>>}),delivered |-> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>),history |-> (s1 :> <<[zxid |-> <<1, 1>>, value |-> v1]>> @@ s2 :> <<>> @@ s3 :> <<[zxid |-> <<1, 1>>, value |-> v1]>>),chan |-> (s1 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<[zxid |-> <<1, 1>>, type |-> "ACK", epoch |-> 1]>>) @@ s2 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>) @@ s3 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>)),currentEpoch |-> (s1 :> 1 @@ s2 :> 0 @@ s3 :> 1)]),
    ([synced |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {s1, s3}),role |-> (s1 :> "following" @@ s2 :> "looking" @@ s3 :> "leading"),acceptedEpoch |-> (s1 :> 1 @@ s2 :> 0 @@ s3 :> 1),proposed |-> {[zxid |-> <<1, 1>>, value |-> v1]},learners |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {s1, s3}),acks |-> (s1 :> {} @@ s2 :> {} @@ s3 :> {<<s1, <<1, 1>>>>, <<s3, <<1, 1>>>>}),delivered |-> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<[zxid |-> <<1, 1>>, value |-> v1]>>),history |-> (s1 :> <<[zxid |-> <<1, 1>>, value |-> v1]>> @@ s2 :> <<>> @@ s3 :> <<[zxid |-> <<1, 1>>, value |-> v1]>>),chan |-> (s1 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>) @@ s2 :> (s1 :> <<>> @@ s2 :> <<>> @@ s3 :> <<>>) @@ s3 :> (s1 :> <<[zxid |-> <<1, 1>>, type |-> "COMMIT", epoch |-> 1]>> @@ s2 :> <<>> @@ s3 :> <<>>)),currentEpoch |-> (s1 :> 1 @@ s2 :> 0 @@ s3 :> 1)])
    >>
----


=============================================================================

---- MODULE Zab_TEConstants ----
EXTENDS Zab

CONSTANTS s1, s2, s3, v1

=============================================================================

---- CONFIG Zab_TTrace_1796631054 ----
CONSTANTS
    Server = { s1 , s2 , s3 }
    Value = { v1 }
    MaxEpoch = 2
    MaxTxn = 1
    Quorum <- SmallestMajorities
    BugKeepHistory = FALSE
    BugSkipEpochCheck = FALSE
    s2 = s2
    s3 = s3
    v1 = v1
    s1 = s1

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
\* Generated on Mon Dec 07 08:11:16 UTC 2026