"""AST builder methods for assumptions, theorems, proofs and submodules (a mixin of
builder.Builder).

A theorem keeps its statement, which name resolution walks as SANY does; its proof is
parsed (so a malformed proof is a located syntax error) and then set aside: the proof's
parts reduce to `_Part` placeholders and the theorem keeps only the proof's span.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lark import Token

from checker.diagnostics import Span, error
from checker.lang import ast

_LEVEL_KINDS = {
    "STATE": "STATE",
    "ACTION": "ACTION",
    "ACTIONS": "ACTION",
    "TEMPORAL": "TEMPORAL",
    "TEMPORALS": "TEMPORAL",
}


class _Part:
    """A part of a proof: only its span is kept."""

    def __init__(self, span: Span) -> None:
        self.span = span


class Spans:
    """What the builder's mixins use of Builder (builder.py): the spans of tokens and of
    reductions."""

    def tok(self, t: Token) -> Span:
        raise NotImplementedError

    def span(self, first: Any, last: Any) -> Span:
        raise NotImplementedError

    def whole(self, children: Sequence[Any]) -> Span:
        raise NotImplementedError


class ProofBuilder(Spans):
    """Reductions of the grammar's statements, proofs and submodules."""

    # -- module units -------------------------------------------------------------------

    def assume(self, c: list[Any]) -> ast.Assume:
        axiom = c[0].type == "AXIOM"
        if len(c) == 4:  # ASSUME Name == P
            return ast.Assume(self.whole(c), c[3], str(c[1]), self.tok(c[1]), axiom)
        return ast.Assume(self.whole(c), c[1], axiom=axiom)

    def theorem(self, c: list[Any]) -> ast.Theorem:
        proof = c[-1] if isinstance(c[-1], ast.Proof) else None
        parts = c[:-1] if proof is not None else c
        if len(parts) == 4:  # THEOREM Name == statement
            name: Token = parts[1]
            return ast.Theorem(self.whole(c), parts[3], str(name), self.tok(name), proof)
        return ast.Theorem(self.whole(c), parts[1], proof=proof)

    def submodule(self, c: list[Any]) -> ast.Submodule:
        module: ast.Module = c[0]
        return ast.Submodule(module.span, module)

    def module_use(self, c: list[Any]) -> None:
        return None  # USE and HIDE only direct the prover

    # -- ASSUME ... PROVE ---------------------------------------------------------------

    def assume_prove(self, c: list[Any]) -> ast.AssumeProve:
        items = tuple(c[1:-2])
        return ast.AssumeProve(self.whole(c), items, c[-1])

    def new_decl(self, c: list[Any]) -> ast.NewDecl:
        item = next(x for x in c if isinstance(x, tuple))
        name, arity, name_span = item
        domain = c[-1] if isinstance(c[-1], ast.Expr) else None
        if domain is not None and arity:
            raise error(
                "E102",
                f"`{name}` takes arguments, so it cannot be declared in a set",
                name_span,
                hint=f"declare `NEW {name}({', '.join('_' * arity)})` without a set",
            )
        end = domain if domain is not None else _Part(name_span)
        return ast.NewDecl(self.span(c[0], end), "CONSTANT", name, arity, domain)

    def new_variable(self, c: list[Any]) -> ast.NewDecl:
        return ast.NewDecl(self.whole(c), "VARIABLE", str(c[-1]), 0, None)

    def new_level(self, c: list[Any]) -> ast.NewDecl:
        name, arity, name_span = c[-1]
        kind = _LEVEL_KINDS[c[-2].type]
        return ast.NewDecl(self.span(c[0], _Part(name_span)), kind, name, arity, None)

    # -- proofs (set aside) -------------------------------------------------------------

    def proof_by(self, c: list[Any]) -> ast.Proof:
        return ast.Proof(self.whole(c))

    proof_leaf = proof_steps = proof_by

    def part(self, c: list[Any]) -> _Part:
        return _Part(self.whole(c))

    step = qed_step = step_use = step_define = step_instance = step_have = step_take = part
    step_witness = step_pick = step_case = usable = facts = module_fact = op_fact = part

    def step_assert(self, c: list[Any]) -> _Part:
        # SANY reads `<1>2. CASE p -> e` as a CASE step whose `-> e` is an error
        claim = c[-1]
        if len(c) == 1 and isinstance(claim, ast.Case):
            raise error(
                "E102",
                "a step starting with CASE is a CASE step (`<n> CASE P`), not a CASE expression",
                claim.span,
                hint="put the CASE expression in parentheses",
            )
        return _Part(self.whole(c))

    def step_ref(self, c: list[Any]) -> ast.Expr:
        return ast.Unsupported(self.tok(c[0]), "naming a proof step")
