"""The front end as one staged pipeline: every command and API enters the checker here.

    read      (spec path, config path)  -> Sources   the spec's and the config's text
    parse     Sources                   -> Parsed    the modules, EXTENDS and INSTANCE loaded
    resolve   Parsed                    -> Resolved  names, levels, scopes (ResolvedSpec)
    bind      Resolved                  -> Bound     the config applied (BoundModel)
    lower     Bound                     -> Lowered   Init and Next as action IR (checker.ir)
    compile   Lowered                   -> Model     closures (+ generated code), ASSUMEs checked

Each stage is a function of the previous stage's frozen result, so a command stops at the
stage it needs: `parse` at Resolved (without a config), `prove` and `bmc` at a Model of
closures only (they need its constants, not generated code), `check`, `graph` and `ci` at
the full Model. Bad input raises CheckerError at the stage that finds it. The ways
through below (`load_model`, `build_model`, `resolve_file`) are entry points that run on
a deep thread (NOTE(deep-recursion)); a caller of the single stages runs them on one.

The layers below (`lang`, `ir`, `compile`) never import this module (tests/test_layers.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from checker import ir
from checker.compile.bind import BoundModel
from checker.compile.bind import bind as bind_config
from checker.compile.model import Model
from checker.compile.natives.randomness import DEFAULT_SEED
from checker.compile.profiled import ProfiledModel
from checker.compile.startup import check_assumptions, check_constant_predicates
from checker.diagnostics import CheckerError, Diagnostic, SourceFile, Span
from checker.lang.cfg import ModelConfig, Named, parse_config
from checker.lang.expression import Expression, parse_expression, relocated
from checker.lang.loader import LoadedSpec, load_source, read_source
from checker.lang.resolve import ResolvedSpec, resolve_expression
from checker.lang.resolve import resolve as resolve_spec
from checker.stack import deep_entry

Output = Callable[[str], None]


@dataclass(frozen=True)
class Sources:
    """The spec's text and its configuration's (None: a spec read without a model)."""

    spec: SourceFile
    config: SourceFile | None


@dataclass(frozen=True)
class Parsed:
    sources: Sources
    loaded: LoadedSpec


@dataclass(frozen=True)
class Resolved:
    sources: Sources
    spec: ResolvedSpec


@dataclass(frozen=True)
class Bound:
    model: BoundModel


@dataclass(frozen=True)
class Lowered:
    """The bound model with its Init and Next lowered once, for every backend."""

    model: BoundModel
    init: ir.Lowered
    next: ir.Lowered


# -- the stages ---------------------------------------------------------------------------


def read(spec: str | Path, config: str | Path | None, *, need_config: bool = True) -> Sources:
    """The spec's text and the config's: `config`, or by default the .cfg beside the spec
    (E501 when it does not exist and a config is needed; None when it is not)."""
    spec_src = read_source(spec)
    if config is not None:
        return Sources(spec_src, read_source(config))
    beside = Path(spec).with_suffix(".cfg")
    if not need_config:
        return Sources(spec_src, None)
    if not beside.is_file():
        raise CheckerError(
            (
                Diagnostic(
                    "E501",
                    f"no configuration given and `{beside}` does not exist",
                    None,
                    path=str(spec),
                    hint="pass --config FILE.cfg",
                ),
            )
        )
    return Sources(spec_src, read_source(beside))


def read_config(path: str | Path) -> ModelConfig:
    """A configuration on its own (which spec a .cfg names, checker/cli/paths.py)."""
    return parse_config(read_source(path))


def parse(sources: Sources) -> Parsed:
    return Parsed(sources, load_source(sources.spec))


def resolve(parsed: Parsed) -> Resolved:
    return Resolved(parsed.sources, resolve_spec(parsed.loaded))


def bind(resolved: Resolved, properties: tuple[str, ...] | None = None) -> Bound:
    """The config applied; `properties` (`check --property`) replace its PROPERTY lines."""
    config = resolved.sources.config
    assert config is not None, "binding needs the sources read with a config"
    cfg = parse_config(config)
    if properties is not None:
        cfg = replace(cfg, properties=tuple(_named_on_command_line(p) for p in properties))
    return Bound(bind_config(resolved.spec, cfg))


def _named_on_command_line(name: str) -> Named:
    source = SourceFile("<--property>", name)
    return Named(name, Span(source, 1, 1, 1, len(name) + 1))


def lower(bound: Bound) -> Lowered:
    b = bound.model
    init = ir.lower(b.resolved, b.init.body, b.init.module, init=True, root=b.init.name)
    nxt = ir.lower(b.resolved, b.next.body, b.next.module, init=False, root=b.next.name)
    return Lowered(b, init, nxt)


def compile_model(
    lowered: Lowered,
    output: Output | None = None,
    *,
    generate: bool = True,
    symmetry: bool = True,
    seed: int = DEFAULT_SEED,
    workers: int = 1,
    profile: bool = False,
) -> Model:
    """The Model (`generate=False`: the closures alone; `symmetry=False`: the config's
    SYMMETRY ignored; `seed`: Randomization's choices; `workers`: how many will search,
    as TLCGet("config") tells; `profile`: counted and timed, NOTE(profile-probes)), its
    ASSUMEs and constant-level predicates checked before any search."""
    bound = lowered.model
    low = (lowered.init, lowered.next)
    kind = ProfiledModel if profile else Model
    model = kind(
        bound, output, generate=generate, lowered=low, symmetry=symmetry, seed=seed, workers=workers
    )
    check_assumptions(model, bound.resolved)
    check_constant_predicates(model, bound)
    return model


def expression(model: Model, text: str) -> Expression:
    """An expression typed by a user (`checker explore`), parsed and resolved in the scope
    of the model's root module; diagnostics point into the text as typed, `<expr>`
    (NOTE(user-expression) in lang/expression.py)."""
    body, wrapper, typed = parse_expression(text)
    try:
        e, level = resolve_expression(model.bound.resolved, model.name, body)
    except CheckerError as exc:
        raise relocated(exc, wrapper, typed) from None
    return Expression(e, level, wrapper, typed)


# -- the usual ways through ---------------------------------------------------------------


@deep_entry
def resolve_file(spec: str | Path) -> Resolved:
    """A spec without a model: read, parsed and resolved (`checker parse` without a config)."""
    return resolve(parse(read(spec, None, need_config=False)))


@deep_entry
def load_model(
    spec: str | Path,
    config: str | Path | None = None,
    output: Output | None = None,
    *,
    generate: bool = True,
    symmetry: bool = True,
    seed: int = DEFAULT_SEED,
    workers: int = 1,
    properties: tuple[str, ...] | None = None,
    deadlock: bool | None = None,
    profile: bool = False,
) -> Model:
    """Parse, resolve, configure and compile; raises CheckerError on bad input.
    `properties`: check these instead of the config's PROPERTY lines; `deadlock`: whether
    a state without successors is reported (None: as the config's CHECK_DEADLOCK says);
    `profile`: a model that counts and times its evaluation (NOTE(profile-probes))."""
    staged = lower(bind(resolve(parse(read(spec, config))), properties))
    if deadlock is not None:
        staged = replace(staged, model=replace(staged.model, check_deadlock=deadlock))
    return compile_model(
        staged,
        output,
        generate=generate,
        symmetry=symmetry,
        seed=seed,
        workers=workers,
        profile=profile,
    )


@deep_entry
def build_model(
    spec: SourceFile,
    config: SourceFile,
    output: Output | None = None,
    *,
    generate: bool = True,
) -> Model:
    """`load_model` for texts already read. `generate=False` skips generated code (the
    closures alone; for symbolic checking)."""
    staged = lower(bind(resolve(parse(Sources(spec, config)))))
    return compile_model(staged, output, generate=generate)
