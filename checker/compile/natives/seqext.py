"""The SequencesExt community module, as TLC evaluates it: its Java overrides where it has
them (SetToSeq in TLC's order, the folds, SelectInSeq ..., strings in IsPrefix and the
ReplaceSubSeq operators), the module's definitions elsewhere."""

from __future__ import annotations

import functools
import itertools
from typing import Any

from checker.compile import ops, ops_seq
from checker.compile.errors import EvalError, show_value, type_error
from checker.compile.natives.common import Native, Op, elements, integer, items, seq, set_of, truth
from checker.diagnostics import Span
from checker.values import FcnSet, Interval, SetUnion, Value, except_at, make_fcn


def to_bag(span: Span | None, s: Value) -> Value:
    pairs = items(s, "ToBag", span)
    set_of((v for _, v in pairs), span)  # NOTE(bool-int): values told apart
    counts: dict[Value, int] = {}
    for _, v in pairs:
        counts[v] = counts.get(v, 0) + 1
    return make_fcn(counts.items())


def sort_values(values: list[Value], less: Op, span: Span | None) -> tuple[Any, ...]:
    """`values` sorted by the comparator `less`, as SortSeq sorts."""

    def lt(x: Value, y: Value) -> bool:
        r = less(x, y)
        if r is True or r is False:
            return r
        raise ops.sort_key_error(x, y, span)

    def cmp(x: Value, y: Value) -> int:
        return -1 if lt(x, y) else (1 if lt(y, x) else 0)

    return tuple(sorted(values, key=functools.cmp_to_key(cmp)))


def set_to_seqs(span: Span | None, s: Value) -> Value:
    pool = elements(s, "SetToSeqs", span)
    return frozenset(itertools.permutations(pool))


def all_k_permutations(span: Span | None, s: Value) -> Value:
    pool = elements(s, "SetToAllKPermutations", span)
    return frozenset(p for k in range(len(pool) + 1) for p in itertools.permutations(pool, k))


def seq_of(span: Span | None, s: Value, n: Value) -> Value:
    """UNION {[1..m -> s] : m \\in 0..n}, membership answered without listing it."""
    ops.check_set(s, "SeqOf", span)
    top = integer(n, "SeqOf", span)
    return SetUnion(frozenset(FcnSet(Interval(1, m), s) for m in range(top + 1)))


def is_sorted(span: Span | None, s: Value, less: Op) -> bool:
    xs = seq(s, "IsSorted", span)
    return all(
        truth(less(xs[i], xs[j]), "the comparator of IsSorted", span)
        for i in range(len(xs))
        for j in range(i + 1, len(xs))
    )


def _first(xs: tuple[Any, ...], test: Op, what: str, span: Span | None) -> int:
    for i, x in enumerate(xs):
        if truth(test(x), f"the test of {what}", span):
            return i + 1
    return 0


def _last(xs: tuple[Any, ...], test: Op, what: str, span: Span | None) -> int:
    for i in range(len(xs) - 1, -1, -1):
        if truth(test(xs[i]), f"the test of {what}", span):
            return i + 1
    return 0


def _window(s: Value, lo: Value, hi: Value, what: str, span: Span | None) -> tuple[int, int]:
    """The bounds of SelectInSubSeq and SelectLastInSubSeq, checked as TLC checks them;
    (0, -1) when lo > hi."""
    xs = seq(s, what, span)
    a, b = integer(lo, what, span), integer(hi, what, span)
    if a > b:
        return 0, -1
    for v in (a, b):
        if not 1 <= v <= len(xs):
            raise EvalError(
                "E403", f"{what}: {v} is outside the domain of {show_value(xs, 80)}", span
            )
    return a, b


def select_in_sub_seq(span: Span | None, s: Value, lo: Value, hi: Value, test: Op) -> int:
    a, b = _window(s, lo, hi, "SelectInSubSeq", span)
    found = _first(s[a - 1 : b], test, "SelectInSubSeq", span) if a else 0
    return found + a - 1 if found else 0


