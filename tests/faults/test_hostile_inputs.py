"""Hostile inputs (issue 12, items 8 and 9): every one gets exit 2 (or 0/1 where the input
is valid) with one located diagnostic, never a traceback or "internal error" (exit 4).

Sizes: files beyond the documented limits are refused after a bounded read (E509).
Integers: beyond Python's 4,300-digit conversion limit they are read and printed exactly
up to 100,000 digits, refused or abbreviated beyond. Traces: strict `#bigint`, lone
surrogates, duplicate integer keys. Intervals of 2^63 elements or more, and code too large
for Python's compiler (the closures take over, and a warning says so).
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import checker.lang.loader
import checker.traces.jsontext
from checker.cli.main import main
from checker.numerals import MAX_DIGITS
from checker.traces import Step, Trace, read_itf, write_itf
from checker.values import make_fcn

ROOT = Path(__file__).resolve().parents[2]
DIGITS_5000 = "9" * 5000  # beyond Python's 4,300-digit conversion limit
TOO_MANY = "7" * (MAX_DIGITS + 1)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in out + err, out + err
    return code, out, err


def one_error(err: str, code: str, where: str | None = None) -> None:
    """`err` holds exactly one error, `code`, at `where` (`file:line:col`) if given."""
    assert re.findall(r"^error\[(E\d+)\]", err, re.M) == [code], err
    if where is not None:
        assert f"--> {where}" in err, err


def spec(tmp_path: Path, name: str, body: str, cfg: str | None = None) -> Path:
    path = tmp_path / f"{name}.tla"
    path.write_text(f"---- MODULE {name} ----\n{body}\n====\n", encoding="utf-8")
    if cfg is not None:
        (tmp_path / f"{name}.cfg").write_text(cfg, encoding="utf-8")
    return path


# -- input sizes -------------------------------------------------------------------------


def test_parse_dev_zero_is_refused_after_a_bounded_read() -> None:
    """It grew to 2 GB: now E509 after reading one byte more than the limit."""

    def cap_memory() -> None:  # the old unbounded read dies here, not the machine
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    proc = subprocess.run(
        [sys.executable, "-m", "checker", "parse", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap_memory,
        cwd=ROOT,
    )
    assert proc.returncode == 2, proc.stderr
    one_error(proc.stderr, "E509", "/dev/zero")
    assert "64 MiB" in proc.stderr


def test_a_large_spec_file_is_refused_by_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(checker.lang.loader, "SOURCE_LIMIT", 1000)
    path = spec(tmp_path, "Big", "A == 1\n" * 200)
    code, _, err = run(["parse", str(path)], capsys)
    assert code == 2
    one_error(err, "E509", str(path))
    assert f"{path.stat().st_size:,} bytes" in err


def test_a_fifo_is_read_within_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(checker.lang.loader, "SOURCE_LIMIT", 1000)
    fifo = tmp_path / "spec.tla"
    os.mkfifo(fifo)

    def feed() -> None:
        try:
            with open(fifo, "wb") as f:
                f.write(b"---- MODULE spec ----\n" + b"A == 1\n" * 10_000)
        except BrokenPipeError:  # the reader stopped early, as it should
            pass

    writer = threading.Thread(target=feed)
    writer.start()
    code, _, err = run(["parse", str(fifo)], capsys)
    writer.join()
    assert code == 2
    one_error(err, "E509", str(fifo))


def test_a_nul_byte_in_a_spec_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "Nul.tla"
    path.write_bytes(b"---- MODULE Nul ----\nVARIABLE x\nInit == x = 1\x00\n====\n")
    code, _, err = run(["parse", str(path)], capsys)
    assert code == 2
    one_error(err, "E101", f"{path}:3:14")


def test_a_large_trace_is_refused_by_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(checker.traces.jsontext, "TRACE_LIMIT", 1000)
    path = tmp_path / "t.itf.json"
    path.write_text(json.dumps({"vars": ["x"], "states": [{"x": "a" * 2000}]}))
    code, _, err = run(["trace", "show", str(path)], capsys)
    assert code == 2
    one_error(err, "E509", str(path))


def itf(tmp_path: Path, value_json: str) -> Path:
    path = tmp_path / "t.itf.json"
    path.write_text('{"vars": ["x"], "states": [{"x": ' + value_json + "}]}", encoding="utf-8")
    return path


def test_trace_show_cuts_a_long_string_and_says_how_long(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 20 MB string took 2.4 GB to show: now its first 10,000 characters and its length."""
    path = itf(tmp_path, json.dumps("ab" * 1_000_000))
    code, out, _ = run(["trace", "show", str(path), "--width", "100"], capsys)
    assert code == 0
    assert "(2000000 chars)" in out
    assert len(out) < 30_000


