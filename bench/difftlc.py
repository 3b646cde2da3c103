"""Differential testing against TLC: random small specs checked by TLC and by both of our
backends (generated code, and the closures with CHECKER_CODEGEN=0).

    python bench/difftlc.py --tlc /path/to/tlc-wrapper --count 200 [--seed 0] [--keep DIR]

Each spec is written by `SpecGen` (our own generator: integers, sets of integers, a
function, a record, a sequence, a Boolean, a set of records; quantifiers, CHOOSE with one
witness, LET, IF/CASE, EXCEPT with @, set builders and maps, SUBSET, UNION, a RECURSIVE
operator, actions with `\\E` and `x' \\in S`). It steers clear of the differences from TLC
that README documents (CHOOSE among several witnesses, Booleans compared with integers,
errors in arguments an operator never uses, 32-bit overflow): a disagreement here is a
bug of ours until shown otherwise.

Compared: the verdict (ok, the violated invariant's name, deadlock, an evaluation error),
then for ok the distinct states and the depth, for a violation or a deadlock the number
of states of the counterexample. Our two backends must agree on everything our JSON
reports. Exit status 1 when anything differs; the differing specs are kept (`--keep`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

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

    def with_bound(self, name: str, make: object) -> str:
        self.bound.append(name)
        try:
            assert callable(make)
            text: str = make()
            return text
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
            return f"(IF Len(q) < 2 THEN Append(q, {self.small(d - 1)} % 2 + 1) ELSE q)"
        if k == "tail":
            return "(IF q = <<>> THEN q ELSE Tail(q))"
        if k == "sub":
            return f"SubSeq(q, 1, {self.int_expr(d - 1)} % 3)"
        if k == "lit":
            return self.rng.choice(["<<>>", f"<<{self.small(d - 1)} % 2 + 1>>"])
        return f"(IF Len(q) = 0 THEN q \\o <<{self.small(d - 1)} % 2 + 1>> ELSE q)"

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
        parts = [self.bool_expr(2)] + [self.assign(v) for v in VARS]
        if self.rng.random() < 0.4:
            v, st = self.fresh(), self.set_expr(1)
            inner = self.with_bound_list(v, lambda: [self.bool_expr(1), self.assign("n")])
            parts = [f"\\E {v} \\in {st} : {inner[0]} /\\ {inner[1]}", *parts[:1], *parts[2:]]
        body = "\n".join(f"    /\\ {p}" for p in parts)
        return f"{name} ==\n{body}"

    def with_bound_list(self, name: str, make: object) -> list[str]:
        self.bound.append(name)
        try:
            assert callable(make)
            out: list[str] = make()
            return out
        finally:
            self.bound.pop()

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
                f"Inv == (n = 0 /\\ s = {{}}) \\/ {inv}",
                "Bounds == n \\in 0..3 /\\ s \\subseteq 0..3 /\\ Len(q) <= 2",
                "====",
            ]
        )


VARS = ("n", "s", "b", "f", "r", "q", "msgs")

# F1 reads its parameter through `x`; the generator puts `x` among the bound names while
# writing it (see `module`), so the operators use their parameter as an integer.


@dataclass(frozen=True)
class Outcome:
    verdict: str  # ok | violation:NAME | deadlock | error | timeout | crash:...
    distinct: int | None = None
    depth: int | None = None
    length: int | None = None  # states of the counterexample

    def key(self) -> tuple[object, ...]:
        if self.verdict == "ok":
            return (self.verdict, self.distinct, self.depth)
        if self.verdict.startswith("violation") or self.verdict == "deadlock":
            return (self.verdict, self.length)
        return (self.verdict,)


TLC_COUNTS = re.compile(r"([\d,]+) states generated, ([\d,]+) distinct states found")
TLC_DEPTH = re.compile(r"The depth of the complete state graph search is (\d+)")
TLC_STATE = re.compile(r"^State (\d+):", re.M)
TLC_INV = re.compile(r"Error: Invariant (\w+) is violated")


def run_tlc(tlc: list[str], work: Path, timeout: float) -> Outcome:
    try:
        p = subprocess.run(
            [*tlc, "-workers", "1", "-noGenerateSpecTE", "-metadir", str(work / "meta"),
             "-config", "D.cfg", "D.tla"],
            cwd=work, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return Outcome("timeout")
    out = p.stdout + p.stderr
    states = [int(m) for m in TLC_STATE.findall(out)]
    length = max(states) if states else 1  # "violated by the initial state": no numbering
    inv = TLC_INV.search(out)
    if inv:
        return Outcome(f"violation:{inv.group(1)}", length=length)
    if "Deadlock reached" in out:
        return Outcome("deadlock", length=length)
    if "Parse Error" in out or "Semantic error" in out:
        return Outcome("crash:TLC refused the spec: " + out[-300:])
    if "Error:" in out:
        return Outcome("error")
    counts, depth = TLC_COUNTS.findall(out), TLC_DEPTH.findall(out)
    if not counts or not depth:
        return Outcome("crash:" + out[-300:])
    return Outcome("ok", int(counts[-1][1].replace(",", "")), int(depth[-1]))


def run_ours(python: str, work: Path, timeout: float, codegen: bool) -> tuple[Outcome, str]:
    env = dict(os.environ, CHECKER_CODEGEN="1" if codegen else "0", CHECKER_CODEGEN_STRICT="1")
    argv = [python, "-m", "checker", "check", "D.tla", "--config", "D.cfg", "--json", "-q",
            "--no-trace-file", "--workers", "1"]  # fmt: skip
    try:
        p = subprocess.run(argv, cwd=work, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return Outcome("timeout"), ""
    if p.returncode == 2 or p.returncode == 4 or not p.stdout.strip():
        kind = "error" if p.returncode == 2 else f"crash:rc={p.returncode} {p.stderr[-300:]}"
        return Outcome(kind), p.stdout + p.stderr
    d = json.loads(p.stdout.strip().splitlines()[-1])
    v = d["verdict"]
    if v == "ok":
        return Outcome("ok", d["distinct_states"], d["depth"]), p.stdout
    viol = d.get("violation") or {}
    length = viol.get("length")
    states = None if length is None else length + 1
    if v == "violation" and viol.get("kind") == "invariant":
        return Outcome(f"violation:{viol['property']}", length=states), p.stdout
    if viol.get("kind") == "deadlock":
        return Outcome("deadlock", length=states), p.stdout
    return Outcome(v if v != "error" else "error"), p.stdout + p.stderr


def config(rng: random.Random) -> str:
    deadlock = "TRUE" if rng.random() < 0.3 else "FALSE"
    return f"INIT Init\nNEXT Next\nINVARIANT Bounds Inv\nCHECK_DEADLOCK {deadlock}\n"


def one(
    seed: int, tlc: list[str], python: str, timeout: float, keep: Path
) -> tuple[str | None, Outcome]:
    rng = random.Random(seed)
    spec, cfg = SpecGen(rng).module(), config(rng)
    with tempfile.TemporaryDirectory(prefix="difftlc-") as tmp:
        work = Path(tmp)
        (work / "D.tla").write_text(spec)
        (work / "D.cfg").write_text(cfg)
        gen, gen_out = run_ours(python, work, timeout, codegen=True)
        clo, _ = run_ours(python, work, timeout, codegen=False)
        theirs = run_tlc(tlc, work, timeout)
        problems = []
        if gen != clo:
            problems.append(f"backends differ: generated {gen} closures {clo}")
        if "timeout" not in (gen.verdict, theirs.verdict) and gen.key() != theirs.key():
            problems.append(f"ours {gen} TLC {theirs}")
        for o in (gen, clo, theirs):
            if o.verdict.startswith("crash"):
                problems.append(f"crash {o.verdict}")
        if not problems:
            return None, theirs
        dest = keep / f"seed{seed}"
        shutil.copytree(work, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("meta"))
        (dest / "ours.out").write_text(gen_out)
        return f"seed {seed}: " + "; ".join(problems), theirs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tlc", required=True, help="TLC's command (a wrapper script)")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0, help="the first seed")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--keep", type=Path, default=Path("difftlc-failures"))
    ap.add_argument("--python", default=sys.executable)
    args = ap.parse_args()
    tlc = args.tlc.split()
    args.keep.mkdir(parents=True, exist_ok=True)
    failures = 0
    verdicts: dict[str, int] = {}
    sizes: list[int] = []
    for seed in range(args.seed, args.seed + args.count):
        msg, theirs = one(seed, tlc, args.python, args.timeout, args.keep)
        kind = theirs.verdict.split(":")[0]
        verdicts[kind] = verdicts.get(kind, 0) + 1
        if theirs.distinct is not None:
            sizes.append(theirs.distinct)
        if msg:
            failures += 1
            print(msg, flush=True)
        elif seed % 10 == 0:
            print(f"# seed {seed}: agree so far ({failures} differing)", flush=True)
    print(f"# {args.count} specs from seed {args.seed}: {failures} differing")
    print("# TLC's verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())))
    if sizes:
        sizes.sort()
        mid = sizes[len(sizes) // 2]
        print(f"# distinct states of the ok specs: median {mid}, max {sizes[-1]}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
