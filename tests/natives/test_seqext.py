"""SequencesExt, operator by operator: values from the module's definitions, and TLC's
overrides where they differ (SetToSeq's order, the folds, strings in IsPrefix and the
ReplaceSubSeq operators)."""

from __future__ import annotations

import pytest

from tests.natives.helpers import shown, step_failure

CASES = [
    ("ToSet(V(<<3, 1, 3>>))", "{1, 3}"),
    ('ToBag(V(<<"a", "b", "a">>))', "[a |-> 2, b |-> 1]"),
    ("SetToSeq(V({3, 1, 2}))", "<<1, 2, 3>>"),
    ("SetToSeq(V({}))", "<<>>"),
    ("SetToSeqs(V({1, 2}))", "{<<1, 2>>, <<2, 1>>}"),
    ("SetToSeqs(V({}))", "{<<>>}"),
    ("SetToSortSeq(V({3, 1, 2}), >)", "<<3, 2, 1>>"),
    ("SetToAllKPermutations(V({1, 2}))", "{<<>>, <<1>>, <<2>>, <<1, 2>>, <<2, 1>>}"),
    ("TupleOf(V({0, 1}), 2)", "{<<0, 0>>, <<0, 1>>, <<1, 0>>, <<1, 1>>}"),
    ("SeqOf(V({7}), 2)", "{<<>>, <<7>>, <<7, 7>>}"),
    (
        "<<<<1, 2>> \\in BoundedSeq(V(1..3), 2), <<1, 2, 3>> \\in BoundedSeq(V(1..3), 2)>>",
        "<<TRUE, FALSE>>",
    ),
    ("<<Contains(V(<<1, 2>>), 2), Contains(V(<<1, 2>>), 3)>>", "<<TRUE, FALSE>>"),
    ("<<IsSorted(V(<<1, 2, 2>>), <=), IsSorted(V(<<1, 3, 2>>), <)>>", "<<TRUE, FALSE>>"),
    ("Reverse(V(<<1, 2, 3>>))", "<<3, 2, 1>>"),
    ("Remove(V(<<1, 2, 1, 3>>), 1)", "<<2, 3>>"),
    ("ReplaceAll(V(<<1, 2, 1>>), 1, 9)", "<<9, 2, 9>>"),
    ("SelectInSeq(V(<<1, 4, 6>>), LAMBDA x : x % 2 = 0)", "2"),
    ("SelectInSeq(V(<<1, 3>>), LAMBDA x : x % 2 = 0)", "0"),
    ("SelectLastInSeq(V(<<1, 4, 6>>), LAMBDA x : x % 2 = 0)", "3"),
    ("SelectInSubSeq(V(<<2, 4, 6, 8>>), 2, 3, LAMBDA x : x > 4)", "3"),
    ("SelectInSubSeq(V(<<2, 4>>), 2, 1, LAMBDA x : TRUE)", "0"),
    ("SelectLastInSubSeq(V(<<2, 4, 6, 8>>), 1, 3, LAMBDA x : x < 5)", "2"),
    ("InsertAt(V(<<1, 3>>), 2, 2)", "<<1, 2, 3>>"),
    ("InsertAt(V(<<1, 2>>), 3, 3)", "<<1, 2, 3>>"),
    ("ReplaceAt(V(<<1, 2, 3>>), 2, 9)", "<<1, 9, 3>>"),
    ("RemoveAt(V(<<1, 2, 3>>), 2)", "<<1, 3>>"),
    ("RemoveFirst(V(<<1, 2, 1>>), 1)", "<<2, 1>>"),
    ("RemoveFirst(V(<<1, 2>>), 5)", "<<1, 2>>"),
    ("RemoveFirstMatch(V(<<1, 2, 4>>), LAMBDA x : x % 2 = 0)", "<<1, 4>>"),
    ("Cons(0, V(<<1>>))", "<<0, 1>>"),
    ("Snoc(2, V(<<1>>))", "<<1, 2>>"),
    ("<<Front(V(<<1, 2, 3>>)), Front(V(<<>>))>>", "<<<<1, 2>>, <<>>>>"),
    ("Last(V(<<1, 2, 3>>))", "3"),
    ("<<IsPrefix(V(<<1>>), <<1, 2>>), IsPrefix(V(<<2>>), <<1, 2>>)>>", "<<TRUE, FALSE>>"),
    ('<<IsPrefix(V("ab"), "abc"), IsPrefix(V("b"), "abc")>>', "<<TRUE, FALSE>>"),
    ("<<IsStrictPrefix(V(<<1>>), <<1>>), IsStrictPrefix(V(<<>>), <<1>>)>>", "<<FALSE, TRUE>>"),
    ("<<IsSuffix(V(<<2>>), <<1, 2>>), IsStrictSuffix(V(<<1, 2>>), <<1, 2>>)>>", "<<TRUE, FALSE>>"),
    ("Prefixes(V(<<1, 2>>))", "{<<>>, <<1>>, <<1, 2>>}"),
    ("CommonPrefixes(V({<<1, 2>>, <<1, 3>>}))", "{<<>>, <<1>>}"),
    ("LongestCommonPrefix(V({<<1, 2, 3>>, <<1, 2, 4>>, <<1, 2>>}))", "<<1, 2>>"),
    ('LongestCommonPrefix(V({"abc", "abd"}))', '"ab"'),
    ("Suffixes(V(<<1, 2>>))", "{<<>>, <<2>>, <<1, 2>>}"),
    ("<<SeqMod(V(6), 3), SeqMod(V(7), 3)>>", "<<3, 1>>"),
    ("FoldSeq(LAMBDA x, acc : acc \\o <<x>>, <<>>, V(<<1, 2, 3>>))", "<<1, 2, 3>>"),
    ("FoldLeft(LAMBDA acc, x : acc - x, 10, V(<<1, 2, 3>>))", "4"),
    ("FoldRight(LAMBDA x, acc : x - acc, V(<<1, 2, 3>>), 10)", "-8"),
    ('FoldLeftDomain(LAMBDA acc, i : acc \\o <<i>>, <<>>, V(<<"a", "b">>))', "<<1, 2>>"),
    ('FoldRightDomain(LAMBDA i, acc : acc \\o <<i>>, V(<<"a", "b">>), <<>>)', "<<2, 1>>"),
    ("FlattenSeq(V(<<<<1>>, <<>>, <<2, 3>>>>))", "<<1, 2, 3>>"),
    ('FlattenSeq(V(<<"ab", "c">>))', '"abc"'),
    ("FlattenSeq(V(<<>>))", "<<>>"),
    ('Zip(V(<<1, 2, 3>>), <<"a", "b">>)', '<<<<1, "a">>, <<2, "b">>>>'),
    ("Interleave(V(<<1, 2>>), <<3, 4>>)", "<<<<1>>, <<3>>, <<2>>, <<4>>>>"),
    ("Interleave(V(<<>>), <<>>)", "<<<<>>, <<>>>>"),
    ("SubSeqs(V(<<1, 2>>))", "{<<>>, <<1>>, <<2>>, <<1, 2>>}"),
    (
        "AllSubSeqs(V(<<1, 2, 1>>))",
        "{<<>>, <<1>>, <<2>>, <<1, 1>>, <<1, 2>>, <<2, 1>>, <<1, 2, 1>>}",
    ),
    ("IndexFirstSubSeq(V(<<2, 3>>), <<1, 2, 3, 2, 3>>)", "2"),
    ("IndexFirstSubSeq(V(<<>>), <<1>>)", "1"),
    ("ReplaceSubSeqAt(2, <<9>>, <<2, 3>>, V(<<1, 2, 3, 4>>))", "<<1, 9, 4>>"),
    ("ReplaceFirstSubSeq(<<9>>, <<2>>, V(<<2, 1, 2>>))", "<<9, 1, 2>>"),
    ("ReplaceFirstSubSeq(<<9>>, <<5>>, V(<<2, 1, 2>>))", "<<2, 1, 2>>"),
    ("ReplaceFirstSubSeq(<<9>>, <<>>, V(<<1>>))", "<<9, 1>>"),
    ('ReplaceFirstSubSeq("x", "b", V("abcb"))', '"axcb"'),
    ('ReplaceFirstSubSeq("x", "", V("ab"))', '"xab"'),
    ("ReplaceAllSubSeqs(<<9>>, <<1, 2>>, V(<<1, 2, 3, 1, 2>>))", "<<9, 3, 9>>"),
    ("ReplaceAllSubSeqs(<<0>>, <<1, 1>>, V(<<1, 1, 1>>))", "<<0, 1>>"),
    ("ReplaceAllSubSeqs(<<0>>, <<>>, V(<<1, 2>>))", "<<0, 1, 0, 2>>"),
    ("ReplaceAllSubSeqs(<<0>>, <<1, 2>>, V(<<1, 2>>))", "<<0>>"),
    ('ReplaceAllSubSeqs("x", "ab", V("abcab"))', '"xcx"'),
    ('ReplaceAllSubSeqs("-", "", V("ab"))', '"-a-b"'),
]


