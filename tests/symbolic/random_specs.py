"""Random small specs for differential tests of the symbolic checker against the explicit
engine (tests/symbolic/test_differential.py, bench/fuzz_symbolic.py).

Each spec has integers x, y (kept in 0..2 by `% 3`), a Boolean b, a function
f \\in [1..2 -> 0..2] and a set S \\subseteq 1..2; Next is a disjunction of actions made
of a guard and an assignment of every variable; the invariant is a random predicate.
Applications `f[e]` are sometimes left unguarded (e may be 0 or 3: an error TLC reports),
and CASEs sometimes lack OTHER, so evaluation errors are exercised as well."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import checker
from checker.diagnostics import CheckerError

VARS = ("x", "y", "b", "f", "S")


@dataclass
class Gen:
    rng: random.Random
    risky: float = 0.15  # how often f[e] is unguarded / a CASE has no OTHER
    bound: int = 0

    def fresh(self) -> str:
        self.bound += 1
        return f"k{self.bound}"

    def int_expr(self, depth: int) -> str:
        r = self.rng.random()
        if depth <= 0 or r < 0.3:
            return self.rng.choice(["0", "1", "2", "x", "y", "x", "y"])
        if r < 0.45:
            return f"f[{self.index(depth - 1)}]"
        if r < 0.6:
            op = self.rng.choice(["+", "-", "*"])
            return f"(({self.int_expr(depth - 1)} {op} {self.int_expr(depth - 1)}) % 3)"
        if r < 0.72:
            c, a, b = self.bool_expr(depth - 1), self.int_expr(depth - 1), self.int_expr(depth - 1)
            return f"(IF {c} THEN {a} ELSE {b})"
        if r < 0.8:
            return self.case(depth)
        if r < 0.88:
            return "Cardinality(S)"
        i = self.fresh()
        return f"(CHOOSE {i} \\in 1..2 : {i} >= {self.int_expr(depth - 1)} \\/ {i} = 2)"

    def index(self, depth: int) -> str:
        if self.rng.random() < self.risky:
            return self.int_expr(depth)  # may fall outside 1..2
        return f"(({self.int_expr(depth)} % 2) + 1)"

    def case(self, depth: int) -> str:
        arms = [
            f"{self.bool_expr(depth - 1)} -> {self.int_expr(depth - 1)}"
            for _ in range(self.rng.randint(1, 3))
        ]
        other = "" if self.rng.random() < self.risky else f" [] OTHER -> {self.int_expr(0)}"
        return "(CASE " + " [] ".join(arms) + other + ")"

    def bool_expr(self, depth: int) -> str:
        r = self.rng.random()
        if depth <= 0 or r < 0.25:
            a, b = self.int_expr(0), self.int_expr(0)
            return self.rng.choice([f"({a} = {b})", f"({a} < {b})", "b", "~b", f"({a} \\in S)"])
        if r < 0.4:
            op = self.rng.choice(["=", "#", "<", "<=", ">"])
            return f"({self.int_expr(depth - 1)} {op} {self.int_expr(depth - 1)})"
        if r < 0.55:
            op = self.rng.choice(["/\\", "\\/", "=>"])
            return f"({self.bool_expr(depth - 1)} {op} {self.bool_expr(depth - 1)})"
        if r < 0.62:
            return f"~({self.bool_expr(depth - 1)})"
        if r < 0.75:
            q = self.rng.choice(["\\E", "\\A"])
            dom = self.rng.choice(["S", "1..2", "{x, y}"])
            i = self.fresh()
            return f"({q} {i} \\in {dom} : f[({i} % 2) + 1] >= {self.int_expr(depth - 1)})"
        if r < 0.85:
            return f"(S \\subseteq {{{self.index(0)}}} \\/ {self.int_expr(0)} \\in S)"
        return f"(b = {self.bool_expr(depth - 1)})"

    def assign(self, var: str) -> str:
        r = self.rng.random()
        if r < 0.2:
            return f"{var}' = {var}"
        if var in ("x", "y"):
            return f"{var}' = (({self.int_expr(2)} + {self.rng.randint(0, 2)}) % 3)"
        if var == "b":
            return f"b' = {self.bool_expr(2)}"
        if var == "f":
            return f"f' = [f EXCEPT ![{self.index(1)}] = ({self.int_expr(1)} % 3)]"
        k = f"(({self.int_expr(1)} % 2) + 1)"
        op = self.rng.choice(["\\cup", "\\"])
        return f"S' = S {op} {{{k}}}"

    def action(self, name: str) -> str:
        parts = [self.bool_expr(2)] + [self.assign(v) for v in VARS]
        if self.rng.random() < 0.3:
            i = self.rng.randrange(1, len(parts))
            parts[i] = f"\\E j \\in 1..2 : {parts[i]} /\\ j # {self.int_expr(0)}"
        body = "\n".join(f"    /\\ {p}" for p in parts)
        return f"{name} ==\n{body}"

    def spec(self) -> str:
        n = self.rng.randint(1, 3)
        actions = [self.action(f"A{i}") for i in range(n)]
        nxt = " \\/ ".join(f"A{i}" for i in range(n))
        return "\n".join(
            [
                "---- MODULE R ----",
                "EXTENDS Naturals, FiniteSets",
                "VARIABLES x, y, b, f, S",
                "Init == /\\ x \\in 0..2 /\\ y = 0 /\\ b \\in BOOLEAN",
                "        /\\ f = [i \\in 1..2 |-> 0] /\\ S = {}",
                *actions,
                f"Next == {nxt}",
                f"Inv == (y = 0 /\\ S = {{}}) \\/ {self.bool_expr(2)}",  # holds initially
                "TypeOK == x \\in 0..2 /\\ y \\in 0..2 /\\ b \\in BOOLEAN",
                "          /\\ f \\in [1..2 -> 0..2] /\\ S \\subseteq 1..2",
                "====",
            ]
        )


CFG = "INIT Init\nNEXT Next\nINVARIANT TypeOK Inv\nCHECK_DEADLOCK FALSE\n"


def random_spec(seed: int) -> str:
    return Gen(random.Random(seed)).spec()


@dataclass(frozen=True)
class Comparison:
    """One random spec checked by both engines: `agrees` or what differs."""

    seed: int
    explicit: str  # "ok" | "violation@L" | "error:E403"
    symbolic: str  # the same forms, or "refused:E602"
    agrees: bool


def compare(seed: int, workdir: Path) -> Comparison:
    """Check the spec of `seed` with the explicit engine (the reference), then with bmc
    over as many steps as the explicit search needed: a violation must be found at the
    same (shortest) length; an evaluation error must not be answered "ok"; a complete
    search without violation must be "ok" for bmc, and prove's "inductive" is only
    allowed then."""
    tla, cfg = workdir / "R.tla", workdir / "R.cfg"
    tla.write_text(random_spec(seed))
    cfg.write_text(CFG)
    r = checker.check(tla, cfg, trace_dir=workdir)
    if r.verdict == "violation":
        assert r.violation is not None
        explicit, depth = f"violation@{r.violation.trace.length}", r.violation.trace.length
    elif r.verdict == "error":
        assert r.error is not None
        explicit, depth = f"error:{r.error.code}", r.depth
    else:
        assert r.verdict == "ok", r.verdict
        explicit, depth = "ok", r.depth
    symbolic = _bmc(tla, cfg, workdir, depth)
    agrees = symbolic.startswith("refused") or _agree(explicit, symbolic)
    if agrees and explicit != "ok":
        agrees = _prove(tla, cfg, workdir) != "ok"  # an inductive invariant cannot fail
    return Comparison(seed, explicit, symbolic, agrees)


def _agree(explicit: str, symbolic: str) -> bool:
    if explicit.startswith("violation"):
        # an error before the violation's depth may come first in bmc's order
        return symbolic == explicit or symbolic.startswith("error")
    if explicit.startswith("error"):
        return symbolic != "ok"
    return symbolic == "ok"


def _bmc(tla: Path, cfg: Path, workdir: Path, depth: int) -> str:
    try:
        b = checker.bmc(tla, cfg, depth=depth, trace_dir=workdir)
    except CheckerError as exc:
        code = exc.diagnostics[0].code
        return f"refused:{code}" if code.startswith("E6") else f"error:{code}"
    if b.verdict == "violation":
        assert b.violation is not None
        return f"violation@{b.violation.trace.length}"
    return str(b.verdict)


def _prove(tla: Path, cfg: Path, workdir: Path) -> str:
    try:
        return str(checker.prove(tla, cfg, trace_dir=workdir).verdict)
    except CheckerError as exc:
        return f"refused:{exc.diagnostics[0].code}"
