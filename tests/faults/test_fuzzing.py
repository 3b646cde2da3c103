"""Fuzzing (issue 12, "Done when"): mutated inputs of our own never crash the checker.

Specs (the protocol library and small specs of the test suite), ITF traces and TLC traces
are mutated at the level of tokens (delete, duplicate, swap, insert hostile tokens such as
`10^5000`, `1..2^70`, NUL, a byte-order mark), of bytes (random bytes, invalid UTF-8,
truncation) and, for JSON, of values (a value replaced by a hostile one: huge numbers,
malformed `#bigint`, lone surrogates, deep nesting), then run through the real CLI
in-process: `parse`, `check` (with small --max-states and --time-limit), `trace show` and
`trace import`. Every run must end with exit 0, 1, 2 or 3 and no traceback or "internal
error". Derandomized, so a run is reproducible; FUZZ_EXAMPLES=2000 runs more examples
(the CI budget keeps the file under a minute).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
ENGINE_SPECS = ROOT / "tests" / "engine" / "specs"
MODELS = [  # (spec, config), checked with small limits
    (ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos.cfg"),
    (ROOT / "specs" / "TxLock.tla", ROOT / "models" / "TxLock.cfg"),
    (ENGINE_SPECS / "DieHard.tla", ENGINE_SPECS / "DieHard.cfg"),
    (ENGINE_SPECS / "TwoPhase.tla", ENGINE_SPECS / "TwoPhase.cfg"),
    (ENGINE_SPECS / "Mutex.tla", ENGINE_SPECS / "Mutex.cfg"),
]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))  # about 12 s on 2 busy cores
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=30),  # a hang is a finding; a slow machine is not
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
TOKEN = re.compile(r"\s+|[A-Za-z_][A-Za-z0-9_]*|\d+|\"(?:[^\"\\\n]|\\.)*\"|\\[A-Za-z]+|.", re.S)
HOSTILE = [
    "10^5000",
    "9" * 5000,
    "1..2^70",
    "2^(2^70)",
    "SUBSET (1..2^70)",
    "\\E z \\in 1..2^70 : z = 2",
    "CHOOSE z \\in 1..2^70 : z > 1",
    "Cardinality(1..2^70)",
    '"' + "s" * 20_000 + '"',
    "\x00",
    "\ufeff",
    "\ud800",
    "\\o17",
    "\\h",
    "0..",
    "x'",
    "UNCHANGED",
    "<<",
    ">>",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "/\\",
    "\\/",
    "=>",
    "==",
    "\\in",
    ":",
    ",",
    "\n",
    "\n  /\\ ",
]


def run(args: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    text = out.getvalue() + err.getvalue()
    return code, text


def assert_clean(code: int, text: str, allowed: tuple[int, ...], what: str) -> None:
    report = f"{what}: exit {code}\n{text[-3000:]}"
    assert code in allowed, report
    assert "Traceback" not in text and "internal error" not in text, report
    if code == 2:
        assert re.search(r"^error\[E\d+\]", text, re.M), report


def write(path: Path, data: str | bytes) -> None:
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    path.write_bytes(data)


# -- mutations ---------------------------------------------------------------------------


@st.composite
def token_mutant(draw: st.DrawFn, text: str) -> str:
    toks = TOKEN.findall(text)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(toks) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "replace"]))
        if op == "delete":
            del toks[i]
        elif op == "duplicate":
            toks.insert(i, toks[i])
        elif op == "swap":
            j = draw(st.integers(0, len(toks) - 1))
            toks[i], toks[j] = toks[j], toks[i]
        elif op == "insert":
            toks.insert(i, " " + draw(st.sampled_from(HOSTILE)) + " ")
        else:
            toks[i] = draw(st.sampled_from(HOSTILE))
    return "".join(toks)


@st.composite
def byte_mutant(draw: st.DrawFn, text: str) -> bytes:
    data = bytearray(text.encode("utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "overwrite", "truncate"]))
        junk = draw(st.binary(min_size=1, max_size=6))
        if op == "insert":
            data[i:i] = junk
        elif op == "overwrite":
            data[i : i + len(junk)] = junk
        else:
            del data[i:]
    return bytes(data)


def mutants(text: str) -> st.SearchStrategy[str | bytes]:
    return st.one_of(token_mutant(text), byte_mutant(text))


# -- specs: parse and check ----------------------------------------------------------------


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copies of the models, so that mutants still find the modules beside them."""
    where = tmp_path_factory.mktemp("fuzz")
    for spec, cfg in MODELS:
        shutil.copy(spec, where / spec.name)
        shutil.copy(cfg, where / cfg.name)
    return where


@st.composite
def spec_mutant(draw: st.DrawFn) -> tuple[int, str | bytes, bool]:
    index = draw(st.integers(0, len(MODELS) - 1))
    text = MODELS[index][0].read_text(encoding="utf-8")
    mutate_cfg = draw(st.booleans()) and draw(st.booleans())  # a quarter: the config
    if mutate_cfg:
        text = MODELS[index][1].read_text(encoding="utf-8")
    return index, draw(mutants(text)), mutate_cfg


