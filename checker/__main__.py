"""`python -m checker`: the same as the `checker` command."""

from checker.cli.main import run

run()
