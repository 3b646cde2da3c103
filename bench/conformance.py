r"""Conformance: run the checker on every exhaustive-search model of the tlaplus/Examples corpus.

    python bench/conformance.py EXAMPLES_DIR [--tlc-results FILE] [--timeout SECONDS]
        [--jobs N] [--only SUBSTRING] [--json OUT] [--checker CMD]
        [--keep-properties | --properties-only]

Reads EXAMPLES_DIR/specifications/*/manifest.json and takes every model whose mode is
"exhaustive search". Each runs as `checker check SPEC --config CFG --json -q --no-trace-file
--workers 1 --time-limit T` in the spec's directory, killed (whole process group) after
--timeout seconds. PROPERTY/PROPERTIES directives are set aside unless --keep-properties
(or CONF_KEEP_PROPERTY=1): the model then runs on a copy of its .cfg without them, and
its line names them ("set aside: PROPERTY ..."). --properties-only runs just the models
that have such lines, with them. With them kept, a liveness failure
agrees when TLC's is of the same property (lassos are not compared by length).

The oracle is the entry for the .cfg in --tlc-results (TLC run with -workers 1: a JSON
object keyed by the .cfg's path under EXAMPLES_DIR, values {"verdict", "distinct",
"depth", ...}) when it has a definite verdict, else the manifest, whose depths are
replaced by DEPTH_FACTS where the manifest recorded TLC with several workers. For a
violation our depth is the counterexample's number of states; distinct states are not
compared for violations (how far a search gets before it stops depends on the order of
successors). A false ASSUME (E307) is an "assumption failure", a failed Assert (E407) a
"safety failure" as in TLC (no counterexample, so its depth is not compared).

Classes, one line per model, then a summary with counts and the refusals grouped by
first blocker (error code and message with names and numbers stripped):
    agrees          verdict matches; distinct states and depth match where recorded
    DIFFERS         our verdict or counts differ from the oracle's (both are printed)
    random          the verdict matches but the counts differ, and the spec (or a module
                    of its directory it EXTENDS or INSTANCEs) draws random values
                    (RandomElement, Randomization): TLC's own counts change with its seed
                    (SpanTreeRandom: 79,550 distinct in the results, 19,007 with -seed 7)
    refused         exit 2 with a diagnostic (code, first line, location)
    crash           exit 4, a traceback or any other exit status (always loud)
    timeout         our --time-limit (exit 3) or the wall-clock kill
    needs liveness  TLC finds a liveness failure, or (--tlc-results message) a failure of a
                    PROPERTY: with properties set aside we cannot, and we find none
    no oracle       we finished but the expected result is "unknown" (nothing to compare)
Exit status 1 if any model DIFFERS or crashed, else 0. --json OUT writes the per-model
results (atomically) so that runs can be diffed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# Depths TLC gives with -workers 1 where the manifest recorded TLC with several workers.
DEPTH_FACTS = {
    "specifications/SpanningTree/SpanTree.cfg": 5,
    "specifications/btree/kvstore.cfg": 9,
    "specifications/ewd840/EWD840.cfg": 9,
    "specifications/byzpaxos/VoteProof.cfg": 14,
    "specifications/braf/BufferedRandomAccessFile.cfg": 10,
    "specifications/btree/btree.cfg": 38,
    "specifications/Prisoners_Single_Switch/PrisonerLightUnknown.cfg": 10,
    "specifications/MultiCarElevator/ElevatorSafetySmall.cfg": 36,  # TLC -workers 1, 2026-12-07
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CFG_KEYWORDS = _words(
    "CONSTANT CONSTANTS INIT NEXT SPECIFICATION INVARIANT INVARIANTS PROPERTY PROPERTIES "
    "CONSTRAINT CONSTRAINTS ACTION_CONSTRAINT ACTION_CONSTRAINTS SYMMETRY VIEW ALIAS "
    "POSTCONDITION CHECK_DEADLOCK"
)
# TLC's verdicts (manifest or --tlc-results) -> the manifest's vocabulary
VERDICTS = {v: v for v in ("success", "safety failure", "liveness failure", "assumption failure")}
VERDICTS["deadlock failure"] = "safety failure"
WORD = re.compile(r"\w+")
CLASSES = (
    "agrees",
    "DIFFERS",
    "random",
    "refused",
    "crash",
    "timeout",
    "needs liveness",
    "no oracle",
)
RANDOM = re.compile(r"\b(RandomElement|RandomSubset|RandomSetOfSubsets|RandomSubsetSet)\b")
USES = re.compile(r"\b(?:EXTENDS|INSTANCE)\s+([A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*)")
TLA_KEYWORDS = CFG_KEYWORDS | _words(
    "ASSUME ASSUMPTION AXIOM BY CASE CHOOSE CONSTANT CONSTANTS COROLLARY DOMAIN ELSE ENABLED "
    "EXCEPT EXTENDS IF IN INSTANCE LAMBDA LEMMA LET LOCAL MODULE OTHER PROOF PROPOSITION QED "
    "RECURSIVE SUBSET THEN THEOREM UNCHANGED UNION USE VARIABLE VARIABLES WITH"
)


@dataclass(frozen=True)
class Model:
    spec: str  # relative to the corpus root
    cfg: str
    expected: str
    distinct: int | None
    depth: int | None


@dataclass(frozen=True)
class Expect:
    oracle: str  # "TLC", "manifest" or "manifest+depth-fact"
    verdict: str
    distinct: int | None
    depth: int | None
    message: str = ""  # TLC's, e.g. "Invariant AC1 is violated"


@dataclass(frozen=True)
class Run:
    rc: int | None  # None: killed at the wall-clock timeout
    stdout: str
    stderr: str
    seconds: float


@dataclass
class Result:
    cfg: str
    status: str = "crash"
    seconds: float = 0.0
    props_set_aside: list[str] = field(default_factory=list)
    oracle: str = ""
    expected: dict[str, Any] = field(default_factory=dict)
    got: dict[str, Any] = field(default_factory=dict)
    error: dict[str, str] = field(default_factory=dict)
    note: str = ""


def load_models(root: Path, only: str | None) -> list[Model]:
    models = []
    for manifest in sorted(root.glob("specifications/*/manifest.json")):
        for module in json.loads(manifest.read_text())["modules"]:
            for m in module["models"]:
                if m["mode"] != "exhaustive search" or (only and only not in m["path"]):
                    continue
                figures = m.get("distinctStates"), m.get("stateDepth")
                models.append(Model(module["path"], m["path"], m["result"], *figures))
    return models


def _cfg_words(text: str) -> list[tuple[int, str]]:
    """The words of a TLC .cfg with their offsets, outside comments and strings."""
    words, i = [], 0
    while i < len(text):
        if text.startswith("\\*", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif text.startswith("(*", i):
            depth, i = 1, i + 2
            while i < len(text) and depth:
                depth += text.startswith("(*", i) - text.startswith("*)", i)
                i += 2 if text.startswith(("(*", "*)"), i) else 1
        elif text[i] == '"':
            end = text.find('"', i + 1)
            i = len(text) if end < 0 else end + 1
        elif m := WORD.match(text, i):
            words.append((i, m.group()))
            i = m.end()
        else:
            i += 1
    return words


def strip_properties(text: str) -> tuple[str, list[str]]:
    """The .cfg without its PROPERTY/PROPERTIES directives, and the properties named."""
    words = _cfg_words(text)
    starts = [(i, w) for i, w in words if w in CFG_KEYWORDS]
    cuts = [
        (s, starts[k + 1][0] if k + 1 < len(starts) else len(text))
        for k, (s, w) in enumerate(starts)
        if w in ("PROPERTY", "PROPERTIES")
    ]
    names = [w for i, w in words if any(s < i < e for s, e in cuts)]
    for s, e in reversed(cuts):  # newlines are kept: locations stay those of the original
        text = text[:s] + "\n" * text.count("\n", s, e) + text[e:]
    return text, names


def config_for(
    root: Path, model: Model, tmp: Path, index: int, keep: bool = False
) -> tuple[Path, list[str]]:
    """The .cfg to run: the model's, or (unless `keep`) a copy without PROPERTY lines."""
    cfg = root / model.cfg
    if keep:
        return cfg.resolve(), []
    original = cfg.read_text()
    text, props = strip_properties(original)
    if text == original:
        return cfg.resolve(), []
    copy = tmp / str(index) / cfg.name
    copy.parent.mkdir(parents=True)
    copy.write_text(text)
    return copy, props


