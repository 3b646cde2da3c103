"""The CI manifest (`models/manifest.toml`): one `[[model]]` table per model.

    [[model]]
    name = "Paxos"                 # unique; names the counterexample directory
    spec = "specs/Paxos.tla"       # relative to the root (see below)
    config = "models/Paxos.cfg"
    expect = "ok"                  # "ok" or "violation"
    distinct = 3921                # for "ok": distinct states and depth (TLC's counts)
    depth = 17

    [[model]]
    name = "Paxos_bug_singleton_quorums"
    spec = "specs/Paxos.tla"
    config = "models/Paxos_bug_singleton_quorums.cfg"
    expect = "violation"
    property = "Agreement"         # for "violation": the violated property ("Deadlock"
    length = 8                     # for a deadlock) and the steps of the shortest trace
    kind = "invariant"             # optional: "invariant", "deadlock", "property",
                                   # "action" or "liveness" (then `length` is the lasso's)

For "ok", `fail_on_dead_actions = true` also runs the model with coverage (`check
--coverage`) and fails it when an action of Next never fired (NOTE(coverage)).

Paths rule: `spec` and `config` are relative to the root, which is the parent of the
directory holding the manifest (`models/manifest.toml` -> the repository root), unless
`checker ci --root DIR` says otherwise. A path leading outside the root (`..`, an absolute
path, a symbolic link) is refused unless `checker ci --allow-outside-root`: manifests come
from pull requests. A name is a file name (counterexamples go in `<trace-dir>/<name>/`):
no `/`, `\\`, control character, `.` or `..`.

Every problem is an E504 diagnostic pointing at the manifest line; all are reported at
once. TOML is read with `tomllib` (never evaluated); the line of each table and key is
found by a scan of the text (`locate`), which `update.py` reuses to rewrite counts.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.diagnostics import CheckerError, Diagnostic, Note, SourceFile, Span, suggest
from checker.inputs import SOURCE_LIMIT, read_limited

EXPECTS = ("ok", "violation")
COUNTS = {"ok": ("distinct", "depth"), "violation": ("length",)}
KEYS = (
    "name",
    "spec",
    "config",
    "expect",
    "distinct",
    "depth",
    "property",
    "length",
    "kind",
    "fail_on_dead_actions",
)
ONLY_FOR = {
    "fail_on_dead_actions": "ok",
    "distinct": "ok",
    "depth": "ok",
    "property": "violation",
    "length": "violation",
    "kind": "violation",
}
KINDS = ("invariant", "deadlock", "property", "action", "liveness")

_HEADER = re.compile(r"^\s*\[\[\s*model\s*\]\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")
_KEY = re.compile(r"^\s*(\"?)([A-Za-z0-9_-]+)\1\s*=\s*")
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_LONG_NUMBER = re.compile(r"[0-9][0-9_]{4300,}", re.ASCII)


@dataclass(frozen=True)
class Place:
    """Where a key's value (or a table header) is: 1-based line, columns [col, end_col)."""

    line: int
    col: int
    end_col: int


@dataclass(frozen=True)
class Table:
    """The text location of one `[[model]]` table: its header and its keys."""

    header: Place
    keys: dict[str, Place] = field(default_factory=dict)
    last_line: int = 0  # the last line holding one of its keys (or the header)


@dataclass(frozen=True)
class Entry:
    """One model of the manifest, with what it is expected to give."""

    name: str
    spec: str
    config: str
    expect: str
    distinct: int | None = None
    depth: int | None = None
    property: str | None = None
    length: int | None = None
    table: Table | None = None
    kind: str | None = None  # for "violation", optional: compared when given
    fail_on_dead_actions: bool = False  # for "ok": an action that never fired fails it

    def expected(self) -> dict[str, Any]:
        """The expectation as in the manifest (`expect` and the keys that apply)."""
        keys = ("distinct", "depth") if self.expect == "ok" else ("property", "length", "kind")
        out: dict[str, Any] = {"expect": self.expect}
        out.update({k: getattr(self, k) for k in keys if getattr(self, k) is not None})
        return out


