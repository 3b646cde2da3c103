"""Checkpoints of a breadth-first search, written at level boundaries, and resuming them.

NOTE(checkpoint): between two levels the whole search is: the visited set (per state id
its fingerprint, parent id and action index: engine/native/visited.c `dump`), the next
level's states (id, state) in id order, and two counters (generated states, depth). A
search restored from them expands the same states in the same order, so it ends with
exactly the result of an uninterrupted run, for any number of workers (the parallel
search starts from a frontier as it starts from the initial states).

A checkpoint directory holds `checkpoint.json` (the manifest) and the data files of one
generation: `visited-G.bin` (the three arrays, one after the other, native byte order) and
`frontier-G-K.bin` (runs of `id (8 bytes) | length (4 bytes) | encoded state`, each run in
id order; a parallel search writes one run per worker), and with a temporal PROPERTY
`graph-G.bin` (the behaviour graph recorded so far, liveness/store.py `dump`, read back
by the API, which checks that it was recorded for the same properties). A cluster's
checkpoint has instead one part of the visited set per partition, `visited-G-K.bin`
(fingerprints, parents' fingerprints, action indices: the states partition K owns),
listed under `visited_parts`, and run K is partition K's part of the level; it resumes
on a cluster of as many partitions only (E526, NOTE(distributed-order)). Data files are
written and
flushed to disk first, the manifest (with each file's size and SHA-256) replaces the old
one atomically, and only then are the previous generation's files removed. A process
killed at any moment leaves the last complete checkpoint usable; a manifest whose files
are missing, short or altered is refused (E507), never half-read. A checkpoint records
what it belongs to: the checker's version and the SHA-256 of the config and of every
module the spec loaded (by module name); resuming with anything else is refused, naming the
difference. Limits (--max-states, --time-limit, ...) are not part of it: a run stopped by
one may be resumed with another.

For tests only: CHECKER_FAULT=checkpoint-kill:G:PHASE kills the process with SIGKILL
while writing generation G, after its data files ("data") or after its manifest ("done").
"""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
import json
import os
import signal
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.diagnostics import CheckerError, Diagnostic
from checker.engine.native import VisitedSet, decode_state, encode_state
from checker.engine.seam import State
from checker.files import output_error, sync_directory, write_atomic

FORMAT = 1
MANIFEST = "checkpoint.json"
_HEADER = 12  # id (8 bytes, signed) + encoded length (4 bytes), little-endian
PART_BYTES = 18  # per state of a partition's part: fingerprint, parent's, action index


@dataclass(frozen=True)
class Identity:
    """What a checkpoint belongs to."""

    version: str
    config: tuple[str, str]  # (path, sha256); the path is only for messages
    modules: tuple[tuple[str, str], ...]  # (module name, sha256 of its file), sorted
    symmetry: bool = False  # the config's SYMMETRY used (fingerprints are of orbits)
    seed: int = 0  # `check --seed`: Randomization's choices
    # how orbits are fingerprinted under SYMMETRY (Symmetry.scheme; "" without): the
    # visited set's fingerprints are only comparable under the same scheme
    orbits: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "config": list(self.config),
            "modules": [list(m) for m in self.modules],
            "symmetry": self.symmetry,
            "seed": self.seed,
            "orbits": self.orbits,
        }


@dataclass(frozen=True)
class Policy:
    """`--checkpoint DIR --checkpoint-every SECONDS` (0: at every level)."""

    directory: str
    every_s: float


@dataclass(frozen=True)
class Plan:
    """What a search does about checkpoints: write them (`policy`), start from one
    (`restored`, read and checked before the search), or both."""

    identity: Identity
    policy: Policy | None = None
    restored: Restored | None = None


@dataclass(frozen=True)
class Counters:
    generation: int
    distinct: int
    generated: int
    depth: int
    frontier: int
    elapsed_s: float


@dataclass(frozen=True)
class FileEntry:
    name: str
    size: int
    sha256: str


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- writing --------------------------------------------------------------------------


