"""User interfaces for traces: the terminal viewer (rich) and the HTML viewer.

The only package that imports rich. Modules:

- `diff`: nested diffs of values (pure Python);
- `pretty`: values broken over lines to fit a width (pure Python);
- `render`, `frame`: rich renderables, one boxed panel per state;
- `show`: `checker trace show` (static output);
- `keys`, `interactive`: `checker trace show -i` (the key map, the terminal loop);
- `msc`, `causal`, `html`: `checker trace html` (where the messages are; who sent and who
  received each one; the self-contained page);
- `progress`: the live progress line of a search.

Nothing is imported here, so that `import checker.ui.html` does not load rich.
"""