# -- integers beyond 4,300 digits ----------------------------------------------------------


def test_a_spec_literal_of_5000_digits_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, "Lit", f"EXTENDS Naturals\nASSUME {DIGITS_5000} = 10^5000 - 1")
    assert run(["parse", str(path)], capsys)[0] == 0


def test_a_spec_literal_beyond_the_limit_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, "Lit", f"EXTENDS Naturals\nASSUME {TOO_MANY} > 0")
    code, _, err = run(["parse", str(path)], capsys)
    assert code == 2
    one_error(err, "E101", f"{path}:3:8")


COUNTER = "EXTENDS Naturals\nCONSTANT N\nVARIABLE x\nInit == x = N\nNext == UNCHANGED x\n"


@pytest.mark.parametrize(("value", "code"), [(DIGITS_5000, 0), (TOO_MANY, 2)])
def test_a_cfg_value_of_many_digits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, code: int
) -> None:
    path = spec(tmp_path, "C", COUNTER, f"CONSTANT N = {value}\nINIT Init\nNEXT Next\n")
    got, _, err = run(["check", str(path), "--no-trace-file", "-q"], capsys)
    assert got == code, err
    if code == 2:
        one_error(err, "E301", f"{tmp_path / 'C.cfg'}:1:14")


def test_a_manifest_integer_of_5000_digits_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "models" / "manifest.toml"
    manifest.parent.mkdir()
    manifest.write_text(
        '[[model]]\nname = "A"\nspec = "A.tla"\nconfig = "A.cfg"\nexpect = "ok"\n'
        f"distinct = {DIGITS_5000}\ndepth = 1\n"
    )
    code, _, err = run(["ci", "-q", str(manifest)], capsys)
    assert code == 2
    one_error(err, "E504", f"{manifest}:6:12")


def test_printing_10_to_the_5000_is_exact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """TLC would overflow at 2^31; we compute, print and write the exact value."""
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\n"
    body = "EXTENDS Naturals\nVARIABLE x\nInit == x = 10^5000\nNext == UNCHANGED x\nInv == x < 0"
    path = spec(tmp_path, "Big", body, cfg)
    traces = tmp_path / "traces"
    code, out, _ = run(["check", str(path), "--trace-dir", str(traces)], capsys)
    assert code == 1 and "Invariant Inv is violated" in out
    written = json.loads((traces / "Big_Inv.itf.json").read_text())
    assert written["states"][0]["x"] == {"#bigint": "1" + "0" * 5000}
    code, out, _ = run(["trace", "show", str(traces / "Big_Inv.itf.json"), "--width", "60"], capsys)
    assert code == 0 and out.count("0") >= 5000


def test_a_value_too_long_for_a_trace_keeps_the_violation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\n"
    body = "EXTENDS Naturals\nVARIABLE x\nInit == x = 10^200000\nNext == UNCHANGED x\nInv == x < 0"
    path = spec(tmp_path, "Huge", body, cfg)
    code, out, err = run(["check", str(path), "--trace-dir", str(tmp_path)], capsys)
    assert code == 1 and "Invariant Inv is violated" in out
    assert "10000000000000000000…00000000000000000000 (200001 digits)" in out
    one_error(err, "E506")


