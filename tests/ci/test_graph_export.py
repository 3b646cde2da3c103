"""`checker graph`: the exported graph read back with networkx has the search's counts;
--max-nodes refuses; DOT output is well-formed."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import networkx as nx  # type: ignore[import-untyped]
import pytest
from ci_helpers import ENGINE_SPECS, ROOT, run_cli

from checker.api import check
from checker.graph import StateGraph, explore_graph
from checker.pipeline import load_model

# (spec, config): models whose invariants hold, so the search explores everything
OK_MODELS = {
    "TwoPhase": (ENGINE_SPECS / "TwoPhase.tla", ENGINE_SPECS / "TwoPhase.cfg"),
    "Mutex": (ENGINE_SPECS / "Mutex.tla", ENGINE_SPECS / "Mutex.cfg"),
    "Counter-constraint": (ENGINE_SPECS / "Counter.tla", ENGINE_SPECS / "CounterOk.cfg"),
    "Stuck-no-deadlock": (ENGINE_SPECS / "Stuck.tla", ENGINE_SPECS / "StuckNoDeadlock.cfg"),
    "Paxos": (ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos.cfg"),
}

Loader = Callable[[Path], object]
LOADERS: dict[str, Loader] = {
    "json": lambda p: nx.node_link_graph(json.loads(p.read_text()), edges="edges"),
    "graphml": lambda p: nx.read_graphml(p, node_type=int, force_multigraph=True),
}


@pytest.fixture(scope="module")
def graphs() -> dict[str, StateGraph]:
    return {name: explore_graph(load_model(*paths), 10_000) for name, paths in OK_MODELS.items()}


def distinct_transitions(spec: Path, config: Path) -> int:
    """The edge count by the definition, computed independently of the graph module."""
    model = load_model(spec, config)
    seen = {s for s in model.init_states() if model.in_constraints(s)}
    queue, transitions = list(seen), set()
    while queue:
        s = queue.pop()
        for label, t in model.successors(s):
            if not model.action_allowed(s, t) or not model.in_constraints(t):
                continue
            transitions.add((s, label, t))
            if t not in seen:
                seen.add(t)
                queue.append(t)
    return len(transitions)


@pytest.mark.parametrize("name", sorted(OK_MODELS))
def test_graph_counts_equal_the_search(graphs: dict[str, StateGraph], name: str) -> None:
    spec, config = OK_MODELS[name]
    result = check(spec, config, trace_dir=None)
    graph = graphs[name]
    assert result.verdict == "ok"
    assert len(graph.nodes) == result.distinct_states
    assert graph.generated == result.generated_states
    assert graph.depth == result.depth
    assert len(graph.edges) == distinct_transitions(spec, config)


TWICE = """---- MODULE Twice ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Flip == x' = 1 - x
Next == \\E i \\in {1, 2} : Flip
====
"""


def test_edges_merge_one_label_reaching_one_successor_twice(
    graphs: dict[str, StateGraph], tmp_path: Path
) -> None:
    two_phase = graphs["TwoPhase"]
    assert len(two_phase.edges) == two_phase.generated - 1  # every step distinct
    (tmp_path / "Twice.tla").write_text(TWICE)
    (tmp_path / "Twice.cfg").write_text("INIT Init\nNEXT Next\n")
    twice = explore_graph(load_model(tmp_path / "Twice.tla", tmp_path / "Twice.cfg"), 100)
    # each state reaches the other by Flip once for each i: two steps, one edge
    assert twice.generated == 1 + 2 * 2
    assert sorted((e.source, e.target, e.label) for e in twice.edges) == [
        (0, 1, "Flip"),
        (1, 0, "Flip"),
    ]


@pytest.mark.parametrize("fmt", sorted(LOADERS))
@pytest.mark.parametrize("name", ["TwoPhase", "Counter-constraint", "Mutex"])
def test_export_reads_back_with_networkx(
    graphs: dict[str, StateGraph], tmp_path: Path, fmt: str, name: str
) -> None:
    spec, config = OK_MODELS[name]
    out = tmp_path / f"graph.{fmt}"
    result = run_cli("graph", str(spec), "--config", str(config), "--format", fmt, "-o", str(out))
    assert result.code == 0, result.err
    g = LOADERS[fmt](out)
    graph = graphs[name]
    assert isinstance(g, nx.MultiDiGraph)
    assert (g.number_of_nodes(), g.number_of_edges()) == (len(graph.nodes), len(graph.edges))
    assert f"{len(graph.nodes):,} nodes, {len(graph.edges):,} edges" in result.out
    assert sorted(g.nodes) == list(range(len(graph.nodes)))
    first = g.nodes[0]
    assert first["depth"] == 1 and first["initial"] in (True, "True")
    assert max(d["depth"] for _, d in g.nodes(data=True)) == graph.depth
    for variable in graph.variables:
        assert first[f"var.{variable}"] == graph.nodes[0].values[graph.variables.index(variable)]
    labels = {d["label"] for _, _, d in g.edges(data=True)}
    assert labels == {e.label for e in graph.edges}


def test_node_ids_follow_breadth_first_order(graphs: dict[str, StateGraph]) -> None:
    for graph in graphs.values():
        depths = [n.depth for n in graph.nodes]
        assert depths == sorted(depths) and [n.id for n in graph.nodes] == list(range(len(depths)))
        assert all(e.source < len(depths) and e.target < len(depths) for e in graph.edges)


def test_export_is_deterministic(tmp_path: Path) -> None:
    spec = str(ENGINE_SPECS / "TwoPhase.tla")
    for n in (1, 2):
        assert run_cli("graph", spec, "-o", str(tmp_path / f"g{n}.graphml")).code == 0
    assert (tmp_path / "g1.graphml").read_bytes() == (tmp_path / "g2.graphml").read_bytes()


def test_violations_are_marked_and_do_not_stop_the_graph() -> None:
    model = load_model(ENGINE_SPECS / "DieHard.tla", ENGINE_SPECS / "DieHard.cfg")
    graph = explore_graph(model, 10_000)
    bad = [n for n in graph.nodes if n.violates]
    assert bad and {n.violates for n in bad} == {"NotSolved"}
    search = check(ENGINE_SPECS / "DieHard.tla", ENGINE_SPECS / "DieHard.cfg", trace_dir=None)
    assert search.violation is not None and min(n.depth for n in bad) == search.violation.length + 1
    assert len(graph.nodes) > search.distinct_states


# -- --max-nodes --------------------------------------------------------------------------


@pytest.mark.parametrize(("limit", "code"), [(287, 3), (288, 0)])
def test_max_nodes(tmp_path: Path, limit: int, code: int) -> None:
    out = tmp_path / "g.json"
    spec = str(ENGINE_SPECS / "TwoPhase.tla")
    result = run_cli("graph", spec, "-o", str(out), "--max-nodes", str(limit))
    assert result.code == code
    assert out.exists() == (code == 0)
    if code:
        assert "error[E505]" in result.err and f"more than {limit} nodes" in result.err


def test_max_nodes_stops_early() -> None:
    model = load_model(ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos.cfg")
    with pytest.raises(Exception, match="more than 50 nodes") as info:
        explore_graph(model, 50)
    assert "depth" in str(info.value)


# -- DOT ----------------------------------------------------------------------------------

QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"')
TOKEN = re.compile(r'\s+|"(?:[^"\\\n]|\\.)*"|->|[{}\[\];,=]|[A-Za-z_][A-Za-z0-9_]*|-?\d+')

STRINGS_SPEC = """---- MODULE Strings ----
VARIABLE s
Init == s = "say \\"hi\\" \\\\ {braces} [x] -> y"
Next == s' = IF s = "a\\\\" THEN s ELSE "a\\\\"
====
"""


def tokens(text: str) -> list[str]:
    """DOT tokens; fails on anything outside the grammar's tokens (a stray quote)."""
    out, pos = [], 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        assert m is not None, f"bad DOT at {text[pos : pos + 40]!r}"
        if not m.group().isspace():
            out.append(m.group())
        pos = m.end()
    return out