@SETTINGS
@given(spec_mutant())
def test_mutated_models_parse_and_check_cleanly(
    workdir: Path, mutant: tuple[int, str | bytes, bool]
) -> None:
    index, data, mutate_cfg = mutant
    spec, cfg = (workdir / p.name for p in MODELS[index])
    target = cfg if mutate_cfg else spec
    write(target, data)
    try:
        code, text = run(["parse", str(spec), "--config", str(cfg)])
        assert_clean(code, text, (0, 2), f"parse {target.name}")
        limits = ["--max-states", "300", "--time-limit", "5", "--no-trace-file", "-q"]
        code, text = run(["check", str(spec), "--config", str(cfg), *limits])
        assert_clean(code, text, (0, 1, 2, 3), f"check {target.name}")
    finally:
        shutil.copy(MODELS[index][1 if mutate_cfg else 0], target)


# -- ITF traces ----------------------------------------------------------------------------

BIG_NUMBER = "<a bare number of 5,000 digits>"  # json.dumps cannot write one
HOSTILE_JSON: list[Any] = [
    BIG_NUMBER,
    {"#bigint": "9" * 5000},
    {"#bigint": "\u00b2"},
    {"#bigint": "--5"},
    {"#bigint": " 5"},
    {"#bigint": 5},
    {"#set": [True, 1]},
    {"#map": [[1, 2], [1, 3]]},
    {"#map": [[1]]},
    {"#tup": None},
    {"#unserializable": "x"},
    {"#weird": 1},
    "\ud800",
    "\x1b[31mred",
    "s" * 20_000,
    1.5,
    None,
    [],
    {},
    [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]],
]


def itf_text() -> str:
    trace = {
        "#meta": {"format": "ITF", "model_values": ["a1", "a2"]},
        "vars": ["x", "msgs", "f"],
        "states": [
            {
                "#meta": {"index": i, "action": "Next" if i else None},
                "x": i,
                "msgs": {"#set": [{"type": "1a", "bal": i, "from": "a1"}]},
                "f": {
                    "#map": [
                        ["a1", {"#tup": [i, True]}],
                        ["a2", {"#bigint": "12345678901234567890"}],
                    ]
                },
            }
            for i in range(3)
        ],
    }
    return json.dumps(trace, indent=1)


def replace_somewhere(doc: Any, path: list[int], value: Any) -> Any:
    """`doc` with the node reached by following `path` (indices, modulo) replaced."""
    if not path or not isinstance(doc, (dict, list)) or not doc:
        return value
    if isinstance(doc, dict):
        keys = list(doc)
        key = keys[path[0] % len(keys)]
        return {**doc, key: replace_somewhere(doc[key], path[1:], value)}
    i = path[0] % len(doc)
    return [*doc[:i], replace_somewhere(doc[i], path[1:], value), *doc[i + 1 :]]


@st.composite
def value_mutant(draw: st.DrawFn, text: str) -> str:
    doc = json.loads(text)
    path = draw(st.lists(st.integers(0, 10), min_size=0, max_size=8))
    doc = replace_somewhere(doc, path, draw(st.sampled_from(HOSTILE_JSON)))
    return json.dumps(doc).replace(json.dumps(BIG_NUMBER), "9" * 5000)


@SETTINGS
@given(st.one_of(mutants(itf_text()), value_mutant(itf_text())))
def test_mutated_itf_traces_show_cleanly(tmp_path: Path, data: str | bytes) -> None:
    path = tmp_path / "t.itf.json"
    write(path, data)
    code, text = run(["trace", "show", str(path), "--width", "80"])
    assert_clean(code, text, (0, 2), "trace show")


# -- TLC traces ------------------------------------------------------------------------------

TLC_TEXT = """\
Error: Invariant Inv is violated.
Error: The behavior up to this point is:
State 1: <Initial predicate>
/\\ x = 0
/\\ msgs = {}
/\\ f = (a1 :> 1 @@ a2 :> 2)

State 2: <Next line 12, col 9 to line 14, col 30 of module M>
/\\ x = 1
/\\ msgs = {[type |-> "1a", bal |-> 1]}
/\\ f = (a1 :> <<1, TRUE>> @@ a2 :> 2)

State 3: <Next line 12, col 9 to line 14, col 30 of module M>
/\\ x = 2
/\\ msgs = {[type |-> "1a", bal |-> 1], [type |-> "1b", bal |-> 2]}
/\\ f = (a1 :> <<1, TRUE>> @@ a2 :> 1..3)

4: Back to state: 2
"""

TLC_JSON = json.dumps(
    {
        "state": [[1, {"x": 0, "f": {"1": "a", "2": "b"}}], [2, {"x": 1, "f": {"1": "a"}}]],
        "action": [[[1, {}], {"name": "Next", "context": {"p": 1}}, [2, {}]]],
    }
)


@SETTINGS
@given(
    st.one_of(mutants(TLC_TEXT), mutants(TLC_JSON), value_mutant(TLC_JSON), st.binary(max_size=200))
)
def test_mutated_tlc_traces_import_cleanly(tmp_path: Path, data: str | bytes) -> None:
    source = tmp_path / "tlc.out"
    write(source, data)
    out = tmp_path / "t.itf.json"
    code, text = run(["trace", "import", str(source), "-o", str(out)])
    assert_clean(code, text, (0, 2), "trace import")
    if code == 0:
        code, text = run(["trace", "show", str(out)])
        assert_clean(code, text, (0, 2), "trace show of the import")
