"""The action-level IR: Init and Next decomposed once into typed nodes.

An action is a tree of structural nodes (`Conj`, `Disj`, `Exists`, `Forall`, `Let`,
`IfThen`, `Case`, `Implies`, `Angle`, `Compose`, `Call`, `Arg`) ending in leaves (`Guard`,
`Assign`, `AssignIn`, `Unchanged`). Expressions stay `checker.lang.ast` nodes, read in
the scope a consumer builds while walking: a consumer binds names exactly where the
source binds them (`Exists`, `Forall`, `Let`, `Call`) and follows `Arg` to the
argument's scope, so every name of a node's expressions means what it meant in the
source. Every decision about the decomposition (which sub-formulas are actions, which
variable a leaf assigns, what UNCHANGED keeps, how a step is labelled) is taken here,
by `checker.ir.lower`, and nowhere else.

Labels (NOTE(labels)): `Call.site` is the site a step takes on entering an action
definition (the first one met from the root); `label` on a leaf (and on `Forall`,
`Implies`, `Angle`, `Exists`) is the inline disjunct's site that the leaf sets on a path no
definition has named; both are None where nothing is set (in Init, or under a call
that named the step). Sites are indexes into `Lowered.sites`.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.diagnostics import Span
from checker.lang import ast
from checker.values import Value


@dataclass(frozen=True)
class Site:
    """A named kind of step: a definition applied in Next (`Phase1b` with its parameters),
    or an inline disjunct (named after the root definition and its position)."""

    name: str
    params: tuple[str, ...]
    span: Span
    inline: bool = False

    def label(self, args: tuple[Value, ...]) -> str:
        """The step's label as TLC names actions: `Name`, `Name(v1, v2)`, `Next@3:5`."""
        from checker.values import render

        if self.inline:
            return f"{self.name}@{self.span.line}:{self.span.col}"
        if not self.params:
            return self.name
        shown = (a.text if isinstance(a, Unevaluated) else render(a) for a in args)
        return f"{self.name}(" + ", ".join(shown) + ")"


@dataclass(frozen=True)
class Unevaluated:
    """A label's argument that is an action (`memInt'`): it has no value before the step
    is taken, so the label shows its text."""

    text: str


@dataclass(frozen=True)
class Node:
    """`expr` is the source of the node (synthesised for `[A]_v`); `level` is ACTION
    when the node may assign a variable (in Init: reads the state being made), else
    STATE (at most state level)."""

    expr: ast.Expr
    level: int

    @property
    def span(self) -> Span:
        return self.expr.span


# -- leaves -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Guard(Node):
    """A condition: `expr` evaluated as a Boolean (it may read primed variables)."""

    label: int | None


@dataclass(frozen=True)
class Assign(Node):
    """`x' = value` (`x = value` in Init): x' takes the value, or is tested against it."""

    var: int  # the variable's index (declaration order; NOTE(refinement): then fresh ones)
    name: str
    value: ast.Expr
    label: int | None


@dataclass(frozen=True)
class AssignIn(Node):
    """`x' \\in value` (`x \\in value` in Init): one successor per element."""

    var: int
    name: str
    value: ast.Expr
    label: int | None


@dataclass(frozen=True)
class Unchanged(Node):
    """UNCHANGED of variables, tuples of them and definitions of such tuples: `x' = x`
    per variable, in order (repeats kept)."""

    vars: tuple[int, ...]
    names: tuple[str, ...]
    label: int | None


# -- structure ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Conj(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Disj(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Exists(Node):
    """`\\E bounds : body` over an action; `expr` is the `ast.Quant`."""

    bounds: tuple[ast.Bound, ...]
    body: Node
    label: int | None


@dataclass(frozen=True)
class Forall(Node):
    """`\\A bounds : body` over an action: a conjunction over the elements; `label` is
    set when the set is empty."""

    bounds: tuple[ast.Bound, ...]
    body: Node
    label: int | None


@dataclass(frozen=True)
class Let(Node):
    """LET defs IN body: the definitions are bound (lazily: each computed where first
    used, so never before the guards that precede its use) for the body."""

    defs: tuple[ast.Unit, ...]
    body: Node


@dataclass(frozen=True)
class IfThen(Node):
    cond: ast.Expr
    then: Node
    else_: Node


@dataclass(frozen=True)
class Case(Node):
    arms: tuple[tuple[ast.Expr, Node], ...]
    other: Node | None


@dataclass(frozen=True)
class Implies(Node):
    """`P => A`: the steps of A where P holds, else the step goes on (setting `label`)."""

    cond: ast.Expr
    then: Node
    label: int | None


@dataclass(frozen=True)
class Angle(Node):
    """`<<A>>_v`: the steps of A that change `sub`."""

    action: Node
    sub: ast.Expr
    label: int | None


@dataclass(frozen=True)
class Compose(Node):
    """`A \\cdot B`, action composition as TLC's (experimental, Tool.getNextStates): the
    steps s -> u such that s -A-> t and t -B-> u for some state t."""

    first: Node
    second: Node
    label: int | None


@dataclass(frozen=True)
class Call(Node):
    """An action-level operator applied (`expr` is the Name or Apply), its body inlined
    for this call: parameters of arity 0 stand for their arguments (ByName, TLA+'s
    substitution, NOTE(primed-variables)); `local` when the operator is a LET operator
    or an operator argument. `site` names the step on entering (None: already named);
    `arg_actions` tells, per parameter of arity 0, whether its argument is itself an
    action (`x'`, shown as text in labels)."""

    defn: ast.OpDef
    module: str
    local: bool
    args: tuple[ast.Expr, ...]
    body: Node
    site: int | None
    arg_actions: tuple[bool, ...]


@dataclass(frozen=True)
class Arg(Node):
    """A parameter standing for an action-level argument (`p` with `p` bound to
    `x' = 1`): `body` is the argument's IR, read in the argument's scope."""

    name: str
    body: Node


@dataclass(frozen=True)
class Lowered:
    """Init or Next lowered: the tree and the sites its labels index."""

    root: Node
    sites: tuple[Site, ...]
    site: int  # the root's own (inline) site
    init: bool
