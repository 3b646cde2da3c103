"""INSTANCE, expanded into ordinary definitions before name resolution.

`N(p) == INSTANCE M WITH c <- e` gives, for each definition `Op(x) == body` of M (and of
the modules M extends, and of M's own instances, expanded first), a definition
`N!Op(p, x) == body[c := e, Op2 := N!Op2(p), ...]` of the instantiating module, placed
where the INSTANCE is; a reference `N(a)!Op(b)` becomes `N!Op(a, b)`. An unnamed
`INSTANCE M` gives the definitions under their own names. So everything after this
step (resolution, levels, closures, generated code, Z3) sees ordinary definitions.

NOTE(instance-expansion):
- M is resolved on its own first (its errors are reported in M; `scopes_of`), and the
  meaning of every name in M's bodies is taken from that resolution: a constant or
  variable becomes its substitution (explicit, or the same name in the instantiating
  module, which must declare or define it), a definition its expanded name, a standard
  operator the alias `Module!Name` (every scope has these, see resolve.py), so the
  instantiating module's own names can never capture it. Infix standard operators were
  bound in M before the expansion (stdops.py): an `OpExpr` is one M has in scope, any
  other operator symbol an `Apply` of a definition of M, renamed like any other.
- Substitution is capture-avoiding: a binder (parameter, bound variable, LET name) of M
  whose name the instantiating module uses (or a substitution mentions) is renamed.
- LOCAL definitions of M are expanded under hidden names `N!Op@Module`, which no
  reference can spell; LOCAL INSTANCE makes every expanded definition LOCAL.
- A substitution `F <- LAMBDA x : e` for an operator constant is applied by
  substitution of the arguments into `e` (TLA+ operator application is substitution).
- ASSUMEs of M are not kept: TLC checks those of the root module and of the modules it
  extends only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from checker.diagnostics import Note, Span, error
from checker.lang import ast
from checker.lang.instance_body import Body, Op, Target, statement_definition
from checker.lang.instance_refs import Inst, Names, RefRewriter
from checker.lang.instance_subst import Substitutions
from checker.lang.loader import AbstractVariable, LoadedSpec, extends_closure
from checker.lang.optable import arity as op_arity
from checker.lang.rewrite import Env, names_in
from checker.lang.stdlib import STANDARD, closure, is_standard
from checker.lang.symbols import ModuleScope

# Resolves modules (an extends-closed list, dependencies first) on their own and returns
# their scopes; supplied by resolve.py.
ScopesOf = Callable[[tuple[ast.Module, ...]], dict[str, ModuleScope]]


_NAMED = ("theorem", "assumption")  # named statements, which an instance expands too


def expand_instances(loaded: LoadedSpec, scopes_of: ScopesOf) -> LoadedSpec:
    """`loaded` with every INSTANCE expanded and every `N!Op` reference resolved."""
    library = loaded.library or loaded.modules
    if not any(isinstance(n, (ast.Instance, ast.InstanceRef)) for n in ast.walk(library)):
        return loaded
    exp = _Expander(library, scopes_of)
    for m in library:
        exp.expanded[m.name] = exp.module(m)
    modules = tuple(exp.expanded[m.name] for m in loaded.modules)
    lib = tuple(exp.expanded[m.name] for m in library)
    return LoadedSpec(
        exp.expanded[loaded.root.name],
        modules,
        loaded.sources,
        lib,
        loaded.submodules,
        loaded.for_submodules,
        tuple(exp.abstract),
    )


class _Expander:
    def __init__(self, library: tuple[ast.Module, ...], scopes_of: ScopesOf) -> None:
        self.library = library
        self.user = frozenset(m.name for m in library)
        self.scopes_of = scopes_of
        self.expanded: dict[str, ast.Module] = {}
        self.scopes: dict[str, ModuleScope] = {}
        self.exports: dict[str, dict[str, Inst]] = {}  # module -> its non-local instances
        self.abstract: list[AbstractVariable] = []  # NOTE(refinement)

    def standard(self, name: str) -> bool:
        return is_standard(name, self.user)

    def scope(self, name: str) -> ModuleScope:
        if name not in self.scopes:
            wanted = extends_closure(self.expanded[name], self.expanded)
            mods = tuple(self.expanded[m.name] for m in self.library if m.name in wanted)
            self.scopes.update(self.scopes_of(mods))
        return self.scopes[name]

    def closure_modules(self, name: str) -> list[ast.Module]:
        wanted = extends_closure(self.expanded[name], self.expanded)
        return [self.expanded[m.name] for m in self.library if m.name in wanted]

    # -- modules ------------------------------------------------------------------------

    def module(self, m: ast.Module) -> ast.Module:
        if not any(isinstance(n, (ast.Instance, ast.InstanceRef)) for n in ast.walk(m.units)):
            self.exports[m.name] = self.inherited(m)
            return m
        names = self.names_at_start(m)
        instance_std: list[str] = []
        local_std: list[str] = []
        units: list[ast.Unit] = []
        for u in m.units:
            if isinstance(u, ast.Instance):
                got = self.instance(u, names, {}, m.name)
                units.extend(got)
                names.defs.update((g.name, g) for g in got if isinstance(g, ast.OpDef))
                if u.name is None and self.standard(u.module.name):
                    (local_std if u.local else instance_std).append(u.module.name)
                elif u.name is None:
                    std = self.scope(u.module.name).exported_std
                    (local_std if u.local else instance_std).extend(sorted(std))
                continue
            units.append(RefRewriter(self.instance, names, m.name).unit(u))
            self.declare(u, names)
            d = statement_definition(units[-1]) or units[-1]
            if isinstance(d, ast.OpDef):
                names.defs[d.name] = d
        self.exports[m.name] = {k: v for k, v in names.instances.items() if not v.local}
        return replace(
            m,
            units=tuple(units),
            instance_std=tuple(instance_std),
            local_std=tuple(local_std),
        )

    def inherited(self, m: ast.Module) -> dict[str, Inst]:
        out: dict[str, Inst] = {}
        for ref in m.extends:
            out.update(self.exports.get(ref.name, {}))
        return out

    def names_at_start(self, m: ast.Module) -> Names:
        names = Names()
        std = [r.name for r in m.extends if self.standard(r.name)]
        for ref in m.extends:
            if self.standard(ref.name):
                continue
            scope = self.scope(ref.name)
            std.extend(scope.exported_std)
            for key, sym in scope.symbols.items():
                if not sym.local:
                    names.kinds[key] = (sym.kind, len(sym.params))
                    if isinstance(sym.unit, ast.OpDef):
                        names.defs[key] = sym.unit
        names.instances = self.inherited(m)
        self.add_std(names, std)
        names.unit_names = {n for n in names_in(m.units)}
        return names

    def add_std(self, names: Names, std: list[str] | tuple[str, ...]) -> None:
        for mod in closure(list(std)):
            names.std.add(mod.name)
            for op, params in mod.operators.items():
                names.kinds.setdefault(op, ("builtin", len(params)))

    def declare(self, u: ast.Unit, names: Names) -> None:
        kind = _declared(u)
        if kind is None:
            return
        name, what = kind
        if name in names.instances:
            raise error(
                "E203",
                f"`{name}` is already defined (as an instance)",
                u.span,
                notes=(Note("the instance", names.instances[name].span),),
            )
        names.kinds[name] = what

    # -- one INSTANCE -------------------------------------------------------------------

    def instance(
        self, inst: ast.Instance, names: Names, local_names: Env, module: str
    ) -> list[ast.Unit]:
        """The definitions `inst` stands for, in the module `module` (or in a LET, with the
        names bound around it in `local_names`)."""
        if inst.name is not None:
            self.check_instance_name(inst, names, local_names)
        target = inst.module.name
        if self.standard(target):
            return self.standard_instance(inst, names)
        scope = self.scope(target)
        rewriter = RefRewriter(self.instance, names, module)
        substs = Substitutions(
            inst, scope, names.kinds, names.std, local_names, rewriter.expr
        ).run()
        targets = self.targets(inst, scope, names)
        avoid = set(names.kinds) | names.unit_names | set(local_names)
        avoid |= {p.name for p in inst.params}
        for e in substs.values():
            avoid |= names_in(e)
        for std in STANDARD.values():
            avoid |= set(std.operators) | std.infix
        units: list[ast.Unit] = self.level_checks(inst, scope, substs, local_names)
        self.register_abstract(inst, scope, substs, local_names, names.kinds)
        for mod in self.closure_modules(target):
            body = Body(inst, self.scope(mod.name), substs, targets, avoid)
            for u in mod.units:
                got = body.unit(u, mod.name)
                if got is not None:
                    units.append(got)
        self.publish(inst, scope, targets, names)
        return units

    def level_checks(
        self,
        inst: ast.Instance,
        scope: ModuleScope,
        substs: dict[str, ast.Expr],
        local_names: Env,
    ) -> list[ast.Unit]:
        """SANY's level rule for a module with variables: constants are replaced by
        constant expressions, variables by state expressions (SubstLevel units)."""
        kinds = {n: s.kind for n, s in scope.symbols.items()}
        if "variable" not in kinds.values():
            return []
        # the resolver takes parameters to be state-level, SANY any level: not checked
        params = set(local_names) | {p.name for p in inst.params}
        explicit = {s.name: s.span for s in inst.substs}
        return [
            ast.SubstLevel(
                explicit.get(name, inst.span),
                name,
                inst.module.name,
                e,
                int(kinds[name] == "variable"),
            )
            for name, e in substs.items()
            if not isinstance(e, ast.Lambda)
            and not self.scope_has_arity(scope, name)
            and not names_in(e) & params
        ]

    def register_abstract(
        self,
        inst: ast.Instance,
        scope: ModuleScope,
        substs: dict[str, ast.Expr],
        local_names: Env,
        kinds: dict[str, tuple[str, int]],
    ) -> None:
        """NOTE(refinement): the variables substituted by an expression (explicitly, or
        implicitly by a definition or constant of the same name), except where it reads
        the instance's parameters or LET names; an implicit `x <- x`, x a variable here,
        is this module's x (for TLC too: its states are keyed by variable names)."""
        params = set(local_names) | {p.name for p in inst.params}
        explicit = {s.name for s in inst.substs}
        inside: tuple[Span, ...] | None = None
        for name, e in substs.items():
            sym = scope.symbols[name]
            if sym.kind != "variable" or names_in(e) & params:
                continue
            if name not in explicit and kinds.get(name, ("", 0))[0] == "variable":
                continue
            if inside is None:
                inside = tuple(self.expanded[n].span for n in self.in_view(inst.module.name))
            self.abstract.append(AbstractVariable(name, e, inside))

    def in_view(self, target: str) -> list[str]:
        """The modules whose text sees the variables of an instance of `target`: those of
        its EXTENDS closure and, transitively, the modules they instantiate."""
        seen: list[str] = []
        stack = [target]
        while stack:
            name = stack.pop()
            if name in seen or name not in self.expanded:
                continue
            for m in sorted(extends_closure(self.expanded[name], self.expanded)):
                if m not in seen:
                    seen.append(m)
                    original = next(x for x in self.library if x.name == m)
                    walked = ast.walk(original.units)
                    stack.extend(n.module.name for n in walked if isinstance(n, ast.Instance))
        return seen

    @staticmethod
    def scope_has_arity(scope: ModuleScope, name: str) -> bool:
        return bool(scope.symbols[name].params)

    def check_instance_name(self, inst: ast.Instance, names: Names, local_names: Env) -> None:
        assert inst.name is not None
        if inst.name in STANDARD:
            raise error(
                "E106",
                f"an instance may not be named like the standard module `{inst.name}`",
                inst.span,
                hint="choose another name",
            )
        if inst.name in names.kinds or inst.name in names.instances or inst.name in local_names:
            raise error("E203", f"`{inst.name}` is already defined", inst.span)

    def targets(
        self, inst: ast.Instance, scope: ModuleScope, names: Names
    ) -> dict[tuple[str, str], Target]:
        """The expanded name of each definition of M's modules, keyed (module, name).

        A definition that an unnamed INSTANCE brings under a name already defined here
        with the same arity is hidden: as in SANY (a warning there), the name keeps its
        first meaning; a different arity is an error (the resolver's E203)."""
        out: dict[tuple[str, str], Target] = {}
        base = inst.name if inst.name is not None else f"INSTANCE {inst.module.name}"
        for mod in self.closure_modules(inst.module.name):
            for unit in mod.units:
                u = statement_definition(unit) or unit
                if not isinstance(u, (ast.OpDef, ast.FuncDef, ast.Recursive)):
                    continue
                sym = scope.symbols.get(u.name)
                public = (
                    sym is not None
                    and sym.kind in ("definition", "recursive", "theorem", "assumption")
                    and sym.module == mod.name
                    and not sym.local
                )
                arity = len(sym.params) if sym is not None else -1
                if public and inst.name is None:
                    public = names.kinds.get(u.name) not in (
                        ("definition", arity),
                        ("recursive", arity),
                    )
                if public:
                    name = u.name if inst.name is None else f"{inst.name}!{u.name}"
                else:
                    name = f"{base}!{u.name}@{mod.name}"
                out[(mod.name, u.name)] = Target(name, public)
        return out

    def publish(
        self,
        inst: ast.Instance,
        scope: ModuleScope,
        targets: dict[tuple[str, str], Target],
        names: Names,
    ) -> None:
        """Make the instance's definitions (and instances) visible in the module."""
        mod = inst.module.name
        ops: dict[str, Op] = {}
        for key, sym in scope.symbols.items():
            if sym.local or sym.kind not in ("definition", "recursive", "builtin", *_NAMED):
                continue
            if sym.kind in _NAMED and (sym.module, key) not in targets:
                continue  # an ASSUME ... PROVE statement: its name has no value
            if sym.kind == "builtin":
                if "!" not in key:
                    ops[key] = Op(f"{sym.module}!{key}", len(sym.params), False)
                continue
            target = targets[(sym.module, key)]
            ops[key] = Op(target.name, len(sym.params), True)
        nested = self.exports.get(mod, {})
        if inst.name is None:
            for key, op in ops.items():
                if "!" not in key:
                    kind = "definition" if op.instance_args else "builtin"
                    names.kinds.setdefault(key, (kind, op.arity))
            for key, sub in nested.items():
                names.instances[key] = replace(sub, local=inst.local or sub.local)
            return
        names.instances[inst.name] = Inst(len(inst.params), ops, inst.span, inst.local)
        for key, sub in nested.items():
            sub_ops = {
                k: replace(o, target=f"{inst.name}!{o.target}") if o.instance_args else o
                for k, o in sub.ops.items()
            }
            names.instances[f"{inst.name}!{key}"] = Inst(
                sub.params, sub_ops, sub.span, inst.local or sub.local
            )

    def standard_instance(self, inst: ast.Instance, names: Names) -> list[ast.Unit]:
        if inst.substs:
            raise error(
                "E210",
                f"the standard module `{inst.module.name}` has no constants or variables "
                "to substitute",
                inst.substs[0].span,
            )
        mods = closure([inst.module.name])
        if inst.name is None:
            self.add_std(names, [inst.module.name])
            return []
        ops = {
            op: Op(f"{m.name}!{op}", len(params), False)
            for m in mods
            for op, params in m.operators.items()
        }
        for m in mods:  # `N!+(a, b)` with N an instance of Naturals
            ops.update({op: Op(f"{m.name}!{op}", op_arity(op), False) for op in m.infix})
        names.instances[inst.name] = Inst(len(inst.params), ops, inst.span, inst.local)
        return []


def _declared(u: ast.Unit) -> tuple[str, tuple[str, int]] | None:
    """The name a unit declares or defines, with its kind and arity."""
    if isinstance(u, ast.OpDef):
        return u.name, ("definition", len(u.params))
    if isinstance(u, ast.FuncDef):
        return u.name, ("definition", 0)
    if isinstance(u, ast.ConstantDecl):
        return u.name, ("constant", u.arity)
    if isinstance(u, ast.VariableDecl):
        return u.name, ("variable", 0)
    if isinstance(u, ast.Recursive):
        return u.name, ("recursive", u.arity)
    return None