def run_checker(cmd: list[str], spec: Path, cfg: Path, timeout: float) -> Run:
    limit = max(1.0, round(timeout * 0.9, 1))
    argv = [*cmd, "check", spec.name, "--config", str(cfg), "--json", "-q", "--no-trace-file"]
    argv += ["--workers", "1", "--time-limit", str(limit)]
    start = time.monotonic()
    with subprocess.Popen(
        argv,
        cwd=spec.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
            rc: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            rc = None
    return Run(rc, out, err, time.monotonic() - start)


def first_error(run: Run) -> dict[str, str]:
    """The first `error[Exxx]: message` of stderr and its `--> location`."""
    lines = run.stderr.splitlines()
    for k, text in enumerate(lines):
        if m := re.match(r"error\[(E\d+)\]: (.*)", text):
            arrows = [x for x in lines[k + 1 : k + 3] if "-->" in x]
            loc = arrows[0].split("-->", 1)[1].strip() if arrows else ""
            src = next((x for x in lines[k + 1 : k + 6] if re.match(r"\s*\d+ \| ", x)), "")
            source = src.split("|", 1)[1].strip() if src else ""
            return {"code": m[1], "message": m[2], "location": loc, "source": source}
    data = last_json(run.stdout).get("error") or {}
    code, message = str(data.get("code", "?")), str(data.get("message", ""))
    return {"code": code, "message": message or _tail(run.stderr, 1), "location": ""}


def last_json(stdout: str) -> dict[str, Any]:
    lines = [x for x in stdout.splitlines() if x.startswith("{")]
    try:
        value: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        return {}
    return value


def outcome(run: Run) -> tuple[str, dict[str, Any]]:
    """(class hint, what we got): verdict, distinct states, depth, kind."""
    data = last_json(run.stdout)
    got: dict[str, Any] = {"distinct": data.get("distinct_states"), "depth": data.get("depth")}
    if run.rc is None:
        return "timeout", {**got, "verdict": "killed at the timeout"}
    if "Traceback (most recent call last)" in run.stderr or run.rc not in (0, 1, 2, 3):
        return "crash", {**got, "verdict": f"exit {run.rc}"}
    if run.rc == 3:
        return "timeout", {**got, "verdict": f"limit: {data.get('limit', '?')}"}
    if run.rc == 0:
        return "ran", {**got, "verdict": "success"}
    if run.rc == 1:
        v = data.get("violation") or {}
        depth = v["length"] + 1 if isinstance(v.get("length"), int) else None
        kind = str(v.get("kind", "?"))
        verdict = "liveness failure" if kind == "liveness" else "safety failure"
        got.update(verdict=verdict, depth=depth, kind=kind, property=v.get("property"))
        return "ran", got
    code = first_error(run)["code"]
    if code in ("E307", "E407"):  # a false ASSUME; a failed Assert (TLC: a safety failure)
        verdict = "assumption failure" if code == "E307" else "safety failure"
        return "ran", {**got, "verdict": verdict, "depth": None, "kind": code}
    return "refused", {**got, "verdict": "refused"}


def expectation(model: Model, tlc: dict[str, Any]) -> Expect:
    entry = tlc.get(model.cfg) or {}
    verdict = VERDICTS.get(str(entry.get("verdict", "")).strip().lower())
    if verdict is not None:
        figures = entry.get("distinct"), entry.get("depth"), str(entry.get("message") or "")
        return Expect("TLC", verdict, *figures)
    if model.cfg in DEPTH_FACTS:
        return Expect("manifest+depth-fact", model.expected, model.distinct, DEPTH_FACTS[model.cfg])
    return Expect("manifest", model.expected, model.distinct, model.depth)


def mismatches(exp: Expect, got: dict[str, Any]) -> list[str]:
    if got["verdict"] != exp.verdict:
        return ["verdict"]
    if exp.verdict == "liveness failure":  # lassos differ in length: the property's name
        named = re.search(r"(?:Temporal|Action) property (\w+)", exp.message)
        return ["property"] if named and named[1] != got.get("property") else []
    pairs = [("depth", exp.depth, got["depth"])]
    if exp.verdict == "success":
        pairs.insert(0, ("distinct", exp.distinct, got["distinct"]))
    return [name for name, want, have in pairs if None not in (want, have) and want != have]


def by_property(exp: Expect, props: list[str]) -> bool:
    """Whether the oracle's failure may be of a PROPERTY we set aside."""
    if exp.verdict == "liveness failure":
        return bool(props)
    return exp.verdict != "success" and bool(set(props) & set(WORD.findall(exp.message)))


def draws_random(spec: Path) -> bool:
    """Whether `spec`, or a module of its directory it uses (EXTENDS, INSTANCE,
    transitively), calls one of TLC's random operators."""
    seen: set[Path] = set()
    todo = [spec]
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        text = path.read_text(errors="replace")
        if RANDOM.search(text):
            return True
        for names in USES.findall(text):
            todo.extend(spec.parent / f"{n.strip()}.tla" for n in names.split(","))
    return False


def classify(
    model: Model, exp: Expect, run: Run, props: list[str], random_draws: bool = False
) -> Result:
    hint, got = outcome(run)
    r = Result(model.cfg, hint, round(run.seconds, 1), props, exp.oracle, got=got)
    r.expected = {"verdict": exp.verdict, "distinct": exp.distinct, "depth": exp.depth}
    if hint != "ran":
        r.error = first_error(run) if hint in ("refused", "crash") else {}
        loc = r.error.get("location", "")
        if loc and not loc.startswith(("specifications/", "/")):  # relative to the spec
            r.error["location"] = os.path.normpath(Path(model.spec).parent / loc)
        r.note = _tail(run.stderr) if hint == "crash" else ""
        return r
    if got["verdict"] == "success" and by_property(exp, props):
        r.status, r.note = "needs liveness", exp.message or exp.verdict
    elif exp.verdict not in VERDICTS.values():
        r.status = "no oracle"
    else:
        bad = mismatches(exp, got)
        r.status = "DIFFERS" if bad else "agrees"
        if bad and "verdict" not in bad and random_draws:
            r.status = "random"
        unseen = exp.depth is not None and got["depth"] is None and not bad
        r.note = "depth not compared: no counterexample" if unseen else ", ".join(bad)
    return r


def _revision() -> str:
    """This checkout's commit (the checker is installed editable from it)."""

    def git(*argv: str) -> str:
        root = str(Path(__file__).resolve().parents[1])
        run = subprocess.run(["git", "-C", root, *argv], capture_output=True, text=True)
        return run.stdout.strip()

    dirty = " + uncommitted changes" if git("status", "--porcelain", "checker") else ""
    return (git("rev-parse", "--short", "HEAD") or "unknown") + dirty


def _tail(text: str, lines: int = 6) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _figures(d: dict[str, Any]) -> str:
    parts = [str(d.get("verdict"))]
    if d.get("distinct") is not None:
        parts.append(f"{d['distinct']:,} distinct")
    if d.get("depth") is not None:
        parts.append(f"depth {d['depth']}")
    return ", ".join(parts)


def line(r: Result) -> str:
    head = f"{r.status:<15} {r.cfg}"
    tags = f" [set aside: PROPERTY {' '.join(r.props_set_aside)}]" if r.props_set_aside else ""
    if r.status in ("refused", "crash"):
        e = r.error
        body = f"{e['code']} {e['message']} ({e['location'] or 'no location'})" if e else ""
        body = f"{r.got.get('verdict', '')}: {body}" if r.status == "crash" else body
    elif r.status in ("DIFFERS", "random"):
        body = f"ours: {_figures(r.got)} | {r.oracle}: {_figures(r.expected)} ({r.note})"
    else:
        body = f"{_figures(r.got)} [{r.oracle}]" + (f" ({r.note})" if r.note else "")
    text = f"{head}  {body}{tags}  {r.seconds:.1f}s"
    if r.status == "crash" and r.note:
        text += "\n" + "\n".join("    | " + x for x in r.note.splitlines())
    return text


def blocker_key(error: dict[str, str]) -> str:
    """The code and message with names, numbers and quoted values made generic."""

    def generic(m: re.Match[str]) -> str:
        word = m[1]
        return m[0] if not re.fullmatch(r"\w+", word) or word in TLA_KEYWORDS else "`_`"

    msg = re.sub(r"`([^`]*)`", generic, error.get("message", ""))
    msg = re.sub(r'"[^"]*"', '"_"', msg)
    msg = re.sub(r"\b\d+\b", "N", msg)
    first = (error.get("source", "").split() or [""])[0]
    syntax = error.get("code") == "E102" and first in TLA_KEYWORDS  # say which construct
    where = f" (in a line starting {first})" if syntax else ""
    return f"{error.get('code', '?')} {msg}{where}"


def recorded(r: Result) -> bool:
    """Whether the oracle has a result to compare: a definite verdict, with its distinct
    states for a success (TLC's timeouts and the manifest's bare "success" have none)."""
    verdict = r.expected.get("verdict")
    if verdict not in VERDICTS.values():
        return False
    return verdict != "success" or r.expected.get("distinct") is not None


def agreement(results: list[Result]) -> str:
    """The share of models with recorded counts that agree, also without the liveness
    failures (issue 15: PROPERTY lines are set aside)."""
    rec = [r for r in results if recorded(r)]
    agree = sum(r.status == "agrees" for r in rec)
    live = sum(r.status == "needs liveness" for r in rec)
    safety = len(rec) - live
    pct = 100.0 * agree / len(rec) if rec else 0.0
    pct_safety = 100.0 * agree / safety if safety else 0.0
    return (
        f"with recorded counts: {len(rec)} models, {agree} agree ({pct:.1f}%); "
        f"without the {live} that need liveness: {agree} of {safety} ({pct_safety:.1f}%)"
    )


def summary(results: list[Result]) -> list[str]:
    counts = Counter(r.status for r in results)
    oracles = Counter(r.oracle for r in results if r.status in ("agrees", "DIFFERS"))
    out = [f"{len(results)} models: " + ", ".join(f"{counts[c]} {c}" for c in CLASSES)]
    out.append("compared with: " + ", ".join(f"{n} {o}" for o, n in sorted(oracles.items())))
    out.append(agreement(results))
    unrecorded = [r for r in results if not recorded(r) and r.status != "agrees"]
    if unrecorded:
        out += ["", "without recorded counts (TLC timed out, or the manifest has none):"]
        out += [line(r) for r in unrecorded]
    groups: dict[str, list[str]] = defaultdict(list)
    for r in results:
        if r.status == "refused":
            groups[blocker_key(r.error)].append(r.cfg.removeprefix("specifications/"))
    if groups:
        out += ["", "refused, by first blocker:"]
        for key, names in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            out.append(f"{len(names):4}  {key}")
            out.append("      " + ", ".join(sorted(names)))
    for status in ("DIFFERS", "crash", "random"):
        bad = [r for r in results if r.status == status]
        if bad:
            out += ["", f"{status}:"] + [line(r) for r in bad]
    return out


def write_json(path: Path, results: list[Result]) -> None:
    data = [asdict(r) for r in sorted(results, key=lambda r: r.cfg)]
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    os.replace(tmp, path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("examples", type=Path, help="a checkout of tlaplus/Examples")
    ap.add_argument("--tlc-results", help="TLC -workers 1 results, keyed by .cfg path")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per model")
    ap.add_argument("--jobs", type=int, default=1, help="models run in parallel")
    ap.add_argument("--only", help="only models whose .cfg path contains this")
    ap.add_argument("--json", type=Path, help="write the per-model results here")
    ap.add_argument("--checker", default="checker", help="the checker command")
    ap.add_argument(
        "--keep-properties",
        action="store_true",
        help="check PROPERTY lines too (also with CONF_KEEP_PROPERTY=1 in the environment)",
    )
    ap.add_argument(
        "--properties-only",
        action="store_true",
        help="only the models whose .cfg has PROPERTY lines, checked with them (implies "
        "--keep-properties)",
    )
    args = ap.parse_args()
    keep = args.keep_properties or args.properties_only
    keep = keep or os.environ.get("CONF_KEEP_PROPERTY") == "1"
    root: Path = args.examples.resolve()
    tlc: dict[str, Any] = json.loads(Path(args.tlc_results).read_text()) if args.tlc_results else {}
    models = load_models(root, args.only)
    if args.properties_only:
        models = [m for m in models if strip_properties((root / m.cfg).read_text())[1]]
    if not models:
        print(f"no exhaustive-search models under {root}", file=sys.stderr)
        return 2
    cmd = shlex.split(args.checker)
    tlc_note = f", {len(tlc)} TLC results" if args.tlc_results else ""
    print(f"# {len(models)} models from {root}{tlc_note}, timeout {args.timeout:g}s", flush=True)
    print(f"# checker at {_revision()}, {time.strftime('%Y-%m-%d %H:%M')}", flush=True)
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max(1, args.jobs)) as pool:

        def one(index: int, model: Model) -> Result:
            try:
                cfg, props = config_for(root, model, Path(tmp), index, keep)
                run = run_checker(cmd, root / model.spec, cfg, args.timeout)
            except OSError as exc:  # a missing file or command: counted as a crash
                return Result(model.cfg, got={"verdict": "runner failed"}, note=str(exc))
            err = run.stderr.replace(str(cfg), model.cfg).replace(f"{root}/", "")
            run = Run(run.rc, run.stdout, err, run.seconds)
            random_draws = draws_random(root / model.spec)
            return classify(model, expectation(model, tlc), run, props, random_draws)

        futures = [pool.submit(one, k, m) for k, m in enumerate(models)]
        for future in as_completed(futures):
            results.append(future.result())
            print(line(results[-1]), flush=True)
    results.sort(key=lambda r: r.cfg)
    print()
    print("\n".join(summary(results)))
    if args.json:
        write_json(args.json, results)
    return 1 if any(r.status in ("DIFFERS", "crash") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
