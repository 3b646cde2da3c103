"""Random well-typed specs of our own for bench/difftlc.py: each family writes a module `D`
and its config from a seed.

`SpecGen` ("data"): integers, sets of integers, a function, a record, a sequence, a Boolean
and a set of records; quantifiers, CHOOSE with one witness, LET, IF/CASE, EXCEPT with @,
set builders and maps, SUBSET, UNION, a RECURSIVE operator, actions with `\\E` and
`x' \\in S`. `ProcGen` ("procs"): processes that are model values (sometimes under
SYMMETRY), strings, tuples and `\\X`, `:>` and `@@`, LAMBDA with SelectSeq, type sets
(`[P -> S]`, `Seq(P)`, record sets) in invariants. `ActGen` ("actions"): action-level forms
(primes read after assignment, `x' \\in S`, IF/CASE/LET/disjunction around assignments, a
variable left unassigned) under CONSTRAINT, ACTION_CONSTRAINT, VIEW and SPECIFICATION.
`LiveGen` ("live"): a PROPERTY `Prop` under WF/SF fairness.

Both steer clear of the differences from TLC that README documents (CHOOSE among several
witnesses, Booleans compared with integers, errors in arguments an operator never uses,
32-bit overflow)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

INTS = "0..3"


@dataclass
class SpecGen:
    """Random well-typed TLA+ over the variables below; `% 4` keeps integers small."""

    rng: random.Random
    bound: list[str] = field(default_factory=list)  # integer-valued bound names in scope
    fresh_count: int = 0
    in_operator: bool = False  # writing F1, F2 or P: they call no operator of ours

    def fresh(self) -> str:
        self.fresh_count += 1
        return f"k{self.fresh_count}"

    def pick(self, *weighted: tuple[float, str]) -> str:
        total = sum(w for w, _ in weighted)
        x = self.rng.random() * total
        for w, name in weighted:
            x -= w
            if x <= 0:
                return name
        return weighted[-1][1]

    def with_bound(self, name: str, make: Callable[[], T]) -> T:
        """What `make` writes with `name` among the bound integer names."""
        self.bound.append(name)
        try:
            return make()
        finally:
            self.bound.pop()

    # -- integers -----------------------------------------------------------------------

    def atom(self) -> str:
        names = ["n", "n", "r.a", "f[1]", "f[2]", "Len(q)", "Cardinality(s)", *self.bound * 2]
        return self.rng.choice([*names, str(self.rng.randint(0, 3))])

    def int_expr(self, d: int) -> str:
        if d <= 0:
            return self.atom()
        k = self.pick(
            (3, "atom"), (2, "arith"), (1, "mod"), (1, "div"), (1, "if"), (0.6, "case"),
            (0.6, "let"), (0.6, "app"), (0.5, "choose"), (0.4, "sum"), (0.5, "seqat"),
            (0.4, "card"), (0.3, "max"),
        )  # fmt: skip
        if k == "arith":
            op = self.rng.choice(["+", "-", "*"])
            return f"({self.int_expr(d - 1)} {op} {self.int_expr(d - 1)})"
        if k == "mod":
            return f"({self.int_expr(d - 1)} % {self.rng.randint(1, 4)})"
        if k == "div":
            return f"({self.int_expr(d - 1)} \\div {self.rng.choice(['2', '3', '(-2)'])})"
        if k == "if":
            c, a, e = self.bool_expr(d - 1), self.int_expr(d - 1), self.int_expr(d - 1)
            return f"(IF {c} THEN {a} ELSE {e})"
        if k == "case":
            arms = [f"{self.bool_expr(d - 1)} -> {self.int_expr(d - 1)}" for _ in range(2)]
            return "(CASE " + " [] ".join(arms) + f" [] OTHER -> {self.int_expr(0)})"
        if k == "let":
            v = self.fresh()
            val = self.int_expr(d - 1)
            body = self.with_bound(v, lambda: self.int_expr(d - 1))
            return f"(LET {v} == {val} IN {body})"
        if k == "app" and not self.in_operator:
            return f"F{self.rng.randint(1, 2)}({self.int_expr(d - 1)})"
        if k in ("choose", "app"):
            v, w, st = self.fresh(), self.fresh(), f"({self.set_expr(d - 1)}) \\cup {{9}}"
            return f"(CHOOSE {v} \\in {st} : \\A {w} \\in {st} : {w} <= {v})"
        if k == "sum":
            return f"Sum({self.set_expr(d - 1)})"
        if k == "seqat":
            i = self.rng.randint(1, 2)
            return f"(IF Len(q) >= {i} THEN q[{i}] ELSE {self.int_expr(d - 1)})"
        if k == "card":
            return f"Cardinality({self.set_expr(d - 1)})"
        st = self.set_expr(d - 1)
        return f"(IF {st} = {{}} THEN 0 ELSE Max({st}))"

    def small(self, d: int) -> str:
        """An integer in 0..3."""
        return f"({self.int_expr(d)} % 4)"

    # -- Booleans -----------------------------------------------------------------------

    def bool_expr(self, d: int) -> str:
        if d <= 0:
            return self.rng.choice(
                ["b", "~b", "r.b", f"({self.atom()} = {self.atom()})",
                 f"({self.atom()} < {self.atom()})", f"({self.atom()} \\in s)", "(s = {})"]
            )  # fmt: skip
        k = self.pick(
            (2, "cmp"), (2, "logic"), (0.5, "not"), (1.5, "quant"), (1, "in"), (0.6, "sub"),
            (0.5, "eqset"), (0.4, "eqfun"), (0.4, "eqseq"), (0.5, "msg"), (0.3, "pred"),
            (0.3, "subset"),
        )  # fmt: skip
        if k == "cmp":
            op = self.rng.choice(["=", "#", "<", "<=", ">", ">="])
            return f"({self.int_expr(d - 1)} {op} {self.int_expr(d - 1)})"
        if k == "logic":
            op = self.rng.choice(["/\\", "\\/", "=>", "<=>"])
            return f"({self.bool_expr(d - 1)} {op} {self.bool_expr(d - 1)})"
        if k == "not":
            return f"~({self.bool_expr(d - 1)})"
        if k == "quant":
            v, q, st = self.fresh(), self.rng.choice(["\\E", "\\A"]), self.set_expr(d - 1)
            body = self.with_bound(v, lambda: self.bool_expr(d - 1))
            return f"({q} {v} \\in {st} : {body})"
        if k == "in":
            return f"({self.int_expr(d - 1)} \\in {self.set_expr(d - 1)})"
        if k == "sub":
            return f"({self.set_expr(d - 1)} \\subseteq {self.set_expr(d - 1)})"
        if k == "eqset":
            return f"({self.set_expr(d - 1)} = {self.set_expr(d - 1)})"
        if k == "eqfun":
            return f"(f = {self.fun_expr(d - 1)})"
        if k == "eqseq":
            return f"(q = {self.seq_expr(d - 1)})"
        if k == "msg":
            v = self.fresh()
            body = self.with_bound(f"{v}.v", lambda: self.bool_expr(d - 1))
            return f'(\\E {v} \\in msgs : {v}.t = "{self.rng.choice("xy")}" /\\ {body})'
        if k == "pred" and not self.in_operator:
            return f"P({self.int_expr(d - 1)}, {self.set_expr(d - 1)})"
        v = self.fresh()
        body = self.with_bound(f"Cardinality({v})", lambda: self.bool_expr(d - 1))
        return f"(\\E {v} \\in SUBSET s : {body})"

    # -- sets of integers in 0..3 --------------------------------------------------------

    def set_expr(self, d: int) -> str:
        if d <= 0:
            return self.rng.choice(["s", "{}", "DOMAIN f", f"{{{self.small(0)}}}", INTS])
        k = self.pick(
            (2, "leaf"), (1.5, "binop"), (1, "filter"), (1, "map"), (0.6, "range"),
            (0.4, "union"), (0.5, "enum"), (0.3, "image"),
        )  # fmt: skip
        if k == "leaf":
            return self.set_expr(0)
        if k == "binop":
            op = self.rng.choice(["\\cup", "\\cap", "\\"])
            return f"({self.set_expr(d - 1)} {op} {self.set_expr(d - 1)})"
        if k == "filter":
            v, st = self.fresh(), self.set_expr(d - 1)
            body = self.with_bound(v, lambda: self.bool_expr(d - 1))
            return f"{{{v} \\in {st} : {body}}}"
        if k == "map":
            v, st = self.fresh(), self.set_expr(d - 1)
            body = self.with_bound(v, lambda: self.small(d - 1))
            return f"{{{body} : {v} \\in {st}}}"
        if k == "range":
            return f"({self.small(d - 1)}..{self.small(d - 1)})"
        if k == "union":
            v, st = self.fresh(), self.set_expr(d - 1)
            inner = self.with_bound(v, lambda: self.set_expr(d - 1))
            return f"UNION {{{inner} : {v} \\in {st}}}"
        if k == "enum":
            return f"{{{self.small(d - 1)}, {self.small(d - 1)}}}"
        return "{f[i] : i \\in DOMAIN f}"

    # -- the other kinds -----------------------------------------------------------------

    def fun_expr(self, d: int) -> str:
        k = self.pick((1, "var"), (2, "except"), (1, "ctor"), (0.5, "at"))
        if k == "var" or d <= 0:
            return "f"
        if k == "except":
            return f"[f EXCEPT ![{self.rng.randint(1, 2)}] = ({self.int_expr(d - 1)} % 3)]"
        if k == "ctor":
            v = self.fresh()
            body = self.with_bound(v, lambda: f"({self.int_expr(d - 1)} % 3)")
            return f"[{v} \\in 1..2 |-> {body}]"
        return f"[f EXCEPT ![{self.rng.randint(1, 2)}] = (@ + {self.int_expr(d - 1)}) % 3]"

    def seq_expr(self, d: int) -> str:
        k = self.pick(
            (1, "var"), (1, "append"), (1, "tail"), (0.6, "sub"), (0.5, "lit"), (0.4, "cat")
        )  # fmt: skip
        if k == "var" or d <= 0:
            return "q"
        if k == "append":
            return f"(IF Len(q) < 2 THEN Append(q, ({self.small(d - 1)} % 2) + 1) ELSE q)"
        if k == "tail":
            return "(IF q = <<>> THEN q ELSE Tail(q))"
        if k == "sub":
            k, e = self.fresh(), self.int_expr(d - 1)
            if self.rng.random() < 0.15:  # may run past the end: TLC's error
                return f"SubSeq(q, 1, {e} % 3)"
            return f"(LET {k} == {e} % 3 IN SubSeq(q, 1, IF {k} < Len(q) THEN {k} ELSE Len(q)))"
        if k == "lit":
            return self.rng.choice(["<<>>", f"<<({self.small(d - 1)} % 2) + 1>>"])
        return f"(IF Len(q) = 0 THEN q \\o <<({self.small(d - 1)} % 2) + 1>> ELSE q)"

    def rec_expr(self, d: int) -> str:
        k = self.pick((1, "except"), (1, "lit"), (0.5, "var"))
        if k == "var" or d <= 0:
            return "r"
        if k == "except":
            return f"[r EXCEPT !.a = ({self.int_expr(d - 1)} % 3)]"
        return f"[a |-> ({self.int_expr(d - 1)} % 3), b |-> {self.bool_expr(d - 1)}]"

    # -- actions and the module ----------------------------------------------------------

    def assign(self, var: str) -> str:
        if self.rng.random() < 0.35:
            return f"UNCHANGED {var}"
        if var == "n":
            if self.rng.random() < 0.3:
                return f"n' \\in {self.set_expr(2)}"
            return f"n' = {self.small(2)}"
        if var == "s":
            return f"s' = {self.set_expr(2)}"
        if var == "b":
            return f"b' = {self.bool_expr(2)}"
        if var == "f":
            return f"f' = {self.fun_expr(2)}"
        if var == "r":
            return f"r' = {self.rec_expr(2)}"
        if var == "q":
            return f"q' = {self.seq_expr(2)}"
        t = self.rng.choice("xy")
        return f'msgs\' = msgs \\cup {{[t |-> "{t}", v |-> {self.small(1)} % 2]}}'

    def action(self, name: str) -> str:
        guard = self.bool_expr(2)
        if self.rng.random() < 0.5:
            guard = f"({guard} \\/ n < {self.rng.randint(1, 3)})"
        parts = [guard] + [self.assign(v) for v in VARS]
        if self.rng.random() < 0.4:
            v, st = self.fresh(), self.set_expr(1)
            inner = self.with_bound(v, lambda: [self.bool_expr(1), self.assign("n")])
            parts = [f"\\E {v} \\in {st} : {inner[0]} /\\ {inner[1]}", *parts[:1], *parts[2:]]
        body = "\n".join(f"    /\\ {p}" for p in parts)
        return f"{name} ==\n{body}"

    def module(self) -> str:
        n = self.rng.randint(1, 3)
        actions = [self.action(f"A{i}") for i in range(n)]
        self.in_operator = True
        f1 = self.with_bound("x", lambda: self.int_expr(2))
        f2 = self.with_bound("x", lambda: self.int_expr(1))
        pr = self.with_bound("x", lambda: self.bool_expr(1))
        self.in_operator = False
        inv = self.bool_expr(2)
        return "\n".join(
            [
                "---- MODULE D ----",
                "EXTENDS Naturals, Integers, FiniteSets, Sequences",
                "VARIABLES n, s, b, f, r, q, msgs",
                "vars == <<n, s, b, f, r, q, msgs>>",
                "Max(S) == CHOOSE x \\in S : \\A y \\in S : y <= x",
                "RECURSIVE Sum(_)",
                "Sum(S) == IF S = {} THEN 0 ELSE LET x == Max(S) IN x + Sum(S \\ {x})",
                f"F1(x) == {f1}",
                f"F2(x) == {f2}",
                f"P(x, T) == {pr} /\\ x \\notin T",
                "Init == /\\ n \\in 0..1 /\\ s = {} /\\ b \\in BOOLEAN",
                "        /\\ f = [i \\in 1..2 |-> 0] /\\ r = [a |-> 0, b |-> FALSE]",
                "        /\\ q = <<>> /\\ msgs = {}",
                *actions,
                "Next == " + " \\/ ".join(f"A{i}" for i in range(n)),
                f"Inv == ~(n = {self.rng.randint(2, 3)} /\\ Cardinality(s) >= 2 /\\ {inv})",
                "Bounds == n \\in 0..3 /\\ s \\subseteq 0..3 /\\ Len(q) <= 2",
                "====",
            ]
        )


VARS = ("n", "s", "b", "f", "r", "q", "msgs")

# F1 reads its parameter through `x`; the generator puts `x` among the bound names while
# writing it (see `module`), so the operators use their parameter as an integer.


def data_config(rng: random.Random) -> str:
    deadlock = "TRUE" if rng.random() < 0.3 else "FALSE"
    return f"INIT Init\nNEXT Next\nINVARIANT Bounds Inv\nCHECK_DEADLOCK {deadlock}\n"


STATUS = ('"idle"', '"wait"', '"cs"')


@dataclass
class ProcGen:
    """Processes `P` (model values): `pc` maps them to strings, `cnt` to 0..2, `box` holds
    tuples `<<p, v>>`, `log` is a sequence of processes (at most 2), `owner` a process or
    the model value `None`. Under SYMMETRY nothing names one process."""

    rng: random.Random
    symmetric: bool = False
    fresh_count: int = 0
    procs: list[str] = field(default_factory=list)  # bound process names in scope

    def fresh(self) -> str:
        self.fresh_count += 1
        return f"k{self.fresh_count}"

    def can_name(self) -> bool:
        """Whether a process can be written here: one is bound, or no SYMMETRY."""
        return bool(self.procs) or not self.symmetric

    def proc(self) -> str:
        named = [] if self.symmetric else ["p1", "p2"]
        return self.rng.choice([*self.procs * 3, *named])

    def status(self) -> str:
        return self.rng.choice(STATUS)

    def quantified(self, q: str, over: str, make: Callable[[], str]) -> str:
        v = self.fresh()
        self.procs.append(v)
        try:
            return f"({q} {v} \\in {over} : {make()})"
        finally:
            self.procs.pop()

    def int_expr(self, d: int) -> str:
        r = self.rng.random()
        if d <= 0 or r < 0.35 or (r >= 0.7 and not self.can_name()):
            if not self.can_name():
                return self.rng.choice(["Len(log)", "Cardinality(box)", "1"])
            return self.rng.choice([f"cnt[{self.proc()}]", "Len(log)", "Cardinality(box)", "1"])
        if r < 0.55:
            return f"Cardinality({self.proc_set(d - 1)})"
        if r < 0.7:
            v = self.fresh()
            return f"Cardinality({{{v} \\in box : {v}[2] = {self.rng.randint(0, 1)}}})"
        if r < 0.85:
            who = self.proc()
            return f"Len(SelectSeq(log, LAMBDA z : z = {who}))"
        return f"(({self.int_expr(d - 1)} + {self.int_expr(d - 1)}) % 3)"

    def proc_set(self, d: int) -> str:
        r = self.rng.random()
        if d <= 0 or r < 0.3:
            one = f"{{{self.proc()}}}" if self.can_name() else "P"
            return self.rng.choice(["P", "{}", one, "DOMAIN pc"])
        if r < 0.6:
            v, over = self.fresh(), self.proc_set(d - 1)
            self.procs.append(v)
            try:
                return f"{{{v} \\in {over} : {self.bool_expr(d - 1)}}}"
            finally:
                self.procs.pop()
        if r < 0.75:
            return "{m[1] : m \\in box}"
        if r < 0.85:
            return "{log[i] : i \\in DOMAIN log}"
        op = self.rng.choice(["\\cup", "\\cap", "\\"])
        return f"({self.proc_set(d - 1)} {op} {self.proc_set(d - 1)})"

    def bool_expr(self, d: int) -> str:
        r = self.rng.random()
        if (d <= 0 or r < 0.3) and not self.can_name():
            q = self.rng.choice(["\\E", "\\A"])
            return self.quantified(q, "P", lambda: self.bool_expr(0))
        if d <= 0 or r < 0.3:
            p = self.proc()
            return self.rng.choice(
                [f"pc[{p}] = {self.status()}", f"cnt[{p}] < 2", f"<<{p}, 0>> \\in box",
                 f"owner = {p}", "owner = None", f"{p} \\in {{log[i] : i \\in DOMAIN log}}"]
            )  # fmt: skip
        if r < 0.5:
            op = self.rng.choice(["/\\", "\\/", "=>"])
            return f"({self.bool_expr(d - 1)} {op} {self.bool_expr(d - 1)})"
        if r < 0.7:
            q = self.rng.choice(["\\E", "\\A"])
            return self.quantified(q, self.proc_set(d - 1), lambda: self.bool_expr(d - 1))
        if r < 0.8:
            op = self.rng.choice(["=", "<", "<="])
            return f"({self.int_expr(d - 1)} {op} {self.int_expr(d - 1)})"
        if r < 0.9:
            return f"({self.proc_set(d - 1)} \\subseteq {self.proc_set(d - 1)})"
        return f"~({self.bool_expr(d - 1)})"

    def update(self, var: str, p: str) -> str:
        if var == "pc":
            if self.rng.random() < 0.5:
                return f"pc' = [pc EXCEPT ![{p}] = {self.status()}]"
            return f"pc' = ({p} :> {self.status()}) @@ pc"
        if var == "cnt":
            return f"cnt' = [cnt EXCEPT ![{p}] = (@ + {self.int_expr(1)}) % 3]"
        if var == "box":
            if self.rng.random() < 0.6:
                return f"box' = box \\cup {{<<{p}, {self.rng.randint(0, 1)}>>}}"
            return f"box' = {{m \\in box : m[1] # {p}}}"
        if var == "log":
            if self.rng.random() < 0.5:
                return f"log' = IF Len(log) < 2 THEN Append(log, {p}) ELSE log"
            return "log' = IF log = <<>> THEN log ELSE Tail(log)"
        if self.rng.random() < 0.5:
            return f"owner' = {p}"
        return f"owner' = IF owner = {p} THEN None ELSE owner"

    def action(self, name: str) -> str:
        v = self.fresh()
        self.procs.append(v)
        try:
            guard = self.bool_expr(2)
            parts = [guard if self.rng.random() < 0.6 else f'({guard} \\/ pc[{v}] # "cs")']
            for var in PROC_VARS:
                if self.rng.random() < 0.45:
                    parts.append(self.update(var, v))
                else:
                    parts.append(f"UNCHANGED {var}")
        finally:
            self.procs.pop()
        body = "\n".join(f"       /\\ {x}" for x in parts)
        return f"{name} == \\E {v} \\in P :\n{body}"

    def module(self) -> str:
        n = self.rng.randint(1, 3)
        actions = [self.action(f"A{i}") for i in range(n)]
        inv = self.bool_expr(2)
        return "\n".join(
            [
                "---- MODULE D ----",
                "EXTENDS Naturals, FiniteSets, Sequences, TLC",
                "CONSTANTS P, None, p1, p2, p3",
                "VARIABLES pc, cnt, box, log, owner",
                'Init == /\\ pc = [p \\in P |-> "idle"] /\\ cnt = [p \\in P |-> 0]',
                "        /\\ box = {} /\\ log = <<>> /\\ owner = None",
                *actions,
                "Next == " + " \\/ ".join(f"A{i}" for i in range(n)),
                f"Inv == (box = {{}} /\\ owner = None) \\/ {inv}",
                "Types == /\\ pc \\in [P -> {" + ", ".join(STATUS) + "}]",
                "         /\\ cnt \\in [P -> 0..2] /\\ box \\subseteq P \\X {0, 1}",
                "         /\\ log \\in Seq(P) /\\ owner \\in P \\cup {None}",
                "Sym == Permutations(P)",
                "====",
            ]
        )

    def config(self) -> str:
        lines = ["CONSTANTS P = {p1, p2, p3} None = None p1 = p1 p2 = p2 p3 = p3"]
        lines += ["INIT Init", "NEXT Next"]
        lines.append("INVARIANT Types Inv")
        if self.symmetric:
            lines.append("SYMMETRY Sym")
        lines.append(f"CHECK_DEADLOCK {'TRUE' if self.rng.random() < 0.3 else 'FALSE'}")
        return "\n".join(lines) + "\n"


PROC_VARS = ("pc", "cnt", "box", "log", "owner")
FAMILIES = ("data", "procs", "actions", "live")


def generate(seed: int, family: str) -> tuple[str, str]:
    """The module and config of `family` for `seed`."""
    rng = random.Random(seed)
    if family == "data":
        return SpecGen(rng).module(), data_config(rng)
    if family == "actions":
        act = ActGen(rng)
        return act.module(), act.config()
    if family == "live":
        live = LiveGen(rng)
        return live.module(), live.config()
    gen = ProcGen(rng, symmetric=rng.random() < 0.4)
    return gen.module(), gen.config()


@dataclass
class ActGen:
    """Action forms over integers x, y (0..3) and a set z: assignments read by later
    conjuncts through primes, `x' \\in S`, IF/CASE/LET/disjunction at the action level,
    UNCHANGED tuples, a variable left unassigned now and then (TLC's error), and configs
    with CONSTRAINT, ACTION_CONSTRAINT, VIEW and SPECIFICATION."""

    rng: random.Random

    def val(self, primed: tuple[str, ...] = ()) -> str:
        names = ["x", "y", "Cardinality(z)", "0", "1", "2", *(f"{v}'" for v in primed if v != "z")]
        a, b = self.rng.choice(names), self.rng.choice(names)
        return self.rng.choice([a, f"(({a} + {b}) % 4)", f"(({a} * 3 + {b}) % 4)"])

    def cond(self, primed: tuple[str, ...] = ()) -> str:
        a, b = self.val(primed), self.val(primed)
        return self.rng.choice([f"{a} < {b}", f"{a} = {b}", f"{a} # {b}", f"{a} \\in z"])

    def assign(self, var: str, primed: tuple[str, ...]) -> str:
        if var == "z":
            return self.rng.choice(
                ["z' = z \\cup {" + self.val(primed) + "}", "z' = z \\ {" + self.val(primed) + "}",
                 "z' = {}", "UNCHANGED z"]
            )  # fmt: skip
        r = self.rng.random()
        if r < 0.45:
            return f"{var}' = {self.val(primed)}"
        if r < 0.7:
            return f"{var}' \\in {{{self.val(primed)}, {self.val(primed)}}}"
        if r < 0.8:
            return f"{var}' \\in z"
        return f"UNCHANGED {var}"

    def step(self, vars_: tuple[str, ...]) -> str:
        """Conjuncts assigning `vars_` in a random order; later ones may read earlier primes."""
        order = list(vars_)
        self.rng.shuffle(order)
        parts: list[str] = []
        done: list[str] = []
        for var in order:
            if self.rng.random() < 0.04:
                continue  # left unassigned: TLC stops with an error
            parts.append(self.form(var, tuple(done)))
            done.append(var)
            if self.rng.random() < 0.3:
                parts.append(self.cond(tuple(done)))
        return "(" + " /\\ ".join(parts or ["TRUE"]) + ")"

    def form(self, var: str, primed: tuple[str, ...]) -> str:
        r = self.rng.random()
        if r < 0.6 or var == "z":
            return self.assign(var, primed)
        if r < 0.72:
            c, a, b = self.cond(primed), self.assign(var, primed), self.assign(var, primed)
            return f"(IF {c} THEN {a} ELSE {b})"
        if r < 0.82:
            return f"({self.assign(var, primed)} \\/ {self.assign(var, primed)})"
        if r < 0.9:
            arms = f"{self.cond(primed)} -> {self.assign(var, primed)}"
            return f"(CASE {arms} [] OTHER -> {self.assign(var, primed)})"
        return f"(LET t == {self.val(primed)} IN {var}' = (t + 1) % 4)"

    def action(self, name: str) -> str:
        guard = self.cond() if self.rng.random() < 0.4 else f"({self.cond()} \\/ y # 3)"
        if self.rng.random() < 0.15:
            return f"{name} == {guard} /\\ UNCHANGED <<x, y, z>>"
        return f"{name} == {guard} /\\ {self.step(('x', 'y', 'z'))}"

    def module(self) -> str:
        n = self.rng.randint(2, 4)
        return "\n".join(
            [
                "---- MODULE D ----",
                "EXTENDS Naturals, FiniteSets",
                "VARIABLES x, y, z",
                "vars == <<x, y, z>>",
                "Init == x \\in 0..1 /\\ y \\in 0..1 /\\ z \\in {{}, {1}}",
                *(self.action(f"A{i}") for i in range(n)),
                "Next == " + " \\/ ".join(f"A{i}" for i in range(n)),
                "Spec == Init /\\ [][Next]_vars",
                f"Inv == ~(x = 3 /\\ y = {self.rng.randint(1, 3)} /\\ {self.cond()})",
                f"Constr == {self.val()} < 3 \\/ y = 0",
                f"ActConstr == {self.cond(('x', 'y'))} \\/ x' = x",
                "View == <<x, z>>",
                "====",
            ]
        )

    def config(self) -> str:
        lines = ["SPECIFICATION Spec" if self.rng.random() < 0.5 else "INIT Init\nNEXT Next"]
        lines.append("INVARIANT Inv")
        if self.rng.random() < 0.3:
            lines.append("CONSTRAINT Constr")
        if self.rng.random() < 0.3:
            lines.append("ACTION_CONSTRAINT ActConstr")
        if self.rng.random() < 0.15:
            lines.append("VIEW View")
        lines.append(f"CHECK_DEADLOCK {'TRUE' if self.rng.random() < 0.3 else 'FALSE'}")
        return "\n".join(lines) + "\n"


@dataclass
class LiveGen:
    """Temporal properties under fairness: x, y in 0..2 and a Boolean h, two to three
    actions (one with a parameter), WF/SF on actions, on Next or quantified, and a
    PROPERTY `Prop` of a random form (`[]<>`, `<>[]`, `~>`, `<>`, `[]`, `[][A]_v`, ENABLED,
    quantified, Boolean combinations). The verdict is compared, not the lasso (TLC's is
    not the shortest)."""

    rng: random.Random

    def pred(self) -> str:
        a = self.rng.choice(["x", "y", "(x + y) % 3"])
        b = self.rng.randint(0, 2)
        return self.rng.choice([f"{a} = {b}", f"{a} # {b}", f"{a} < {b}", "h", "~h", "x = y"])

    def action(self, i: int) -> str:
        g = self.pred() if self.rng.random() < 0.6 else "TRUE"
        upd = []
        for var in ("x", "y", "h"):
            r = self.rng.random()
            if r < 0.35:
                upd.append(f"UNCHANGED {var}")
            elif var == "h":
                upd.append(
                    self.rng.choice(["h' = ~h", "h' = TRUE", "h' = FALSE", "h' \\in BOOLEAN"])
                )
            elif r < 0.8:
                upd.append(f"{var}' = ({var} + {self.rng.randint(1, 2)}) % 3")
            else:
                upd.append(f"{var}' \\in {{0, {self.rng.randint(1, 2)}}}")
        return f"A{i} == {g} /\\ " + " /\\ ".join(upd)

    def fairness(self, n: int) -> str:
        parts = []
        for i in range(n):
            r = self.rng.random()
            if r < 0.4:
                parts.append(f"WF_vars(A{i})")
            elif r < 0.6:
                parts.append(f"SF_vars(A{i})")
        if self.rng.random() < 0.2:
            parts.append("WF_vars(Next)")
        if self.rng.random() < 0.25:
            parts.append(f"\\A k \\in 0..1 : {self.rng.choice(['WF', 'SF'])}_vars(B(k))")
        return " /\\ ".join(parts) or "TRUE"

    def prop(self, d: int = 1) -> str:
        p, q = self.pred(), self.pred()
        forms = [f"[]<>({p})", f"<>[]({p})", f"({p}) ~> ({q})", f"<>({p})", f"[]({p})",
                 "[][x' # x => y' = y]_<<x, y>>", "[]<>(ENABLED A0)", "<>[](~ENABLED A1)",
                 f"\\A k \\in 0..2 : ({p}) ~> (x = k)", f"[]<>({p}) => []<>({q})"]  # fmt: skip
        if d > 0 and self.rng.random() < 0.3:
            op = self.rng.choice(["/\\", "\\/"])
            return f"({self.prop(d - 1)}) {op} ({self.prop(d - 1)})"
        return self.rng.choice(forms)

    def module(self) -> str:
        n = self.rng.randint(2, 3)
        b = self.rng.choice(
            ["x' = k /\\ UNCHANGED <<y, h>>", "y' = (y + k) % 3 /\\ UNCHANGED <<x, h>>"]
        )
        return "\n".join(
            [
                "---- MODULE D ----",
                "EXTENDS Naturals",
                "VARIABLES x, y, h",
                "vars == <<x, y, h>>",
                "Init == x = 0 /\\ y \\in 0..1 /\\ h = FALSE",
                *(self.action(i) for i in range(n)),
                f"B(k) == {self.pred()} /\\ {b}",
                "Next == " + " \\/ ".join([*(f"A{i}" for i in range(n)), "\\E k \\in 0..1 : B(k)"]),
                f"Spec == Init /\\ [][Next]_vars /\\ {self.fairness(n)}",
                f"Prop == {self.prop()}",
                "====",
            ]
        )

    def config(self) -> str:
        return "SPECIFICATION Spec\nPROPERTY Prop\nCHECK_DEADLOCK FALSE\n"
