"""Settings for the whole test suite.

NOTE(codegen-fallback): every check in the tests runs with CHECKER_CODEGEN_STRICT=1, so a
generated function that raises where the closures succeed (a bug of the code generator,
a silent slowdown for users) fails the test as an internal error instead of being
hidden by the fallback. Set here, at import, so the CLI subprocesses inherit it too.
"""

import os

os.environ["CHECKER_CODEGEN_STRICT"] = "1"

# Property-based tests draw the same examples on every run (a fixed seed, no example
# database): a CI run cannot stall or fail on an example no earlier run met, and a failure
# is reproduced by running the test again. HYPOTHESIS_PROFILE=explore draws fresh ones.
from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