def select_last_in_sub_seq(span: Span | None, s: Value, lo: Value, hi: Value, test: Op) -> int:
    a, b = _window(s, lo, hi, "SelectLastInSubSeq", span)
    found = _last(s[a - 1 : b], test, "SelectLastInSubSeq", span) if a else 0
    return found + a - 1 if found else 0


def insert_at(span: Span | None, s: Value, i: Value, e: Value) -> Value:
    k = integer(i, "InsertAt", span)
    n = ops_seq.length(s, span)
    head = ops_seq.subseq(s, 1, k - 1, span)
    rest = ops_seq.subseq(s, k, n, span)
    return ops_seq.concat(ops_seq.concat(head, (e,), span), rest, span)


def replace_at(span: Span | None, s: Value, i: Value, e: Value) -> Value:
    try:
        return except_at(s, i, e)
    except TypeError:
        raise type_error("ReplaceAt", "a sequence", s, span) from None


def remove_at(span: Span | None, s: Value, i: Value) -> Value:
    k = integer(i, "RemoveAt", span)
    n = ops_seq.length(s, span)
    head = ops_seq.subseq(s, 1, k - 1, span)
    return ops_seq.concat(head, ops_seq.subseq(s, k + 1, n, span), span)


def remove_first(span: Span | None, s: Value, e: Value) -> Value:
    xs = seq(s, "RemoveFirst", span)
    for i, x in enumerate(xs):
        if ops.equal(x, e, span):
            return xs[:i] + xs[i + 1 :]
    return xs


def remove_first_match(span: Span | None, s: Value, test: Op) -> Value:
    xs = seq(s, "RemoveFirstMatch", span)
    i = _first(xs, test, "RemoveFirstMatch", span)
    return xs[: i - 1] + xs[i:] if i else xs


def is_prefix(span: Span | None, s: Value, t: Value) -> bool:
    if type(s) is str and type(t) is str:
        return t.startswith(s)
    a, b = seq(s, "IsPrefix", span), seq(t, "IsPrefix", span)
    return len(a) <= len(b) and all(ops.equal(x, y, span) for x, y in zip(a, b, strict=False))


def is_suffix(span: Span | None, s: Value, t: Value) -> bool:
    a, b = seq(s, "IsSuffix", span), seq(t, "IsSuffix", span)
    return is_prefix(span, a[::-1], b[::-1])


def prefixes(span: Span | None, s: Value) -> Value:
    n = ops_seq.length(s, span)
    return frozenset(ops_seq.subseq(s, 1, k, span) for k in range(n + 1))


def common_prefixes(span: Span | None, s: Value) -> Value:
    members = elements(s, "CommonPrefixes", span)
    candidates = set_of((p for t in members for p in prefixes(span, t)), span)
    return frozenset(p for p in candidates if all(is_prefix(span, p, t) for t in members))


def longest_common_prefix(span: Span | None, s: Value) -> Value:
    members = elements(s, "LongestCommonPrefix", span)
    if not members:
        raise type_error("LongestCommonPrefix", "a non-empty set", s, span)
    if all(type(m) is str for m in members):
        strings: list[str] = members
        n = min(len(m) for m in strings)
        k = next((i for i in range(n) if len({m[i] for m in strings}) > 1), n)
        return strings[0][:k]
    seqs = [seq(m, "LongestCommonPrefix", span) for m in members]
    k = min(len(m) for m in seqs)
    for i in range(k):
        if not all(ops.equal(m[i], seqs[0][i], span) for m in seqs):
            k = i
            break
    return seqs[0][:k]


def suffixes(span: Span | None, s: Value) -> Value:
    xs = seq(s, "Suffixes", span)
    return frozenset(xs[i:] for i in range(len(xs) + 1))


def seq_mod(span: Span | None, a: Value, b: Value) -> Value:
    r = ops.mod(a, b, span)
    return b if r == 0 else r


def fold_left(span: Span | None, op: Op, base: Value, s: Value) -> Value:
    acc = base
    for x in seq(s, "FoldLeft", span):
        acc = op(acc, x)
    return acc


