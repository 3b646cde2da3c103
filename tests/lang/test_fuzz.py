"""Mutated specs never crash `checker parse`: exit code 0 or 2, never 4, no traceback.

Valid specs from the corpus (tests/specs) are mutated at the level of tokens (delete,
duplicate, swap, insert TLA+ symbols) and of characters (delete, insert random
Unicode, truncate), then parsed (and, where a .cfg sits beside them, bound and compiled)
through the real CLI. Derandomized, so that a run is reproducible.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tla_helpers import SPECS

from checker.cli.main import main

CORPUS = sorted(p.name for p in SPECS.glob("*.tla"))
TOKEN = re.compile(r"\s+|[A-Za-z_][A-Za-z0-9_]*|\d+|\"(?:[^\"\\\n]|\\.)*\"|\\[A-Za-z]+|.", re.S)
VOCABULARY = [
    "/\\",
    "\\/",
    "~",
    "=>",
    "==",
    "=",
    "'",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "<<",
    ">>",
    "]_",
    ">>_",
    ",",
    ":",
    "|->",
    "->",
    "..",
    "\\in",
    "\\E",
    "\\A",
    "CHOOSE",
    "IF",
    "THEN",
    "ELSE",
    "LET",
    "IN",
    "CASE",
    "[]",
    "OTHER",
    "EXCEPT",
    "!",
    "@",
    "UNCHANGED",
    "SUBSET",
    "RECURSIVE",
    "LOCAL",
    "EXTENDS",
    "VARIABLE",
    "CONSTANT",
    "ASSUME",
    "----",
    "====",
    "(*",
    "*)",
    "\\*",
    '"',
    "\n",
    "\n     /\\ ",
    "\n  \\/ ",
    "WF_",
    "LAMBDA",
    "x",
    "Init",
    "Next",
    "0",
    "-",
    "%",
    "\\div",
    "^",
    "∧",
    "∈",
    "⟨",
    "≜",
    "\t",
    "\x00",
    "\ufeff",
]
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the corpus, so that mutated specs still find the modules they extend."""
    where = tmp_path_factory.mktemp("fuzz")
    for p in SPECS.iterdir():
        shutil.copy(p, where / p.name)
    return where


def run_parse(directory: Path, name: str, text: str, cfg: str | None = None) -> None:
    """Write the mutant beside the corpus and run `checker parse` on it."""
    spec = directory / "Mutant.tla"
    spec.write_text(text, encoding="utf-8", errors="surrogatepass")
    args = ["parse", str(spec)]
    if cfg is not None:
        (directory / "Mutant.cfg").write_text(cfg, encoding="utf-8", errors="surrogatepass")
        args += ["--config", str(directory / "Mutant.cfg")]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    report = f"{name}: exit {code}\n{text}\n--- stderr:\n{err.getvalue()}"
    assert code in (0, 2), report
    assert "Traceback" not in err.getvalue() + out.getvalue(), report
    if code == 2:
        assert "error[E" in err.getvalue(), report


def source(name: str) -> str:
    # the mutant's module is called Mutant, so that a file name mismatch is not the point
    text = (SPECS / name).read_text(encoding="utf-8")
    return re.sub(r"MODULE\s+\w+", "MODULE Mutant", text, count=1)


def config(name: str) -> str | None:
    cfg = SPECS / name.replace(".tla", ".cfg")
    return cfg.read_text(encoding="utf-8") if cfg.is_file() else None


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


@st.composite
def token_mutants(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(CORPUS))
    toks = tokens(source(name))
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
        else:
            word = draw(st.sampled_from(VOCABULARY))
            if op == "insert":
                toks.insert(i, " " + word + " ")
            else:
                toks[i] = word
    return name, "".join(toks)


@st.composite
def char_mutants(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(CORPUS))
    text = source(name)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["delete", "insert", "truncate"]))
        if op == "delete":
            text = text[:i] + text[i + 1 :]
        elif op == "insert":
            junk = draw(st.text(min_size=1, max_size=4))
            text = text[:i] + junk + text[i:]
        else:
            text = text[:i]
    return name, text


@SETTINGS
@given(token_mutants())
def test_token_mutants(workdir: Path, mutant: tuple[str, str]) -> None:
    name, text = mutant
    run_parse(workdir, name, text)


@SETTINGS
@given(char_mutants())
def test_character_mutants(workdir: Path, mutant: tuple[str, str]) -> None:
    name, text = mutant
    run_parse(workdir, name, text)


@st.composite
def line_mutants(draw: st.DrawFn) -> tuple[str, str]:
    """Whole lines deleted, duplicated or swapped: definitions go missing or repeat."""
    name = draw(st.sampled_from(CORPUS))
    lines = source(name).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(j, lines[i])
        else:
            lines[i], lines[j] = lines[j], lines[i]
    return name, "\n".join(lines)


@SETTINGS
@given(line_mutants())
def test_line_mutants_with_their_config(workdir: Path, mutant: tuple[str, str]) -> None:
    name, text = mutant
    cfg = config(name)
    run_parse(workdir, name, text, cfg if cfg is not None else "INIT Init\nNEXT Next\n")


@SETTINGS
@given(token_mutants())
def test_token_mutants_with_their_config(workdir: Path, mutant: tuple[str, str]) -> None:
    """Mutants of specs that have a .cfg, bound and compiled with it (ASSUMEs checked)."""
    name, text = mutant
    cfg = config(name)
    run_parse(workdir, name, text, cfg if cfg is not None else "INIT Init\nNEXT Next\n")


@st.composite
def config_mutants(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from([n for n in CORPUS if config(n) is not None]))
    toks = tokens(config(name) or "")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(toks) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "insert"]))
        if op == "delete":
            del toks[i]
        elif op == "duplicate":
            toks.insert(i, toks[i])
        else:
            word = draw(st.sampled_from(["=", "<-", "{", "}", "<<", ">>", ",", "INIT", "-", '"']))
            toks.insert(i, " " + word + " ")
    return name, "".join(toks)


@SETTINGS
@given(config_mutants())
def test_config_mutants(workdir: Path, mutant: tuple[str, str]) -> None:
    name, cfg = mutant
    run_parse(workdir, name, source(name), cfg)
