"""Fault and hostile-input tests (a package, so that test_fuzz.py may share its name with
tests/lang/test_fuzz.py)."""
