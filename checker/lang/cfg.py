"""TLC model configuration files (`.cfg`): constants, behaviour spec, properties to check.

Supported directives (TLC's own syntax; each may appear several times):
  CONSTANT(S)   name = value   |   name <- definition
  INIT name / NEXT name  or  SPECIFICATION name
  INVARIANT(S), PROPERTY(IES), CONSTRAINT(S), ACTION_CONSTRAINT(S)  names...
  SYMMETRY name, VIEW name, CHECK_DEADLOCK TRUE|FALSE
Values are integers, strings, TRUE/FALSE, model values (bare names), sets `{...}` and
tuples `<<...>>` of values. Comments are `\\*` and `(* *)`, as in TLA+.

The checker's own addition is a comment naming the spec a config belongs to, which
`checker check models/X.cfg` follows (a relative path is relative to the .cfg file):
  \\* spec: ../specs/Paxos.tla
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.diagnostics import CheckerError, SourceFile, Span, error, suggest
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
}
_TOKEN = re.compile(
    r"(?P<ws>[ \t\r\f]+)|(?P<nl>\n)|(?P<comment>\\\*[^\n]*)|(?P<open>\(\*)"
    r'|(?P<string>"(?:[^"\\\n]|\\.)*")|(?P<name>[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*)'
    r"|(?P<number>-?[0-9]+)|(?P<sym><-|<<|>>|[={},])"
)
_SPEC_HINT = re.compile(r"\\\*\s*spec:\s*(\S+)")


@dataclass(frozen=True)
class Named:
    """A name in the config, with where it was written."""

    name: str
    span: Span


@dataclass(frozen=True)
class ConstantValue:
    name: str
    value: Value
    span: Span


@dataclass(frozen=True)
class Substitution:
    """`name <- definition`: the constant takes the value of a spec definition."""

    name: str
    target: Named
    span: Span


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
    check_deadlock: bool = True
    spec_hint: str | None = None

    def all_names(self) -> list[Named]:
        """Every definition name the config refers to (for validation)."""
        out = [
            n
            for n in (self.init, self.next, self.specification, self.symmetry, self.view)
            if n is not None
        ]
        out += [*self.invariants, *self.properties, *self.constraints, *self.action_constraints]
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
    if section in ("POSTCONDITION", "ALIAS"):
        raise error("E305", f"{section} is not supported", head.span)
    names: list[Named] = []
    single = section in ("INIT", "NEXT", "SPECIFICATION", "SYMMETRY", "VIEW")
    while i < len(toks) and toks[i].kind in ("name", ",") and toks[i].text not in _KEYWORDS:
        if toks[i].kind == "name":
            if single and names:
                break  # these take one name; what follows must be a directive
            names.append(Named(toks[i].text, toks[i].span))
        i += 1
    if not names:
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
        if i + 1 >= len(toks) or toks[i + 1].text not in ("=", "<-"):
            raise error(
                "E301",
                f"expected `=` or `<-` after the constant `{tok.text}`",
                _at(toks, i + 1, tok),
                hint="write `N = 3` or `N <- MyDefinition`",
            )
        if toks[i + 1].text == "<-":
            if i + 2 >= len(toks) or toks[i + 2].kind != "name":
                raise error("E301", "expected a definition name after `<-`", _at(toks, i + 2, tok))
            target = Named(toks[i + 2].text, toks[i + 2].span)
            b.substitutions.append(Substitution(tok.text, target, tok.span))
            i += 3
            continue
        value, i = _value(toks, i + 2, toks[i + 1])
        b.constants.append(ConstantValue(tok.text, value, tok.span))
    return i


def _value(toks: list[_Tok], i: int, prev: _Tok) -> tuple[Value, int]:
    if i >= len(toks):
        raise error("E301", "expected a value", prev.span)
    tok = toks[i]
    if tok.kind == "number":
        return int(tok.text), i + 1
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
        elif kind not in ("ws", "comment"):
            tok_kind = "sym" if kind == "sym" else kind
            if m.group() == ",":
                tok_kind = ","
            out.append(_Tok(tok_kind, m.group(), Span(src, line, col, line, col + len(m.group()))))
        pos = m.end()
    if depth and comment_span is not None:
        raise CheckerError(error("E301", "this comment is never closed", comment_span).diagnostics)
    if not out:  # nothing but blanks and comments
        raise error(
            "E100",
            "the configuration file is empty",
            path=src.path,
            hint="it needs at least INIT and NEXT, or SPECIFICATION",
        )
    return out
