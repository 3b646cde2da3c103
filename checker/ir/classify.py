"""The one place that decides how an action decomposes: which sub-formulas are actions
(`is_action`), which variable a leaf assigns (`target_variable`), which variables
UNCHANGED keeps (`unchanged_variables`), and which definition a name applies.

These follow TLC (Tool.getNextStates): a sub-formula is decomposed structurally when it
may assign a variable, that is when it mentions a prime, UNCHANGED, `[A]_v` or
`<<A>>_v`, an action-level definition, a local operator (inlined), or a parameter whose
argument is one of those (NOTE(primed-variables): parameters are substituted). In Init
the targets are the unprimed variables, so a sub-formula mentioning a variable or a
state-level definition is decomposed.
"""

from __future__ import annotations

from typing import Any, Protocol

from checker.ir.env import Env, LocalOp, ParamArg
from checker.lang import ast
from checker.lang.symbols import ACTION, STATE, ResolvedSpec


class FreshTargets(Protocol):
    """NOTE(refinement): inside an ENABLED written in an instantiated module's text, a
    primed variable of that module whose WITH substitutes an expression is a fresh
    variable; `target` gives its index (after the spec's variables) and name."""

    def target(self, e: ast.Expr, module: str) -> tuple[int, str] | None: ...


class Classifier:
    """Decisions for one Init or Next, over lowering environments (`Env`)."""

    def __init__(
        self, resolved: ResolvedSpec, *, init: bool, fresh: FreshTargets | None = None
    ) -> None:
        self.resolved = resolved
        self.init = init
        self.fresh = fresh
        self.var_index = {v.name: i for i, v in enumerate(resolved.variables)}
        # keyed by ids of the expression and env, which the value keeps alive (so that the
        # ids are never reused by other objects while the entry exists)
        self._memo: dict[tuple[int, int], tuple[bool, Any, Env]] = {}

    def is_action(self, e: ast.Expr, env: Env) -> bool:
        """Whether `e` may assign a target variable (so it is decomposed structurally)."""
        key = (id(e), id(env))
        if key not in self._memo:
            self._memo[key] = (self._mentions_target(e, env), e, env)
        return self._memo[key][0]

    def _mentions_target(self, e: ast.Expr, env: Env) -> bool:
        for node in ast.walk(e):
            if isinstance(node, ast.OpExpr) and node.op in ("'", "UNCHANGED") and not self.init:
                return True
            if isinstance(node, ast.ActionBox):
                return True
            if isinstance(node, (ast.Name, ast.Apply)) and self._name_is_target(node.name, env):
                return True
        return False

    def _name_is_target(self, name: str, env: Env) -> bool:
        local = env.lookup(name)
        if isinstance(local, ParamArg):
            return self.is_action(local.expr, local.env)
        if local is not None:
            return isinstance(local, LocalOp)
        sym = self.resolved.symbol(env.module, name)
        if sym is None:
            return False
        if sym.kind == "variable":
            return self.init
        if sym.kind == "definition":
            return self.resolved.level(sym, STATE) >= (STATE if self.init else ACTION)
        return False

    def target_variable(self, lhs: ast.Expr, env: Env) -> tuple[int, str] | None:
        """The variable that `lhs` assigns (`x'` in Next, `x` in Init), parameters
        substituted (`p'` with p standing for x, or p standing for `x'`)."""
        if not self.init:
            lhs, env = follow(lhs, env)
            if not (isinstance(lhs, ast.OpExpr) and lhs.op == "'"):
                return None
            lhs = lhs.args[0]
        lhs, env = follow(lhs, env)
        return self._variable(lhs, env)

    def _variable(self, e: ast.Expr, env: Env) -> tuple[int, str] | None:
        if self.fresh is not None and (found := self.fresh.target(e, env.module)) is not None:
            return found
        if not isinstance(e, ast.Name) or env.lookup(e.name) is not None:
            return None
        sym = self.resolved.symbol(env.module, e.name)
        if sym is None or sym.kind != "variable":
            return None
        return self.var_index[e.name], e.name

    def unchanged_variables(self, target: ast.Expr, env: Env) -> list[tuple[int, str]] | None:
        """UNCHANGED's variables: of a variable, a tuple of such targets, a definition
        without parameters whose body is one, or a parameter standing for one; None for
        anything else (then UNCHANGED e is the condition e' = e)."""
        target, env = follow(target, env)
        if self.fresh is not None and (found := self.fresh.target(target, env.module)):
            return [found]
        if isinstance(target, ast.Tuple):
            out: list[tuple[int, str]] = []
            for item in target.items:
                inner = self.unchanged_variables(item, env)
                if inner is None:
                    return None
                out.extend(inner)
            return out
        if not isinstance(target, ast.Name) or env.lookup(target.name) is not None:
            return None
        sym = self.resolved.symbol(env.module, target.name)
        if sym is not None and sym.kind == "variable":
            return [(self.var_index[target.name], target.name)]
        if (
            sym is not None
            and sym.kind == "definition"
            and isinstance(sym.unit, ast.OpDef)
            and not sym.unit.params
        ):
            return self.unchanged_variables(sym.unit.body, Env(sym.module))
        return None

    def find_definition(self, name: str, env: Env) -> tuple[ast.OpDef, Env, bool] | None:
        """The definition `name` applies, the env of its body, and whether it is local."""
        local = env.lookup(name)
        if isinstance(local, LocalOp):
            return local.defn, local.env, True
        if local is not None:
            return None
        sym = self.resolved.symbol(env.module, name)
        if sym is not None and sym.kind == "definition" and isinstance(sym.unit, ast.OpDef):
            return sym.unit, Env(sym.module), False
        return None


def follow(e: ast.Expr, env: Env) -> tuple[ast.Expr, Env]:
    """Replace a parameter by the argument it stands for (repeatedly)."""
    while isinstance(e, ast.Name):
        local = env.lookup(e.name)
        if not isinstance(local, ParamArg):
            break
        e, env = local.expr, local.env
    return e, env
