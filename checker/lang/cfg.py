"""TLC model configuration files (`.cfg`): constants, behaviour spec, properties to check.

Supported directives (TLC's own syntax; each may appear several times):
  CONSTANT(S)   name = value   |   name <- definition
                name = [Module]value   |   name <- [Module]definition
  INIT name / NEXT name  or  SPECIFICATION name
  INVARIANT(S), PROPERTY(IES), CONSTRAINT(S), ACTION_CONSTRAINT(S)  names...
  SYMMETRY name, VIEW name, ALIAS name, POSTCONDITION(S) names, CHECK_DEADLOCK TRUE|FALSE
As in TLC, `name` may be a declared constant or any definition the spec can see (a
definition of the spec, of a module it extends or instantiates, or of a standard module
such as `Nat`): `name = value` gives it a value, `name <- Other` replaces it by another
definition of the root module. `[Module]` makes the replacement apply to the definition
`name` of that module. Values are integers, strings, TRUE/FALSE, model values (bare
names), sets `{...}` and tuples `<<...>>` of values. Comments are `\\*` and `(* *)`, as in
TLA+. A leading UTF-8 byte-order mark is ignored.

The checker's own addition is a comment naming the spec a config belongs to, which
`checker check models/X.cfg` follows (a relative path is relative to the .cfg file):
  \\* spec: ../specs/Paxos.tla
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.diagnostics import CheckerError, SourceFile, Span, error, suggest
from checker.lang.tokens import backslash_operator
from checker.numerals import TooManyDigits, parse_decimal
from checker.values import (
    INCOMPARABLE_HINT,
    Incomparable,
    ModelValue,
    Value,
    incomparable_message,
    set_of,
)

_KEYWORDS = {
    "CONSTANT": "CONSTANTS",
    "CONSTANTS": "CONSTANTS",
    "INIT": "INIT",
    "NEXT": "NEXT",
    "SPECIFICATION": "SPECIFICATION",
    "INVARIANT": "INVARIANTS",
    "INVARIANTS": "INVARIANTS",
    "PROPERTY": "PROPERTIES",
    "PROPERTIES": "PROPERTIES",
    "CONSTRAINT": "CONSTRAINTS",
    "CONSTRAINTS": "CONSTRAINTS",
    "ACTION_CONSTRAINT": "ACTION_CONSTRAINTS",
    "ACTION_CONSTRAINTS": "ACTION_CONSTRAINTS",
    "SYMMETRY": "SYMMETRY",
    "VIEW": "VIEW",
    "CHECK_DEADLOCK": "CHECK_DEADLOCK",
    "POSTCONDITION": "POSTCONDITION",
    "ALIAS": "ALIAS",
    "POSTCONDITIONS": "POSTCONDITION",
    "_PERIODIC": "_PERIODIC",
    "_RL_REWARD": "_RL_REWARD",
    "_POSSIBLE": "_POSSIBLE",
}
_TOKEN = re.compile(
    r"(?P<ws>[ \t\r\f]+)|(?P<nl>\n)|(?P<comment>\\\*[^\n]*)|(?P<open>\(\*)"
    r"|(?P<operator>\\[A-Za-z]+)"
    r'|(?P<string>"(?:[^"\\\n]|\\.)*")|(?P<name>[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*)'
    r"|(?P<number>-?[0-9]+)|(?P<sym><-|<<|>>|[={},!()\[\]])"
)
_SPEC_HINT = re.compile(r"\\\*\s*spec:\s*(\S+)")


@dataclass(frozen=True)
class Named:
    """A name in the config, with where it was written."""

    name: str
    span: Span


@dataclass(frozen=True)
class ConstantValue:
    """`name = value` (or `name = [module]value`: the definition `name` of `module`)."""

    name: str
    value: Value
    span: Span
    module: str | None = None


@dataclass(frozen=True)
class Substitution:
    """`name <- definition` (or `name <- [module]definition`): `name` (a constant or a
    definition) is replaced by a definition of the root module; with `[module]`, `name`
    is a definition of that module."""

    name: str
    target: Named
    span: Span
    module: str | None = None


@dataclass(frozen=True)
class ModelConfig:
    source: SourceFile
    constants: tuple[ConstantValue, ...] = ()
    substitutions: tuple[Substitution, ...] = ()
    init: Named | None = None
    next: Named | None = None
    specification: Named | None = None
    invariants: tuple[Named, ...] = ()
    properties: tuple[Named, ...] = ()
    constraints: tuple[Named, ...] = ()
    action_constraints: tuple[Named, ...] = ()
    symmetry: Named | None = None
    view: Named | None = None
    alias: Named | None = None
    postconditions: tuple[Named, ...] = ()
    check_deadlock: bool = True
    spec_hint: str | None = None

    def all_names(self) -> list[Named]:
        """Every definition name the config refers to (for validation)."""
        single = (self.init, self.next, self.specification, self.symmetry, self.view, self.alias)
        out = [n for n in single if n is not None]
        out += [*self.invariants, *self.properties, *self.constraints, *self.action_constraints]
        out += list(self.postconditions)
        out += [s.target for s in self.substitutions]
        return out


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    span: Span


@dataclass
class _Builder:
    constants: list[ConstantValue] = field(default_factory=list)
    substitutions: list[Substitution] = field(default_factory=list)
    lists: dict[str, list[Named]] = field(default_factory=dict)
    single: dict[str, Named] = field(default_factory=dict)
    check_deadlock: bool = True


def parse_config(src: SourceFile) -> ModelConfig:
    """Parse a TLC configuration file; raises CheckerError with the offending line."""
    toks = _tokenize(src)
    b = _Builder()
    i = 0
    while i < len(toks):
        tok = toks[i]
        section = _KEYWORDS.get(tok.text) if tok.kind == "name" else None
        if section is None:
            guess = suggest(tok.text.upper(), list(_KEYWORDS)) if tok.kind == "name" else None
            raise error(
                "E301",
                f"expected a directive such as CONSTANTS, INIT, NEXT or "
                f"INVARIANT, found `{tok.text}`",
                tok.span,
                hint=f"did you mean `{guess}`?" if guess else "see TLC's configuration file format",
            )
        i = _section(section, tok, toks, i + 1, b)
    hint = _SPEC_HINT.search(src.text)
    return ModelConfig(
        src,
        tuple(b.constants),
        tuple(b.substitutions),
        init=b.single.get("INIT"),
        next=b.single.get("NEXT"),
        specification=b.single.get("SPECIFICATION"),
        invariants=tuple(b.lists.get("INVARIANTS", [])),
        properties=tuple(b.lists.get("PROPERTIES", [])),
        constraints=tuple(b.lists.get("CONSTRAINTS", [])),
        action_constraints=tuple(b.lists.get("ACTION_CONSTRAINTS", [])),
        symmetry=b.single.get("SYMMETRY"),
        view=b.single.get("VIEW"),
        alias=b.single.get("ALIAS"),
        postconditions=tuple(b.lists.get("POSTCONDITION", [])),
        check_deadlock=b.check_deadlock,
        spec_hint=hint.group(1) if hint else None,
    )


def _section(section: str, head: _Tok, toks: list[_Tok], i: int, b: _Builder) -> int:
    if section == "CONSTANTS":
        return _constants(toks, i, b)
    if section == "CHECK_DEADLOCK":
        if i >= len(toks) or toks[i].text not in ("TRUE", "FALSE"):
            raise error("E301", "CHECK_DEADLOCK takes TRUE or FALSE", _at(toks, i, head))
        b.check_deadlock = toks[i].text == "TRUE"
        return i + 1
    if section.startswith("_"):
        raise error(
            "E305",
            f"{section} is not supported",
            head.span,
            hint="it belongs to TLC's experimental modes; remove it to check the model",
        )
    names: list[Named] = []
    single = section in ("INIT", "NEXT", "SPECIFICATION", "SYMMETRY", "VIEW", "ALIAS")
    while i < len(toks) and toks[i].kind in ("name", ",") and toks[i].text not in _KEYWORDS:
        if toks[i].kind == "name":
            if single and names:
                break  # these take one name; what follows must be a directive
            names.append(Named(toks[i].text, toks[i].span))
        i += 1
    if not names and single:  # a list may be empty, as in TLC (its names commented out)
        raise error("E301", f"{head.text} needs a name after it", _at(toks, i, head))
    if single:
        if section in b.single:
            first = b.single[section]
            raise error(
                "E301",
                f"{head.text} is given more than once",
                names[-1].span,
                hint=f"the first is `{first.name}`",
            )
        b.single[section] = names[0]
    else:
        b.lists.setdefault(section, []).extend(names)
    return i


def _constants(toks: list[_Tok], i: int, b: _Builder) -> int:
    while i < len(toks) and toks[i].kind in ("name", ","):
        tok = toks[i]
        if tok.kind == ",":
            i += 1
            continue
        if tok.text in _KEYWORDS:
            break
        name, i = _lhs(toks, i)
        if i < len(toks) and toks[i].text == "(":
            raise error(
                "E305",
                f"a value for `{name}` at given arguments is not supported",
                toks[i].span,
                hint=f"define `{name}` in the spec, or substitute a definition: "
                f"`{name} <- Definition`",
            )
        if i >= len(toks) or toks[i].text not in ("=", "<-"):
            raise error(
                "E301",
                f"expected `=` or `<-` after the constant `{name}`",
                _at(toks, i, toks[i - 1]),
                hint="write `N = 3` or `N <- MyDefinition`",
            )
        arrow = toks[i]
        module, i = _module_prefix(toks, i + 1, arrow)
        if arrow.text == "<-":
            if i >= len(toks) or toks[i].kind != "name" or toks[i].text in _KEYWORDS:
                raise error(
                    "E301", "expected a definition name after `<-`", _at(toks, i, toks[i - 1])
                )
            target = Named(toks[i].text, toks[i].span)
            b.substitutions.append(Substitution(name, target, tok.span, module))
            i += 1
            continue
        value, i = _value(toks, i, toks[i - 1])
        b.constants.append(ConstantValue(name, value, tok.span, module))
    return i


def _lhs(toks: list[_Tok], i: int) -> tuple[str, int]:
    """`name` or `inst!name` (a definition of an instance)."""
    name = toks[i].text
    i += 1
    while i + 1 < len(toks) and toks[i].text == "!" and toks[i + 1].kind == "name":
        name += "!" + toks[i + 1].text
        i += 2
    return name, i


def _module_prefix(toks: list[_Tok], i: int, prev: _Tok) -> tuple[str | None, int]:
    """`[Module]` before the right-hand side of `=` or `<-`, as TLC allows."""
    if i >= len(toks) or toks[i].text != "[":
        return None, i
    if i + 2 >= len(toks) or toks[i + 1].kind != "name" or toks[i + 2].text != "]":
        raise error(
            "E301",
            "expected `[Module]` (a module name in brackets)",
            _at(toks, i + 1, prev),
            hint="write `Name <- [Module]Definition` or `Name = [Module]value`",
        )
    return toks[i + 1].text, i + 3


def _value(toks: list[_Tok], i: int, prev: _Tok) -> tuple[Value, int]:
    if i >= len(toks):
        raise error("E301", "expected a value", prev.span)
    tok = toks[i]
    if tok.kind == "number":
        try:
            return parse_decimal(tok.text), i + 1
        except TooManyDigits as exc:
            raise error("E301", f"a number too long: {exc}", tok.span) from None
    if tok.kind == "string":
        return _unquote(tok.text), i + 1
    if tok.kind == "name" and tok.text in ("TRUE", "FALSE"):
        return tok.text == "TRUE", i + 1
    if tok.kind == "name" and tok.text not in _KEYWORDS:
        return ModelValue(tok.text), i + 1
    if tok.text in ("{", "<<"):
        close = "}" if tok.text == "{" else ">>"
        items: list[Value] = []
        i += 1
        while i < len(toks) and toks[i].text != close:
            if toks[i].text in _KEYWORDS:
                raise _never_closed(tok, close, toks[i])
            item, i = _value(toks, i, toks[i - 1])
            items.append(item)
            if i < len(toks) and toks[i].text == ",":
                i += 1
            elif i < len(toks) and toks[i].text in _KEYWORDS:
                raise _never_closed(tok, close, toks[i])
            elif i < len(toks) and toks[i].text != close:
                raise error("E301", f"expected `,` or `{close}`", toks[i].span)
        if i >= len(toks):
            raise error("E301", f"this `{tok.text}` is never closed", tok.span)
        return (_set(items, tok) if close == "}" else tuple(items)), i + 1
    raise error(
        "E301",
        f"expected a value (a number, string, model value or set), found `{tok.text}`",
        tok.span,
    )


def _set(items: list[Value], opener: _Tok) -> Value:
    """A set value; TLC cannot hold TRUE and 1 in one set (NOTE(bool-int))."""
    try:
        return set_of(items)
    except Incomparable as exc:
        raise error(
            "E301", incomparable_message(exc), opener.span, hint=INCOMPARABLE_HINT
        ) from None


def _never_closed(opener: _Tok, close: str, found: _Tok) -> CheckerError:
    return error(
        "E301",
        f"this `{opener.text}` is never closed",
        opener.span,
        hint=f"add `{close}` before `{found.text}` (line {found.span.line})",
    )


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def _at(toks: list[_Tok], i: int, fallback: _Tok) -> Span:
    return toks[i].span if i < len(toks) else fallback.span


def _tokenize(src: SourceFile) -> list[_Tok]:
    text = src.text
    out: list[_Tok] = []
    pos, line, line_start = 0, 1, 0
    depth, comment_span = 0, None
    while pos < len(text):
        if depth:
            nxt = re.compile(r"\(\*|\*\)|\n").search(text, pos)
            if nxt is None:
                break
            if nxt.group() == "\n":
                line, line_start = line + 1, nxt.end()
            depth += 1 if nxt.group() == "(*" else -1 if nxt.group() == "*)" else 0
            pos = nxt.end()
            continue
        m = _TOKEN.match(text, pos)
        col = pos - line_start + 1
        if m is None:
            span = Span(src, line, col, line, col + 1)
            if text[pos] == '"':
                raise error("E301", "this string is never closed", span)
            raise error("E301", f"unexpected character `{text[pos]}` in the configuration", span)
        kind = m.lastgroup or ""
        if kind == "nl":
            line, line_start = line + 1, m.end()
        elif kind == "open":
            depth, comment_span = 1, Span(src, line, col, line, col + 2)
        elif kind == "operator":  # `\\prec <- Lt`: an operator constant, named by its symbol
            name = backslash_operator(m.group())
            span = Span(src, line, col, line, col + len(m.group()))
            if name is None:
                raise error("E301", f"`{m.group()}` is not a TLA+ operator", span)
            out.append(_Tok("name", name, span))
        elif kind not in ("ws", "comment"):
            tok_kind = "sym" if kind == "sym" else kind
            if m.group() == ",":
                tok_kind = ","
            out.append(_Tok(tok_kind, m.group(), Span(src, line, col, line, col + len(m.group()))))
        pos = m.end()
    if depth and comment_span is not None:
        raise CheckerError(error("E301", "this comment is never closed", comment_span).diagnostics)
    return out  # may be empty: a model of constants only needs no directive (as TLC)
