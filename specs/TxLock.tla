------------------------------- MODULE TxLock -------------------------------
(***************************************************************************)
(* Transaction locking by a masternode quorum ("InstantSend"), after       *)
(* Duffield, Schinzel and Gutierrez, "Transaction Locking and Masternode   *)
(* Consensus: A Mechanism for Mitigating Double Spending Attacks" (2014).  *)
(*                                                                         *)
(* The protocol.  A client broadcasts ("txlock", tx, nBlockHeight, sig).   *)
(* A deterministic quorum of masternodes, chosen by a score derived from   *)
(* the block hash (10 nodes in the paper), votes on the request.  A        *)
(* transaction is locked once it holds T votes for every input it spends   *)
(* (6 of 10 in Dash Core).  From then on every node rejects transactions   *)
(* that conflict with it (spend a common input) and rejects blocks that    *)
(* contain such a transaction.  Without a lock the transaction falls back  *)
(* to ordinary confirmation in a block.                                    *)
(*                                                                         *)
(* Fault model.                                                            *)
(*  - MN is the quorum selected for the block height of the request; the   *)
(*    selection itself is not modelled.  Byz \subseteq MN are the          *)
(*    masternodes the attacker controls (Sybil attack: he bought them and  *)
(*    they happened to be selected).  A Byzantine masternode signs any     *)
(*    vote, for any transaction and input, one vote per step; it cannot    *)
(*    sign under another masternode's identity.                            *)
(*  - Honest masternodes vote at most once per input: the first lock       *)
(*    request they see for an input wins, and they never vote for a        *)
(*    transaction that conflicts with a lock or with a confirmed block.    *)
(*    An honest masternode may also never vote (crashed, disconnected).    *)
(*  - The network is asynchronous: votes form a set of sent messages that  *)
(*    only grows; any node may see any subset of them in any order, so a   *)
(*    lock is "completed" as soon as the votes for it exist, and nothing   *)
(*    stops two different nodes from completing two conflicting locks      *)
(*    except the arithmetic of the votes.                                  *)
(*  - The attacker is also the paying client and a miner: he issues lock   *)
(*    requests for any transaction, and may mine one block in private and  *)
(*    release it later.  Honest miners extend the public chain.  The chain *)
(*    is short (MaxBlocks blocks) and each block holds one transaction.    *)
(*                                                                         *)
(* The attacks of the paper (section 4) and where they live:               *)
(*  - Sybil / quorum control: the size of Byz (a constant).                *)
(*  - Finney attack: MinePrivate, then Lock, then ReleasePrivate.          *)
(*  - Lock race: RequestLock for two conflicting transactions, after which *)
(*    honest votes split according to which request each node saw first.  *)
(*  - Conflicting consensus messages: ByzVote lets an attacker's           *)
(*    masternode vote for both of two conflicting transactions.            *)
(*  - No consensus: when neither side of a race reaches T (split votes,    *)
(*    silent masternodes) no lock forms and Mine confirms a transaction in *)
(*    a block the ordinary way.                                            *)
(*                                                                         *)
(* Safety.  Two conflicting locks need T votes each on a common input, so  *)
(* at least 2T - n masternodes voted for both; honest ones never do.  The  *)
(* locks are therefore safe when T > n/2 and |Byz| < 2T - n (n = |MN|).    *)
(* The buggy models break one of these, or let blocks ignore locks.        *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    MN,          \* the masternode quorum that votes on lock requests
    Byz,         \* the masternodes controlled by the attacker
    T,           \* votes needed on every input for a lock to complete
    MaxBlocks,   \* length of the modelled chain
    BuggyBlocksIgnoreLocks  \* BUG when TRUE: blocks may contain transactions
                            \* that conflict with a lock

ASSUME /\ Byz \subseteq MN
       /\ T \in 1..Cardinality(MN)
       /\ MaxBlocks \in Nat
       /\ BuggyBlocksIgnoreLocks \in BOOLEAN

\* The condition under which locks are safe (not assumed: buggy models break it).
SafeParameters == /\ 2 * T > Cardinality(MN)
                  /\ Cardinality(Byz) < 2 * T - Cardinality(MN)

(***************************************************************************)
(* Transactions.  The attacker owns coins c1 and c2.  "toMerchant" spends  *)
(* both to pay a merchant; "toSelf" spends c2 back to the attacker.  They  *)
(* conflict on c2: that is the double spend.  Having a transaction with    *)
(* two inputs makes "T votes for every input" a real condition.            *)
(***************************************************************************)
Tx == {"toMerchant", "toSelf"}
Input == {"c1", "c2"}
Spends(t) == IF t = "toMerchant" THEN {"c1", "c2"} ELSE {"c2"}

NoTx == "none"            \* an empty slot of the chain, or no private block
Height == 1..MaxBlocks    \* block heights of the modelled chain

\* t and u are different transactions that spend a common input.
Conflict(t, u) == t # u /\ Spends(t) \cap Spends(u) # {}

VARIABLES
    requested,  \* transactions broadcast with a "txlock" request
    votes,      \* signed votes <<masternode, transaction, input>> sent so far
    locked,     \* transactions whose lock has completed (at some node)
    chain,      \* chain[h]: the transaction in the block at height h, or NoTx
    private     \* the attacker's withheld block: its transaction and height

vars == <<requested, votes, locked, chain, private>>

TypeOK == /\ requested \subseteq Tx
          /\ votes \subseteq MN \X Tx \X Input
          /\ locked \subseteq Tx
          /\ chain \in [Height -> Tx \cup {NoTx}]
          /\ private \in [tx : Tx \cup {NoTx}, height : 0..MaxBlocks]

NoPrivateBlock == [tx |-> NoTx, height |-> 0]

-----------------------------------------------------------------------------
(* Views of the state used by the actions and the invariants. *)

\* Height of the chain tip (blocks fill heights 1, 2, ... in order).
Tip == Cardinality({h \in Height : chain[h] # NoTx})

OnChain == {chain[h] : h \in 1..Tip}

\* Some transaction on the chain already spends an input of t.
SpentOnChain(t) == \E u \in OnChain : Conflict(t, u)

ConflictsWithLock(t) == \E u \in locked : Conflict(t, u)

\* The masternodes that voted for t on input i.
Voters(t, i) == {m \in MN : <<m, t, i>> \in votes}

\* m has voted for some transaction on input i.
HasVotedOn(m, i) == \E u \in Tx : <<m, u, i>> \in votes

\* t holds the threshold of votes on every input it spends.
EnoughVotes(t) == \A i \in Spends(t) : Cardinality(Voters(t, i)) >= T

\* What every node checks before accepting t into a block on the chain.
ValidInBlock(t) == /\ t \notin OnChain
                   /\ ~ SpentOnChain(t)
                   /\ BuggyBlocksIgnoreLocks \/ ~ ConflictsWithLock(t)

-----------------------------------------------------------------------------
Init == /\ requested = {}
        /\ votes = {}
        /\ locked = {}
        /\ chain = [h \in Height |-> NoTx]
        /\ private = NoPrivateBlock

(***************************************************************************)
(* The client (here always the attacker) broadcasts a lock request for t.  *)
(* Requesting both conflicting transactions is the lock race of section    *)
(* 4.3: the order in which honest masternodes then see the two requests    *)
(* is the order in which they take HonestVote steps.                       *)
(***************************************************************************)
RequestLock(t) ==
    /\ t \notin requested
    /\ requested' = requested \cup {t}
    /\ UNCHANGED <<votes, locked, chain, private>>

(***************************************************************************)
(* An honest masternode m votes for a requested transaction t: it signs a  *)
(* vote for t on every input of t.  First seen wins: m votes only if it    *)
(* has voted on none of t's inputs yet, so it never votes for two          *)
(* conflicting transactions.  It also refuses t if t conflicts with a lock *)
(* it knows of or with a transaction already confirmed on the chain.       *)
(***************************************************************************)
HonestVote(m, t) ==
    /\ t \in requested
    /\ \A i \in Spends(t) : ~ HasVotedOn(m, i)
    /\ ~ ConflictsWithLock(t)
    /\ ~ SpentOnChain(t)
    /\ votes' = votes \cup {<<m, t, i>> : i \in Spends(t)}
    /\ UNCHANGED <<requested, locked, chain, private>>

(***************************************************************************)
(* A Byzantine masternode signs any single vote: for any transaction, on   *)
(* any of its inputs, requested or not.  Voting for two conflicting        *)
(* transactions is the "conflicting consensus messages" attack (4.5).      *)
(***************************************************************************)
ByzVote(m, t, i) ==
    /\ <<m, t, i>> \notin votes
    /\ votes' = votes \cup {<<m, t, i>>}
    /\ UNCHANGED <<requested, locked, chain, private>>

(***************************************************************************)
(* A node sees T votes for every input of t and considers t locked.  Nodes *)
(* do not coordinate, so this step has no guard against a lock on a        *)
(* conflicting transaction: only the vote arithmetic prevents that, and    *)
(* NoConflictingLocks checks it.                                           *)
(*                                                                         *)
(* RULE for the race between a lock and a block.  Votes may reach T after  *)
(* a block holding a conflicting transaction was added to the chain (the   *)
(* attacker releases his private block between the votes and the lock).    *)
(* We take the rule "refuse to complete a lock whose input is already      *)
(* spent on the chain": the chain wins, the lock never completes, and the  *)
(* merchant, who sees no lock, falls back to block confirmation.  (The     *)
(* alternative, invalidating the unconfirmed conflicting block, would need *)
(* chain reorganisations and is not modelled.)                             *)
(***************************************************************************)
Lock(t) ==
    /\ t \in requested
    /\ t \notin locked
    /\ EnoughVotes(t)
    /\ ~ SpentOnChain(t)                \* the race rule above
    /\ locked' = locked \cup {t}
    /\ UNCHANGED <<requested, votes, chain, private>>

(***************************************************************************)
(* An honest miner confirms a broadcast transaction t in a new block on    *)
(* the public chain.  This is also the fallback when no lock forms (4.4):  *)
(* t is confirmed whether or not it is locked.  A block conflicting with a *)
(* lock is refused, unless BuggyBlocksIgnoreLocks.                         *)
(***************************************************************************)
Mine(t) ==
    /\ Tip < MaxBlocks
    /\ t \in requested
    /\ ValidInBlock(t)
    /\ chain' = [chain EXCEPT ![Tip + 1] = t]
    /\ UNCHANGED <<requested, votes, locked, private>>

(***************************************************************************)
(* Finney attack, first half (4.2): the attacker mines, on top of the      *)
(* current tip, a block holding t (typically "toSelf", never broadcast)    *)
(* and keeps it to himself.  He withholds at most one block.               *)
(***************************************************************************)
MinePrivate(t) ==
    /\ private = NoPrivateBlock
    /\ Tip < MaxBlocks
    /\ t \notin OnChain
    /\ ~ SpentOnChain(t)
    /\ private' = [tx |-> t, height |-> Tip + 1]
    /\ UNCHANGED <<requested, votes, locked, chain>>

(***************************************************************************)
(* Finney attack, second half: after being paid (typically once the        *)
(* merchant's transaction is locked) the attacker publishes his block.     *)
(* It is only a candidate while it still extends the tip (an honest block  *)
(* at its height makes it stale), and nodes refuse it if its transaction   *)
(* conflicts with a lock, unless BuggyBlocksIgnoreLocks.                   *)
(***************************************************************************)
ReleasePrivate ==
    /\ private # NoPrivateBlock
    /\ private.height = Tip + 1
    /\ BuggyBlocksIgnoreLocks \/ ~ ConflictsWithLock(private.tx)
    /\ chain' = [chain EXCEPT ![Tip + 1] = private.tx]
    /\ private' = NoPrivateBlock
    /\ UNCHANGED <<requested, votes, locked>>

Next == \/ \E t \in Tx : \/ RequestLock(t)
                         \/ Lock(t)
                         \/ Mine(t)
                         \/ MinePrivate(t)
                         \/ \E m \in MN \ Byz : HonestVote(m, t)
                         \/ \E m \in Byz, i \in Spends(t) : ByzVote(m, t, i)
        \/ ReleasePrivate

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Safety properties. *)

\* No two conflicting transactions are both locked: the double spend fails.
NoConflictingLocks == \A t, u \in locked : ~ Conflict(t, u)

\* No block on the chain holds a transaction conflicting with a locked one:
\* a lock, once completed, is never reversed by the chain (Finney attack).
LockNotReversed == \A t \in locked : \A u \in OnChain : ~ Conflict(t, u)

\* Every lock is justified by T votes on each input it spends.
LockJustified == \A t \in locked : EnoughVotes(t)

\* An honest masternode votes for at most one transaction per input.
HonestVoteOnce == \A m \in MN \ Byz, i \in Input :
                     \A t, u \in Tx : <<m, t, i>> \in votes /\ <<m, u, i>> \in votes
                                         => t = u

-----------------------------------------------------------------------------
(***************************************************************************)
(* Supporting invariants for inductive proofs (for instance with Z3 for    *)
(* n = 4, T = 3, one Byzantine masternode).  TypeOK gives every variable a *)
(* type of the form x \subseteq S or x \in S.                              *)
(*                                                                         *)
(* NoConflictingLocksInd is an inductive invariant that implies            *)
(* NoConflictingLocks.  The heart of the proof is Lock(t): t has T votes   *)
(* on each of its inputs; a locked u conflicting with t has T votes on the *)
(* common input i (LockJustified); by HonestVoteOnce the two voter sets    *)
(* overlap only in Byz, so together they hold at most n + |Byz| votes on i *)
(* (VoteBudget, a consequence of HonestVoteOnce), and 2T > n + |Byz| is    *)
(* SafeParameters.  HonestVote keeps HonestVoteOnce by its guard.          *)
(*                                                                         *)
(* TxLockInd adds the facts that make LockNotReversed inductive too: the   *)
(* chain is a gap-free sequence of non-conflicting transactions, and a     *)
(* withheld block that still extends the tip is valid on the chain.        *)
(***************************************************************************)

\* Honest once-voting bounds the votes two conflicting transactions can hold
\* on a common input: every masternode counts once, Byzantine ones twice.
VoteBudget ==
    \A t, u \in Tx : \A i \in Spends(t) \cap Spends(u) :
        t # u => Cardinality(Voters(t, i)) + Cardinality(Voters(u, i))
                    <= Cardinality(MN) + Cardinality(Byz)

NoConflictingLocksInd == /\ TypeOK
                         /\ HonestVoteOnce
                         /\ LockJustified
                         /\ NoConflictingLocks

\* Every vote is on an input that its transaction spends.
VotesWellFormed == \A v \in votes : v[3] \in Spends(v[2])

\* Honest masternodes vote only for requested transactions, on all their
\* inputs at once.
HonestVotesWhole ==
    \A v \in votes : v[1] \notin Byz =>
        /\ v[2] \in requested
        /\ \A i \in Spends(v[2]) : <<v[1], v[2], i>> \in votes

\* Locks complete only for requested transactions.
LockedRequested == locked \subseteq requested

\* Blocks fill the chain from height 1 with no gaps, and no two blocks hold
\* the same or conflicting transactions.
ChainWellFormed ==
    /\ \A h \in Height : chain[h] # NoTx => \A g \in 1..h : chain[g] # NoTx
    /\ \A g, h \in 1..Tip : g # h => /\ chain[g] # chain[h]
                                     /\ ~ Conflict(chain[g], chain[h])

\* A withheld block was mined at most one block above the tip; while it
\* still extends the tip, its transaction is valid on the chain.
PrivateWellFormed ==
    private # NoPrivateBlock =>
        /\ private.tx \in Tx
        /\ private.height \in 1..(Tip + 1)
        /\ private.height = Tip + 1 => /\ private.tx \notin OnChain
                                      /\ ~ SpentOnChain(private.tx)

TxLockInd == /\ NoConflictingLocksInd
             /\ VotesWellFormed
             /\ HonestVotesWhole
             /\ LockedRequested
             /\ ChainWellFormed
             /\ PrivateWellFormed
             /\ LockNotReversed

-----------------------------------------------------------------------------
(***************************************************************************)
(* Liveness.  A transaction broadcast with a lock request is eventually    *)
(* decided: locked, confirmed in a block, or refused because a conflicting *)
(* transaction was locked or confirmed first.  Locking alone cannot        *)
(* promise that: in a lock race the honest votes may split so that        *)
(* neither side reaches T (section 4.4, "no consensus"), and Byzantine     *)
(* masternodes need not vote at all.  The paper's answer is the fallback:  *)
(* a transaction without a lock is confirmed in a block the ordinary way.  *)
(*                                                                         *)
(* FairSpec assumes that honest masternodes vote on the requests they see  *)
(* (weak fairness of each one's votes), that a node completes a lock once  *)
(* its votes exist (weak fairness of Lock, per transaction), and that      *)
(* honest miners keep confirming broadcast transactions (weak fairness of  *)
(* Mine, per transaction).  The attacker (requests, Byzantine votes,       *)
(* private blocks) gets no fairness.  NoMiningFairSpec drops the miners':  *)
(* then a split race leaves both transactions undecided forever.           *)
(***************************************************************************)
VoteAndLockFairness ==
    /\ \A m \in MN \ Byz : WF_vars(\E t \in Tx : HonestVote(m, t))
    /\ \A t \in Tx : WF_vars(Lock(t))

FairSpec == Spec /\ VoteAndLockFairness /\ \A t \in Tx : WF_vars(Mine(t))

NoMiningFairSpec == Spec /\ VoteAndLockFairness

\* t is locked, confirmed, or refused for good: a transaction it conflicts
\* with is locked or on the chain, so honest nodes never accept it.
Decided(t) == \/ t \in locked
              \/ t \in OnChain
              \/ ConflictsWithLock(t)
              \/ SpentOnChain(t)

\* Every transaction requested is eventually decided.
RequestDecided == \A t \in Tx : (t \in requested) ~> Decided(t)
=============================================================================
