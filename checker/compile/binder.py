"""The state of one binding of a configuration to a spec: the problems found so far
(errors and warnings, reported together) and the lookups every part of binding uses."""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.diagnostics import Diagnostic, Note, Span, suggest
from checker.lang.cfg import ModelConfig, Named
from checker.lang.resolve import ResolvedSpec, Symbol
from checker.lang.symbols import defined_here


@dataclass
class Binder:
    resolved: ResolvedSpec
    config: ModelConfig
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def symbols(self) -> dict[str, Symbol]:
        return self.resolved.root_scope.symbols

    def symbol(self, name: str) -> Symbol | None:
        """What a name of the root module means, the configuration's replacements applied."""
        return self.resolved.symbol(self.resolved.root.name, name)

    def err(
        self,
        code: str,
        message: str,
        span: Span | None,
        hint: str | None = None,
        notes: tuple[Note, ...] = (),
    ) -> None:
        self.errors.append(
            Diagnostic(code, message, span, notes, hint, path=self.config.source.path)
        )

    def warn(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.warnings.append(
            Diagnostic(
                code, message, span, (), hint, path=self.config.source.path, severity="warning"
            )
        )


def guess(name: str, names: list[str]) -> str | None:
    guess = suggest(name, names)
    return f"did you mean `{guess}`?" if guess else None


def unknown_definition(b: Binder, named: Named, what: str) -> None:
    sym = b.symbols.get(named.name)
    if sym is not None and sym.kind in ("theorem", "assumption"):
        b.err(
            "E302",
            f"{what} names `{named.name}`, which is {'an' if sym.kind[0] == 'a' else 'a'} "
            f"{sym.kind}, not a definition",
            named.span,
            notes=defined_here(sym),
            hint=f"TLC accepts only definitions here: define `{named.name}Def == ...` "
            "and name that",
        )
        return
    defs = [n for n, s in b.symbols.items() if s.kind == "definition"]
    guess = suggest(named.name, defs)
    b.err(
        "E302",
        f"{what} names `{named.name}`, which the spec does not define",
        named.span,
        hint=f"did you mean `{guess}`?" if guess else None,
    )