def unquote(token: str) -> str:
    return re.sub(r"\\(.)", lambda m: m.group(1), token[1:-1])


@pytest.mark.parametrize("spec", ["TwoPhase", "Strings"])
def test_dot_is_well_formed(tmp_path: Path, spec: str) -> None:
    if spec == "Strings":
        path = tmp_path / "Strings.tla"
        path.write_text(STRINGS_SPEC)
        (tmp_path / "Strings.cfg").write_text("INIT Init\nNEXT Next\n")
    else:
        path = ENGINE_SPECS / "TwoPhase.tla"
    out = tmp_path / "g.dot"
    assert run_cli("graph", str(path), "-o", str(out)).code == 0
    toks = tokens(out.read_text())
    assert toks[:3] == ["digraph", f'"{spec}"', "{"] and toks[-1] == "}"
    depth = 0
    for t in toks:
        depth += {"{": 1, "}": -1}.get(t, 0)
        assert depth >= 0
    assert depth == 0
    statements: list[list[str]] = [[]]
    for t in toks[3:-1]:
        statements[-1].append(t)
        if t == ";":
            statements.append([])
    declared = {s[0] for s in statements if s[0:1] != ["node"] and s[1:2] == ["["]}
    edges = [s for s in statements if s[1:2] == ["->"]]
    assert declared == {str(i) for i in range(len(declared))}
    assert edges and all(e[0] in declared and e[2] in declared for e in edges)
    if spec == "Strings":
        labels = [unquote(t) for t in toks if t.startswith('"')]
        assert any('s = "say \\"hi\\" \\\\ {braces} [x] -> y"' in x for x in labels), labels


def test_dot_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(
        "graph",
        str(ENGINE_SPECS / "Stuck.tla"),
        "-c",
        str(ENGINE_SPECS / "StuckNoDeadlock.cfg"),
        "-f",
        "dot",
        "-o",
        "-",
    )
    assert result.code == 0 and result.out.startswith('digraph "Stuck" {')
    assert result.out.count(" -> ") == 3


@pytest.mark.parametrize("output", ["graph.txt", "graph"])
def test_unknown_format_is_refused(tmp_path: Path, output: str) -> None:
    result = run_cli("graph", str(ENGINE_SPECS / "TwoPhase.tla"), "-o", str(tmp_path / output))
    assert result.code == 2 and "error[E502]" in result.err and "--format" in result.err