@dataclass(frozen=True)
class Manifest:
    path: Path
    root: Path
    source: SourceFile
    entries: tuple[Entry, ...]
    tables: tuple[Table, ...] | None  # None: the text could not be mapped to the tables
    outside_root: bool = False  # paths may lead outside the root (--allow-outside-root)

    def resolve(self, relative: str) -> Path:
        return self.root / relative


def default_root(manifest: str | Path) -> Path:
    """The parent of the directory holding the manifest."""
    return Path(manifest).absolute().parent.parent


def load_manifest(
    path: str | Path,
    root: str | Path | None = None,
    *,
    require_counts: bool = True,
    outside_root: bool = False,
) -> Manifest:
    """Read and check a manifest; raises CheckerError (E504, every problem) if bad.
    With `require_counts=False` (for `--update`), missing counts are allowed; with
    `outside_root`, paths leading outside the root too."""
    source = _read(Path(path))
    try:
        data = tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as exc:
        raise CheckerError((_toml_error(source, str(exc)),)) from None
    except ValueError:  # an integer beyond Python's 4,300-digit conversion limit
        raise CheckerError((_long_integer(source),)) from None
    tables = locate(source.text)
    base = Path(root) if root is not None else default_root(path)
    checker = _Checker(source, base, tables, require_counts, outside_root)
    entries = checker.check(data)
    if checker.diags:
        raise CheckerError(tuple(checker.diags))
    return Manifest(Path(path), base, source, entries, checker.tables, outside_root)


