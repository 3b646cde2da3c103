"""`checker ci --update`: rewrite the expected counts after a deliberate change.

Only counts change (for "ok": `distinct` and `depth`; for "violation": `length`), and only
for a model whose verdict (and violated property) is still the expected one: a changed
verdict or property needs a person to edit the manifest. The text is edited line by line,
so comments, blank lines, key order and every other value stay as they were; a missing
count is added after the table's last key. The result is parsed again and must equal the
old manifest with the new counts, or nothing is written.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from checker.ci.manifest import Entry, Manifest
from checker.ci.run import Run
from checker.diagnostics import CheckerError, Diagnostic


@dataclass(frozen=True)
class Change:
    index: int  # of the [[model]] table
    name: str
    key: str
    old: int | None  # None: the key was missing
    new: int

    def describe(self) -> str:
        old = "(none)" if self.old is None else f"{self.old:,}"
        return f"{self.name}: {self.key} {old} -> {self.new:,}"


def changes(entries: Sequence[Entry], runs: Sequence[Run]) -> list[Change]:
    """The counts to rewrite so that each model meets its expectation, where the verdict
    (and the property) already match."""
    out: list[Change] = []
    for index, (entry, run) in enumerate(zip(entries, runs, strict=True)):
        for key, value in _counts(entry, run.got).items():
            old = getattr(entry, key)
            if old != value:
                out.append(Change(index, entry.name, key, old, value))
    return out


def _counts(entry: Entry, got: dict[str, Any]) -> dict[str, int]:
    if got.get("verdict") != entry.expect:
        return {}
    if entry.expect == "ok":
        return {"distinct": got["distinct_states"], "depth": got["depth"]}
    violation = got.get("violation") or {}
    if violation.get("property") != entry.property:
        return {}
    return {"length": violation["length"]}


def apply(entry: Entry, updates: Sequence[Change]) -> Entry:
    """The entry with its counts changed."""
    counts: dict[str, Any] = {c.key: c.new for c in updates if c.name == entry.name}
    return replace(entry, **counts)


def rewrite(manifest: Manifest, updates: Sequence[Change]) -> str:
    """The manifest's text with the new counts; raises CheckerError (E504) when the text
    cannot be edited safely."""
    if manifest.tables is None:
        raise _refuse(manifest, "its [[model]] tables could not be located in the text")
    lines = manifest.source.text.splitlines(keepends=True)
    inserts: dict[int, list[str]] = {}
    for change in updates:
        table = manifest.tables[change.index]
        place = table.keys.get(change.key)
        if place is None:
            inserts.setdefault(table.last_line, []).append(f"{change.key} = {change.new}")
            continue
        line = lines[place.line - 1]
        lines[place.line - 1] = line[: place.col - 1] + str(change.new) + line[place.end_col - 1 :]
    text = _with_inserts(lines, inserts)
    _verify(manifest, updates, text)
    return text


def _with_inserts(lines: list[str], inserts: dict[int, list[str]]) -> str:
    out: list[str] = []
    for number, line in enumerate(lines, 1):
        out.append(line)
        if number in inserts:
            if not line.endswith("\n"):
                out[-1] = line + "\n"
            out.extend(f"{added}\n" for added in inserts[number])
    return "".join(out)


def _verify(manifest: Manifest, updates: Sequence[Change], text: str) -> None:
    old = tomllib.loads(manifest.source.text)
    for change in updates:
        old["model"][change.index][change.key] = change.new
    try:
        new = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        new = None
    if new != old:
        raise _refuse(manifest, "the edited text would not read back as the new counts")


def _refuse(manifest: Manifest, why: str) -> CheckerError:
    message = f"cannot rewrite the counts of `{manifest.path}`: {why}"
    hint = "edit the counts by hand, or write one `key = value` per line in [[model]] tables"
    return CheckerError((Diagnostic("E504", message, None, hint=hint, path=str(manifest.path)),))