@pytest.mark.parametrize(
    ("value", "code", "where"),
    [
        (DIGITS_5000, 2, ":1:34"),  # a bare JSON number Python cannot convert
        ('{"#bigint": "' + DIGITS_5000 + '"}', 0, None),
        ('{"#bigint": "' + TOO_MANY + '"}', 2, None),
        ('{"#bigint": "\u00b2"}', 2, None),  # int() takes a superscript two
        ('{"#bigint": "--5"}', 2, None),
        ('{"#bigint": " 5"}', 2, None),  # and blanks
        ('{"#bigint": "1_0"}', 2, None),  # and underscores
        ('{"#bigint": "\u0663"}', 2, None),  # and Arabic-Indic digits
        ('"\\ud800"', 2, ":1:35"),  # a lone surrogate
        ('"x\\udc00"', 2, ":1:36"),
        ('"\\ud83d\\ude00"', 0, None),  # a pair: one character
        ('"\\\\ud800"', 0, None),  # an escaped backslash, then text
    ],
)
def test_itf_numbers_and_strings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, code: int, where: str | None
) -> None:
    path = itf(tmp_path, value)
    got, out, err = run(["trace", "show", str(path)], capsys)
    assert got == code, err
    if code == 2:
        one_error(err, "E503", None if where is None else f"{path}{where}")
    if "#bigint" in value and code == 0:
        assert DIGITS_5000[:50] in out.replace("│", "").replace("\n", "").replace(" ", "")


def test_tlc_text_trace_with_a_5000_digit_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "tlc.txt"
    source.write_text(f"State 1: <Initial predicate>\n/\\ x = {DIGITS_5000}\n")
    out_file = tmp_path / "t.itf.json"
    code, _, err = run(["trace", "import", str(source), "-o", str(out_file)], capsys)
    assert code == 0, err
    assert json.loads(out_file.read_text())["states"][0]["x"] == {"#bigint": DIGITS_5000}


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (f"State 1: <Initial predicate>\n/\\ x = {TOO_MANY}\n", ":2:8"),
        ("State 1: <Initial predicate>\n/\\ x = 1..99999999999999999999999\n", ":2:11"),
        ("State 1: <Initial predicate>\n/\\ x = \u0663\n", ":2:8"),  # int() takes it
        (f'[{{"x": {DIGITS_5000}}}]', ":1:8"),
        ('[{"f": {"1": 2, "01": 3}}]', ":1:17"),  # two keys, one integer
        ('[{"s": "\\udfff"}]', ":1:9"),
    ],
)
def test_tlc_import_of_hostile_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, where: str
) -> None:
    source = tmp_path / "tlc.out"
    source.write_text(text, encoding="utf-8")
    code, _, err = run(["trace", "import", str(source), "-o", str(tmp_path / "t.json")], capsys)
    assert code == 2
    one_error(err, "E503", f"{source}{where}")


# -- intervals and huge counts -------------------------------------------------------------


def check_invariant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], inv: str, init: str = "x = 0"
) -> tuple[int, str, str]:
    body = (
        f"EXTENDS Naturals, FiniteSets\nVARIABLE x\nInit == {init}\n"
        f"Next == UNCHANGED x\nInv == {inv}"
    )
    path = spec(tmp_path, "Iv", body, "INIT Init\nNEXT Next\nINVARIANT Inv\n")
    return run(["check", str(path), "--no-trace-file", "-q"], capsys)


@pytest.mark.parametrize(
    "inv",
    [
        "Cardinality(1..2^70) = 2^70",
        "5 \\in 1..2^70 /\\ 0 \\notin 1..2^70",
        "\\E y \\in 1..2^70 : y = 3",
        "(1..2^70) # (1..2^71)",
        "Cardinality(1..10^5000) = 10^5000",
    ],
)
def test_intervals_beyond_2_to_the_63_by_arithmetic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], inv: str
) -> None:
    code, _, err = check_invariant(tmp_path, capsys, inv)
    assert code == 0, err