@pytest.mark.parametrize("codegen", ["1", "0"], ids=["generated", "closures"])
@pytest.mark.parametrize(("expr", "value"), CASES, ids=[c for c, _ in CASES])
def test_values(expr: str, value: str, codegen: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHECKER_CODEGEN", codegen)
    assert shown(expr) == value


ERRORS = [
    ("Reverse(V({1}))", "E401", "Reverse expects a sequence"),
    ("Last(V(<<>>))", "E403", "not in the domain"),
    ("SelectInSeq(V(<<1>>), LAMBDA x : 3)", "E401", "the test of SelectInSeq"),
    ("SelectInSubSeq(V(<<1>>), 1, 2, LAMBDA x : TRUE)", "E403", "outside the domain"),
    ("FoldLeft(+, 0, V({1}))", "E401", "FoldLeft expects a sequence"),
    ("LongestCommonPrefix(V({}))", "E401", "a non-empty set"),
    ("IndexFirstSubSeq(V(<<5>>), <<1>>)", "E404", "does not occur"),
    ("Interleave(V(<<1>>), <<>>)", "E409", "CASE"),
    ("InsertAt(V(<<1>>), 4, 0)", "E403", "SubSeq"),
    ("SetToSortSeq(V({1, 2}), LAMBDA a, b : 0)", "E401", "comparator"),
]


@pytest.mark.parametrize("codegen", ["1", "0"], ids=["generated", "closures"])
@pytest.mark.parametrize(("expr", "code", "words"), ERRORS, ids=[c for c, _, _ in ERRORS])
def test_bad_arguments_are_located_errors(
    expr: str, code: str, words: str, codegen: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHECKER_CODEGEN", codegen)
    diag = step_failure(expr)
    assert diag.code == code, diag
    assert words in diag.message, diag.message
    assert diag.span is not None and diag.span.line == 6, diag.span