def write_run(path: Path, entries: Iterable[tuple[int, State]]) -> FileEntry:
    """Write one run (a worker's share of a level, or the whole level)."""
    try:
        return write_hashed(path, _records(path, entries))
    except OSError as exc:
        raise CheckerError((output_error(path, exc, "a checkpoint"),)) from None


def _records(path: Path, entries: Iterable[tuple[int, State]]) -> Iterator[bytes]:
    for sid, state in entries:
        try:
            data = encode_state(state)
        except (TypeError, RecursionError):
            raise CheckerError((unsavable(path),)) from None
        yield sid.to_bytes(8, "little", signed=True) + len(data).to_bytes(4, "little")
        yield data


def write_hashed(path: Path, parts: Iterable[bytes]) -> FileEntry:
    """Write `parts` to `path`, flushed to disk; its size and SHA-256 as it was written."""
    h = hashlib.sha256()
    size = 0
    with open(path, "wb") as f:
        for part in parts:
            f.write(part)
            h.update(part)
            size += len(part)
        f.flush()
        os.fsync(f.fileno())
    return FileEntry(path.name, size, h.hexdigest())


def unsavable(path: Path) -> Diagnostic:
    return Diagnostic(
        "E506",
        "cannot write a checkpoint: a state holds a value the state codec cannot save "
        "(a lazy or deeply nested value)",
        None,
        path=str(path),
        hint="run without --checkpoint",
    )