def _read(path: Path) -> SourceFile:
    if not path.exists():
        raise _bad(f"manifest `{path}` does not exist", path=str(path))
    data = read_limited(str(path), SOURCE_LIMIT, "a manifest")
    try:
        return SourceFile(str(path), data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _bad(f"cannot read the manifest `{path}`: {exc}", path=str(path)) from None


def _bad(message: str, *, path: str) -> CheckerError:
    hint = "give the manifest's path: `checker ci path/to/manifest.toml`"
    return CheckerError((Diagnostic("E504", message, None, hint=hint, path=path),))


def _toml_error(source: SourceFile, message: str) -> Diagnostic:
    at = _TOML_AT.search(message)
    text = _TOML_AT.sub("", message).strip()
    if at is None:
        return Diagnostic("E504", f"bad TOML: {text}", None, path=source.path)
    line, col = int(at.group(1)), int(at.group(2))
    return Diagnostic("E504", f"bad TOML: {text}", Span(source, line, col, line, col + 1))


def _long_integer(source: SourceFile) -> Diagnostic:
    """E504 at the first integer too long for Python to read (its only ValueError beside
    TOMLDecodeError)."""
    message = "an integer with more than 4,300 digits"
    found = _LONG_NUMBER.search(source.text)
    if found is None:
        return Diagnostic("E504", message, None, path=source.path)
    start = found.start()
    line = source.text.count("\n", 0, start) + 1
    col = start - source.text.rfind("\n", 0, start)
    return Diagnostic("E504", message, Span(source, line, col, line, col + found.end() - start))


def locate(text: str) -> tuple[Table, ...] | None:
    """The `[[model]]` tables of the text with the places of their keys; None when the
    text has other tables (nothing is located then)."""
    found: list[tuple[Place, dict[str, Place], int]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if _HEADER.match(line):
            header = Place(number, line.index("[") + 1, len(line.rstrip()) + 1)
            found.append((header, {}, number))
        elif _ANY_HEADER.match(line):
            return None
        elif found and (key := _KEY.match(line)) is not None:
            header, keys, _ = found[-1]
            keys.setdefault(key.group(2), _value_place(number, line, key.end()))
            found[-1] = (header, keys, number)
    return tuple(Table(header, keys, last) for header, keys, last in found)


def _value_place(number: int, line: str, start: int) -> Place:
    rest = line[start:]
    if rest.startswith('"'):
        close = re.match(r'"(?:[^"\\]|\\.)*"', rest)
        end = start + (close.end() if close else len(rest))
    else:
        end = start + len(rest.split("#", 1)[0].rstrip())
    return Place(number, start + 1, max(end, start + 1) + 1)


class _Checker:
    """Collects every problem of the parsed manifest as a diagnostic."""

    def __init__(
        self,
        source: SourceFile,
        root: Path,
        tables: tuple[Table, ...] | None,
        counts: bool,
        outside_root: bool = False,
    ) -> None:
        self.source = source
        self.root = root
        self.tables = tables
        self.require_counts = counts
        self.outside_root = outside_root
        self.diags: list[Diagnostic] = []

    def report(self, message: str, place: Place | None, hint: str | None = None) -> None:
        span = self.span(place)
        self.diags.append(Diagnostic("E504", message, span, hint=hint, path=self.source.path))

    def span(self, place: Place | None) -> Span | None:
        if place is None:
            return None
        return Span(self.source, place.line, place.col, place.line, place.end_col)

    def check(self, data: dict[str, Any]) -> tuple[Entry, ...]:
        for key in sorted(data):
            if key != "model":
                hint = "did you mean [[model]]?" if suggest(key, ["model"]) else None
                self.report(
                    f"unknown top-level key `{key}` (expected [[model]] tables)", None, hint
                )
        models = data.get("model")
        if (
            not isinstance(models, list)
            or not models
            or not all(isinstance(m, dict) for m in models)
        ):
            self.report(
                "the manifest has no [[model]] tables", None, "add a [[model]] table per model"
            )
            return ()
        if self.tables is not None and len(self.tables) != len(models):
            self.tables = None
        entries = [self.entry(i, m) for i, m in enumerate(models)]
        self.check_names(entries)
        return tuple(e for e in entries if e is not None)

    def table(self, index: int) -> Table | None:
        return self.tables[index] if self.tables is not None else None

    def place(self, index: int, key: str | None) -> Place | None:
        table = self.table(index)
        if table is None:
            return None
        return table.keys.get(key, table.header) if key is not None else table.header

    def entry(self, index: int, model: dict[str, Any]) -> Entry | None:
        before = len(self.diags)
        for key in sorted(model):
            if key not in KEYS:
                guess = suggest(key, list(KEYS))
                hint = f"did you mean `{guess}`?" if guess else f"the keys are {', '.join(KEYS)}"
                self.report(f"unknown key `{key}` in [[model]]", self.place(index, key), hint)
        name = self.file_name(index, model)
        spec = self.path(index, model, "spec")
        config = self.path(index, model, "config")
        expect = self.expect(index, model)
        counts = self.expectation(index, model, expect)
        if len(self.diags) > before or None in (name, spec, config, expect):
            return None
        assert name is not None and spec is not None and config is not None
        assert expect is not None
        return Entry(name, spec, config, expect, **counts, table=self.table(index))

    def required(self, index: int, model: dict[str, Any], key: str, what: str) -> Any:
        if key not in model:
            self.report(f"[[model]] without `{key}` ({what})", self.place(index, None))
        return model.get(key)

    def text(self, index: int, model: dict[str, Any], key: str) -> str | None:
        value = self.required(index, model, key, "a string")
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.report(
                f"`{key}` must be a non-empty string, got {_show(value)}", self.place(index, key)
            )
            return None
        return value

    def file_name(self, index: int, model: dict[str, Any]) -> str | None:
        value = self.text(index, model, "name")
        if value is None:
            return None
        bad = _UNSAFE.search(value)
        if bad is not None or value in (".", "..") or len(value) > 200:
            what = f"contains {bad.group()!r}" if bad is not None else "is not a file name"
            self.report(
                f"the model name {value!r} {what}",
                self.place(index, "name"),
                "a name is a file name (counterexamples go in <trace-dir>/<name>/): no `/`, "
                "`\\`, control characters, `.` or `..`, at most 200 characters",
            )
            return None
        return value

    def path(self, index: int, model: dict[str, Any], key: str) -> str | None:
        value = self.text(index, model, key)
        if value is not None and not self.outside_root and not _inside(self.root, value):
            self.report(
                f"`{key}` names `{value}`, which is outside the root `{self.root}`",
                self.place(index, key),
                "manifests may come from pull requests: pass --allow-outside-root to read "
                "files outside the repository",
            )
            return None
        if value is not None and not self.root.joinpath(value).is_file():
            self.report(
                f"`{key}` names `{value}`, which does not exist under the root `{self.root}`",
                self.place(index, key),
                "paths are relative to the parent of the manifest's directory (or to --root DIR)",
            )
            return None
        return value

    def expect(self, index: int, model: dict[str, Any]) -> str | None:
        value = self.text(index, model, "expect")
        if value is not None and value not in EXPECTS:
            self.report(
                f'`expect` must be "ok" or "violation", got {_show(value)}',
                self.place(index, "expect"),
            )
            return None
        return value

    def expectation(self, index: int, model: dict[str, Any], expect: str | None) -> dict[str, Any]:
        if expect is None:
            return {}
        for key, applies in ONLY_FOR.items():
            if key in model and applies != expect:
                self.report(
                    f'`{key}` applies to expect = "{applies}" only, not "{expect}"',
                    self.place(index, key),
                )
        out: dict[str, Any] = {}
        if expect == "ok" and "fail_on_dead_actions" in model:
            out["fail_on_dead_actions"] = self.flag(index, model, "fail_on_dead_actions")
        if expect == "violation":
            out["property"] = self.text(index, model, "property")
            if "kind" in model:
                out["kind"] = self.kind(index, model)
        for key in COUNTS[expect]:
            out[key] = self.count(index, model, key)
        return out

    def flag(self, index: int, model: dict[str, Any], key: str) -> bool:
        value = model[key]
        if not isinstance(value, bool):
            self.report(
                f"`{key}` must be true or false, got {_show(value)}", self.place(index, key)
            )
            return False
        return value

    def kind(self, index: int, model: dict[str, Any]) -> str | None:
        value = self.text(index, model, "kind")
        if value is not None and value not in KINDS:
            self.report(
                f"`kind` must be one of {', '.join(KINDS)}, got {_show(value)}",
                self.place(index, "kind"),
            )
            return None
        return value

    def count(self, index: int, model: dict[str, Any], key: str) -> int | None:
        if key not in model:
            if self.require_counts:
                self.report(
                    f"[[model]] without `{key}` (a count)",
                    self.place(index, None),
                    "`checker ci --update` fills in the counts",
                )
            return None
        value = model[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.report(
                f"`{key}` must be a non-negative integer, got {_show(value)}",
                self.place(index, key),
            )
            return None
        return value

    def check_names(self, entries: list[Entry | None]) -> None:
        first: dict[str, int] = {}
        for index, e in enumerate(entries):
            if e is None:
                continue
            if e.name in first:
                earlier = self.span(self.place(first[e.name], "name"))
                self.diags.append(
                    Diagnostic(
                        "E504",
                        f"duplicate model name `{e.name}`",
                        self.span(self.place(index, "name")),
                        (Note("first used here", earlier),),
                        path=self.source.path,
                    )
                )
            first.setdefault(e.name, index)


_UNSAFE = re.compile(r"[/\\\x00-\x1f\x7f]")


def _inside(root: Path, relative: str) -> bool:
    """Whether root/relative, links followed, stays inside root."""
    try:
        return root.joinpath(relative).resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL: not a file inside
        return False


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value!r} ({type(value).__name__})"