def fold_right(span: Span | None, op: Op, s: Value, base: Value) -> Value:
    acc = base
    for x in reversed(seq(s, "FoldRight", span)):
        acc = op(x, acc)
    return acc


def fold_left_domain(span: Span | None, op: Op, base: Value, s: Value) -> Value:
    acc = base
    for i in range(len(seq(s, "FoldLeftDomain", span))):
        acc = op(acc, i + 1)
    return acc


def fold_right_domain(span: Span | None, op: Op, s: Value, base: Value) -> Value:
    acc = base
    for i in range(len(seq(s, "FoldRightDomain", span)), 0, -1):
        acc = op(i, acc)
    return acc


def flatten_seq(span: Span | None, s: Value) -> Value:
    xs = seq(s, "FlattenSeq", span)
    if not xs:
        return xs
    return functools.reduce(lambda a, b: ops_seq.concat(a, b, span), xs[1:], xs[0])


def interleave(span: Span | None, s: Value, t: Value) -> Value:
    a, b = seq(s, "Interleave", span), seq(t, "Interleave", span)
    if len(a) != len(b):
        raise EvalError("E409", "Interleave: no CASE arm applies (the lengths differ)", span)
    if not a:
        return ((), ())
    return tuple(part for x, y in zip(a, b, strict=True) for part in ((x,), (y,)))


def sub_seqs(span: Span | None, s: Value) -> Value:
    n = ops_seq.length(s, span)
    return frozenset(ops_seq.subseq(s, i + 1, j, span) for i in range(n + 1) for j in range(n + 1))


def all_sub_seqs(span: Span | None, s: Value) -> Value:
    xs = seq(s, "AllSubSeqs", span)
    picks = itertools.product((False, True), repeat=len(xs))
    return frozenset(tuple(x for x, keep in zip(xs, p, strict=True) if keep) for p in picks)


def _find(s: tuple[Any, ...], t: tuple[Any, ...], start: int, span: Span | None) -> int:
    """The first index (from 0) at or after `start` where s occurs in t, or -1."""
    for i in range(start, len(t) - len(s) + 1):
        if all(ops.equal(x, y, span) for x, y in zip(s, t[i : i + len(s)], strict=True)):
            return i
    return -1


def index_first_sub_seq(span: Span | None, s: Value, t: Value) -> int:
    i = _find(seq(s, "IndexFirstSubSeq", span), seq(t, "IndexFirstSubSeq", span), 0, span)
    if i < 0:
        raise EvalError(
            "E404",
            f"IndexFirstSubSeq: {show_value(s)} does not occur in {show_value(t)} "
            "(CHOOSE found no witness)",
            span,
        )
    return i + 1


def replace_sub_seq_at(span: Span | None, i: Value, r: Value, s: Value, t: Value) -> Value:
    k = integer(i, "ReplaceSubSeqAt", span)
    n = ops_seq.length(t, span)
    head = ops_seq.subseq(t, 1, k - 1, span)
    tail = ops_seq.subseq(t, k + ops_seq.length(s, span), n, span)
    return ops_seq.concat(ops_seq.concat(head, r, span), tail, span)


def replace_first_sub_seq(span: Span | None, r: Value, s: Value, t: Value) -> Value:
    if type(r) is str and type(s) is str and type(t) is str:
        return r + t if not s else t.replace(s, r, 1)
    a, b = seq(s, "ReplaceFirstSubSeq", span), seq(t, "ReplaceFirstSubSeq", span)
    i = _find(a, b, 0, span)
    if i < 0:
        return b
    return ops_seq.concat(ops_seq.concat(b[:i], r, span), b[i + len(a) :], span)