@pytest.mark.parametrize(
    ("inv", "init", "diag"),
    [
        ("TRUE", "x \\in 1..2^70", "E405"),  # OverflowError before
        ("(CHOOSE y \\in 1..2^70 : y > 3) = 4", "x = 0", "E405"),
        ("Cardinality(SUBSET (1..2^70)) > 0", "x = 0", "E405"),  # hung computing 2^(2^70)
        ("2^(2^70) > 0", "x = 0", "E409"),
    ],
)
def test_intervals_too_large_to_list_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], inv: str, init: str, diag: str
) -> None:
    code, _, err = check_invariant(tmp_path, capsys, inv, init)
    assert code == 2
    one_error(err, diag, f"{tmp_path / 'Iv.tla'}:")


# -- generated code too large ----------------------------------------------------------------


def test_code_too_nested_for_python_falls_back_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """30 nested \\E make 30 nested `for` loops; Python's compiler allows 20."""
    quantifiers = " ".join(f"\\E i{k} \\in {{0, 1}} :" for k in range(30))
    body = f"EXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == {quantifiers} x' = i0 + i29"
    path = spec(tmp_path, "Nest", body, "INIT Init\nNEXT Next\n")
    code, out, err = run(["parse", str(path)], capsys)
    assert code == 0 and out.startswith("OK")
    assert re.findall(r"^warning\[(E\d+)\]", err, re.M) == ["E509"], err
    assert "Next is evaluated without generated code" in err and f"{path}:5:9" in err


# -- files of every kind ---------------------------------------------------------------------


def test_a_cfg_with_a_byte_order_mark_keeps_its_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """TLC's Java reader would keep U+FEFF as a character; we skip a leading one, as for
    specs, and columns count from after it."""
    path = spec(tmp_path, "Bom", "VARIABLE x\nInit == x = 0\nNext == x' = x")
    cfg = tmp_path / "Bom.cfg"
    cfg.write_bytes("\ufeffINIT Init\nNEXT Next\n".encode())
    assert run(["check", str(path), "--no-trace-file", "-q"], capsys)[0] == 0
    cfg.write_bytes("\ufeffINIT Init NEXT Nxt\n".encode())
    code, _, err = run(["check", str(path), "-q"], capsys)
    assert code == 2
    one_error(err, "E302", f"{cfg}:1:16")


def test_a_positional_selector_in_another_radix_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, "Sel", "A == 1 + 2\nB == A!\\o1")
    code, _, err = run(["parse", str(path)], capsys)
    assert code == 2
    one_error(err, "E102", f"{path}:3:8")


@pytest.mark.parametrize("key", ["#bigint", "#set", "#tup", "#map", "#meta", "#x"])
def test_functions_on_strings_starting_with_a_hash_survive_itf(tmp_path: Path, key: str) -> None:
    """Found by the fuzz test: `("#bigint" :> "5")` was written as `{"#bigint": "5"}` and
    read back as the integer 5 (or refused); such functions are written as #map."""
    for value in ("5", "--5", make_fcn([(key, 1)])):
        f = make_fcn([(key, value)])
        trace = Trace(("f",), (Step((f,), None),))
        path = write_itf(trace, tmp_path / "t.itf.json")
        assert read_itf(path).steps[0].state == (f,)


def test_a_tlc_json_object_with_a_hash_key_imports_and_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "tlc.json"
    source.write_text('[{"x": {"#bigint": "--5"}}]')
    out_file = tmp_path / "t.itf.json"
    assert run(["trace", "import", str(source), "-o", str(out_file)], capsys)[0] == 0
    code, out, _ = run(["trace", "show", str(out_file)], capsys)
    assert code == 0 and '"#bigint" :> "--5"' in out