class Writer:
    """Writes the checkpoints of one search into its directory."""

    def __init__(self, policy: Policy, identity: Identity, generation: int) -> None:
        self.policy = policy
        self.directory = Path(policy.directory)
        self.identity = identity
        self.generation = generation  # of the last checkpoint written or resumed
        self.written = 0
        self.last = time.monotonic()
        self.fault = _fault_hook()

    def due(self) -> bool:
        return time.monotonic() - self.last >= self.policy.every_s

    def run_path(self, k: int) -> Path:
        """Where run `k` of the next checkpoint goes (made with its directory)."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CheckerError((output_error(self.directory, exc, "a checkpoint"),)) from None
        return self.directory / f"frontier-{self.generation + 1}-{k}.bin"

    def write_run(self, k: int, entries: Iterable[tuple[int, State]]) -> FileEntry:
        return write_run(self.run_path(k), entries)

    def write(
        self,
        store: VisitedSet,
        runs: list[FileEntry],
        counters: Counters,
        graph: Iterable[bytes] | None = None,
    ) -> None:
        """Complete the checkpoint whose frontier runs are written: the visited set (and
        the behaviour graph's bytes), then the manifest, then the previous generation's
        files go."""
        gen = self.generation + 1
        counters = dataclasses.replace(counters, generation=gen)
        path = self.directory / f"visited-{gen}.bin"
        try:
            visited = _write_visited(path, store)
            graph_file = None
            if graph is not None:
                path = self.directory / f"graph-{gen}.bin"
                graph_file = write_hashed(path, graph)
            sync_directory(self.directory)
            self._fault(gen, "data")
            manifest = _manifest(self.identity, counters, visited, runs)
            if graph_file is not None:
                manifest["graph"] = _entry(graph_file)
            write_atomic(self.directory / MANIFEST, json.dumps(manifest, indent=1) + "\n")
        except OSError as exc:
            raise CheckerError((output_error(path, exc, "a checkpoint"),)) from None
        keep = {visited.name, *(r.name for r in runs)}
        if graph_file is not None:
            keep.add(graph_file.name)
        self.finish(gen, keep)

    def write_parts(
        self, parts: list[FileEntry], runs: list[FileEntry], counters: Counters
    ) -> None:
        """Complete a cluster's checkpoint whose parts of the visited set and of the
        level the partitions wrote (`visited_path`, `run_path`): the manifest, then the
        previous generation's files go."""
        gen = self.generation + 1
        counters = dataclasses.replace(counters, generation=gen)
        path = self.directory / MANIFEST
        try:
            sync_directory(self.directory)
            self._fault(gen, "data")
            manifest = _manifest(self.identity, counters, None, runs)
            manifest["visited_parts"] = [_entry(p) for p in parts]
            write_atomic(path, json.dumps(manifest, indent=1) + "\n")
        except OSError as exc:
            raise CheckerError((output_error(path, exc, "a checkpoint"),)) from None
        self.finish(gen, {*(p.name for p in parts), *(r.name for r in runs)})

    def visited_path(self, k: int) -> Path:
        """Where partition `k`'s part of the visited set goes in the next checkpoint."""
        return self.run_path(k).with_name(f"visited-{self.generation + 1}-{k}.bin")

    def finish(self, gen: int, keep: set[str]) -> None:
        """Generation `gen` is written: the previous generations' files go."""
        self.generation = gen
        self.written += 1
        self.last = time.monotonic()
        self._fault(gen, "done")
        olds = ("visited-*.bin", "frontier-*", "graph-*.bin")
        for old in [p for pattern in olds for p in self.directory.glob(pattern)]:
            if old.name not in keep:
                old.unlink(missing_ok=True)

    def _fault(self, generation: int, phase: str) -> None:
        if self.fault == (generation, phase):
            os.kill(os.getpid(), signal.SIGKILL)


def writer_for(plan: Plan | None) -> Writer | None:
    if plan is None or plan.policy is None:
        return None
    restored = plan.restored
    same_directory = restored is not None and (
        Path(plan.policy.directory).resolve() == restored.directory.resolve()
    )
    generation = restored.counters.generation if restored is not None and same_directory else 0
    return Writer(plan.policy, plan.identity, generation)


def _write_visited(path: Path, store: VisitedSet) -> FileEntry:
    return write_hashed(path, store.dump())


def _manifest(
    identity: Identity, c: Counters, visited: FileEntry | None, runs: list[FileEntry]
) -> dict[str, Any]:
    entry = _entry
    m = {
        "format": FORMAT,
        "byteorder": sys.byteorder,
        "identity": identity.to_json(),
        "generation": c.generation,
        "distinct_states": c.distinct,
        "generated_states": c.generated,
        "depth": c.depth,
        "frontier_states": c.frontier,
        "elapsed_s": c.elapsed_s,
        "frontier": [entry(r) for r in runs],
    }
    if visited is not None:
        m["visited"] = entry(visited)
    return m


def _entry(e: FileEntry) -> dict[str, Any]:
    return {"name": e.name, "size": e.size, "sha256": e.sha256}


def _fault_hook() -> tuple[int, str] | None:
    spec = os.environ.get("CHECKER_FAULT", "")
    parts = spec.split(":")
    if len(parts) == 3 and parts[0] == "checkpoint-kill" and parts[1].isdigit():
        return int(parts[1]), parts[2]
    return None


# -- reading --------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    directory: Path
    counters: Counters
    store: VisitedSet
    runs: tuple[Path, ...]
    graph: Path | None = None  # the behaviour graph's file, checked
    # a cluster's checkpoint (NOTE(distributed-order)): each partition's part of the
    # visited set (`store` is then empty), run K being partition K's part of the level
    parts: tuple[Path, ...] = ()

    def graph_bytes(self) -> bytes | None:
        """The behaviour graph saved with the checkpoint (None: none was)."""
        return None if self.graph is None else self.graph.read_bytes()

    def frontier(self, stored: int) -> Iterator[tuple[int, State]]:
        """The saved level, in id order (the runs merged); each id must be one of the
        `stored` states, and the count the manifest's."""
        count = 0
        for sid, state in heapq.merge(*(read_run(p) for p in self.runs), key=_first):
            if sid >= stored:
                raise _bad(self.directory / MANIFEST, f"the saved level names state {sid}")
            count += 1
            yield sid, state
        if count != self.counters.frontier:
            raise _bad(
                self.directory / MANIFEST,
                f"the saved level holds {count} states, not {self.counters.frontier}",
            )


def read(directory: str | Path, identity: Identity) -> Restored:
    """The checkpoint in `directory`, checked whole before anything is used (E507)."""
    where = Path(directory)
    manifest_path = where / MANIFEST
    m = _load_manifest(manifest_path, where)
    _check_identity(m["identity"], identity, manifest_path)
    runs = tuple(_checked_file(where, r, manifest_path) for r in m["frontier"])
    graph = _checked_file(where, m["graph"], manifest_path) if "graph" in m else None
    n = m["distinct_states"]
    counters = Counters(
        m["generation"],
        n,
        m["generated_states"],
        m["depth"],
        m["frontier_states"],
        m["elapsed_s"],
    )
    if "visited_parts" in m:
        parts = tuple(_checked_file(where, e, manifest_path) for e in m["visited_parts"])
        if sum(p.stat().st_size for p in parts) != n * PART_BYTES:
            raise _bad(manifest_path, f"the visited set's parts do not hold {n} states")
        return Restored(where, counters, VisitedSet(), runs, graph, parts)
    visited = _checked_file(where, m["visited"], manifest_path)
    data = visited.read_bytes()
    if len(data) != n * 14:
        raise _bad(manifest_path, f"the visited set holds {len(data)} bytes, not {n} states")
    fps, parents, actions = data[: 8 * n], data[8 * n : 12 * n], data[12 * n :]
    store = VisitedSet()
    try:
        store.restore(fps, parents, actions)
    except (ValueError, OverflowError) as exc:
        raise _bad(manifest_path, f"the visited set is inconsistent ({exc})") from None
    return Restored(where, counters, store, runs, graph)


def other_search(restored: Restored, whose: str, how: str) -> Diagnostic:
    """E526: a checkpoint of a cluster's search resumed by a local one, or the reverse,
    or by another number of partitions (each partition's part of the visited set is
    the fingerprints it owns, NOTE(distributed-order))."""
    return Diagnostic(
        "E526",
        f"cannot resume: the checkpoint was written by {whose} search",
        None,
        path=str(restored.directory / MANIFEST),
        hint=f"resume it with {how}",
    )


def existing(directory: str | Path) -> bool:
    return (Path(directory) / MANIFEST).exists()


def _load_manifest(path: Path, where: Path) -> dict[str, Any]:
    if not where.is_dir():
        raise CheckerError(
            (Diagnostic("E507", f"no checkpoint directory `{where}`", None, path=str(where)),)
        )
    try:
        m = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        leftovers = any(where.glob("visited-*.bin"))
        why = (
            "its manifest is missing (the process was killed before the first checkpoint "
            "was complete)"
            if leftovers
            else "it holds no checkpoint"
        )
        raise _bad(path, f"cannot resume from `{where}`: {why}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise _bad(path, f"the manifest cannot be read ({exc})") from None
    if not _well_formed(m):
        raise _bad(path, "the manifest is not one this checker writes (torn or edited)")
    if m["format"] != FORMAT or m["byteorder"] != sys.byteorder:
        raise _bad(path, "the checkpoint was written in another format or byte order")
    return m  # type: ignore[no-any-return]


def _well_formed(m: Any) -> bool:
    ints = ("format", "generation", "distinct_states", "generated_states", "depth")
    return (
        isinstance(m, dict)
        and all(type(m.get(k)) is int and m[k] >= 0 for k in (*ints, "frontier_states"))
        and isinstance(m.get("elapsed_s"), (int, float))
        and isinstance(m.get("byteorder"), str)
        and isinstance(m.get("identity"), dict)
        and (_entry_ok(m.get("visited")) or _parts_ok(m))
        and isinstance(m.get("frontier"), list)
        and all(_entry_ok(e) for e in m["frontier"])
        and ("graph" not in m or _entry_ok(m["graph"]))
    )


def _parts_ok(m: dict[str, Any]) -> bool:
    """A cluster's checkpoint: one part of the visited set per partition."""
    parts = m.get("visited_parts")
    return (
        "visited" not in m
        and isinstance(parts, list)
        and len(parts) > 0
        and all(_entry_ok(e) for e in parts)
        and len(m["frontier"]) == len(parts)
    )


def _entry_ok(e: Any) -> bool:
    return (
        isinstance(e, dict)
        and isinstance(e.get("name"), str)
        and "/" not in e["name"]
        and e["name"] not in ("", ".", "..")
        and type(e.get("size")) is int
        and isinstance(e.get("sha256"), str)
    )


def _check_identity(saved: dict[str, Any], current: Identity, where: Path) -> None:
    if saved.get("version") != current.version:
        raise _bad(
            where,
            f"the checkpoint was written by checker {saved.get('version')!r}, "
            f"this is {current.version!r}",
        )
    config = saved.get("config")
    if not (isinstance(config, list) and len(config) == 2 and config[1] == current.config[1]):
        raise _bad(where, _changed("configuration", config, current.config))
    if saved.get("seed", 0) != current.seed:
        raise _bad(
            where,
            f"the checkpoint was written with --seed {saved.get('seed', 0)!r}, "
            f"this run has --seed {current.seed}",
        )
    saved_modules = _pairs(saved.get("modules"))
    if saved_modules != dict(current.modules):
        now = dict(current.modules)
        names = saved_modules.keys() | now.keys()
        diff = sorted(p for p in names if saved_modules.get(p) != now.get(p))
        raise _bad(where, f"the spec's modules differ from the checkpoint's: {', '.join(diff)}")
    if saved.get("symmetry", False) != current.symmetry:
        used = "with" if saved.get("symmetry", False) else "without"
        raise _bad(
            where,
            f"the checkpoint was written {used} the config's SYMMETRY (--no-symmetry differs)",
        )
    # written before "orbits" was recorded: every image was tried
    orbits = saved.get("orbits", "all" if current.symmetry else "")
    if orbits != current.orbits:
        raise _bad(
            where,
            f"the checkpoint's orbit fingerprints were computed another way ({orbits!r}, "
            f"this checker: {current.orbits!r}); start the search again",
        )


def _pairs(items: Any) -> dict[str, str]:
    """`[[path, sha256], ...]` as a dict (anything else: empty)."""
    if not isinstance(items, list):
        return {}
    return {
        m[0]: m[1]
        for m in items
        if isinstance(m, list) and len(m) == 2 and all(isinstance(x, str) for x in m)
    }


def _changed(what: str, saved: Any, current: tuple[str, str]) -> str:
    if isinstance(saved, list) and saved and saved[0] != current[0]:
        return f"the checkpoint is for the {what} `{saved[0]}`, not `{current[0]}`"
    return f"the {what} `{current[0]}` changed since the checkpoint was written"


def _checked_file(where: Path, entry: dict[str, Any], manifest: Path) -> Path:
    path: Path = where / str(entry["name"])
    try:
        h = hashlib.sha256()
        size = 0
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
                size += len(block)
    except OSError as exc:
        raise _bad(manifest, f"`{path.name}` cannot be read ({exc.strerror})") from None
    if size != entry["size"] or h.hexdigest() != entry["sha256"]:
        raise _bad(manifest, f"`{path.name}` is torn or altered (size or checksum differs)")
    return path


def read_run(path: Path) -> Iterator[tuple[int, State]]:
    last = -1
    with open(path, "rb") as f:
        while header := f.read(_HEADER):
            sid = int.from_bytes(header[:8], "little", signed=True)
            size = int.from_bytes(header[8:12], "little")
            data = f.read(size)
            if len(header) != _HEADER or len(data) != size or sid <= last:
                raise _bad(path, f"`{path.name}` is malformed")
            last = sid
            try:
                state = decode_state(data)
            except ValueError:
                raise _bad(path, f"`{path.name}` holds a state that cannot be decoded") from None
            yield sid, state


def _first(item: tuple[int, State]) -> int:
    return item[0]


def _bad(path: Path, message: str) -> CheckerError:
    return CheckerError(
        (
            Diagnostic(
                "E507",
                message,
                None,
                path=str(path),
                hint="start again without --resume (or remove the directory)",
            ),
        )
    )