def replace_all_sub_seqs(span: Span | None, r: Value, s: Value, t: Value) -> Value:
    """Every occurrence of s in t replaced by r, leftmost first, not overlapping (for an
    empty s: r before each element of t)."""
    if type(r) is str and type(s) is str and type(t) is str:
        return r + r.join(t) if not s else t.replace(s, r)
    a, b = seq(s, "ReplaceAllSubSeqs", span), seq(t, "ReplaceAllSubSeqs", span)
    if ops.equal(a, b, span):
        return r
    out: Value = ()
    if not a:
        for x in b:
            out = ops_seq.concat(ops_seq.concat(out, r, span), (x,), span)
        return out
    i = 0
    while (j := _find(a, b, i, span)) >= 0:
        out = ops_seq.concat(ops_seq.concat(out, b[i:j], span), r, span)
        i = j + len(a)
    return ops_seq.concat(out, b[i:], span)


NATIVES: dict[str, Native] = {
    "ToSet": lambda span, s: set_of((v for _, v in items(s, "ToSet", span)), span),
    "ToBag": to_bag,
    "SetToSeq": lambda span, s: tuple(elements(s, "SetToSeq", span)),
    "SetToSeqs": set_to_seqs,
    "SetToSortSeq": lambda span, s, less: sort_values(
        elements(s, "SetToSortSeq", span), less, span
    ),
    "SetToAllKPermutations": all_k_permutations,
    "TupleOf": lambda span, s, n: ops.func_set(ops.interval(1, n, span), s, span),
    "SeqOf": seq_of,
    "BoundedSeq": seq_of,
    "Contains": lambda span, s, e: any(ops.equal(x, e, span) for x in seq(s, "Contains", span)),
    "IsSorted": is_sorted,
    "Reverse": lambda span, s: seq(s, "Reverse", span)[::-1],
    "Remove": lambda span, s, e: tuple(
        x for x in seq(s, "Remove", span) if not ops.equal(x, e, span)
    ),
    "ReplaceAll": lambda span, s, old, new: tuple(
        new if ops.equal(x, old, span) else x for x in seq(s, "ReplaceAll", span)
    ),
    "SelectInSeq": lambda span, s, test: _first(
        seq(s, "SelectInSeq", span), test, "SelectInSeq", span
    ),
    "SelectInSubSeq": select_in_sub_seq,
    "SelectLastInSeq": lambda span, s, test: _last(
        seq(s, "SelectLastInSeq", span), test, "SelectLastInSeq", span
    ),
    "SelectLastInSubSeq": select_last_in_sub_seq,
    "InsertAt": insert_at,
    "ReplaceAt": replace_at,
    "RemoveAt": remove_at,
    "RemoveFirst": remove_first,
    "RemoveFirstMatch": remove_first_match,
    "Cons": lambda span, e, s: ops_seq.concat((e,), s, span),
    "Snoc": lambda span, e, s: ops_seq.seq(s, "Snoc", span) + (e,),
    "Front": lambda span, s: ops_seq.subseq(s, 1, ops_seq.length(s, span) - 1, span),
    "Last": lambda span, s: ops.apply(s, ops_seq.length(s, span), span),
    "IsPrefix": is_prefix,
    "IsStrictPrefix": lambda span, s, t: is_prefix(span, s, t) and not ops.equal(s, t, span),
    "IsSuffix": is_suffix,
    "IsStrictSuffix": lambda span, s, t: is_suffix(span, s, t) and not ops.equal(s, t, span),
    "Prefixes": prefixes,
    "CommonPrefixes": common_prefixes,
    "LongestCommonPrefix": longest_common_prefix,
    "Suffixes": suffixes,
    "SeqMod": seq_mod,
    "FoldLeft": fold_left,
    "FoldRight": fold_right,
    "FoldLeftDomain": fold_left_domain,
    "FoldRightDomain": fold_right_domain,
    "FlattenSeq": flatten_seq,
    "Zip": lambda span, s, t: tuple(zip(seq(s, "Zip", span), seq(t, "Zip", span), strict=False)),
    "Interleave": interleave,
    "SubSeqs": sub_seqs,
    "AllSubSeqs": all_sub_seqs,
    "IndexFirstSubSeq": index_first_sub_seq,
    "ReplaceSubSeqAt": replace_sub_seq_at,
    "ReplaceFirstSubSeq": replace_first_sub_seq,
    "ReplaceAllSubSeqs": replace_all_sub_seqs,
}
