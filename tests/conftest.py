"""Settings for the whole test suite.

NOTE(codegen-fallback): every check in the tests runs with CHECKER_CODEGEN_STRICT=1, so a
generated function that raises where the closures succeed (a bug of the code generator,
a silent slowdown for users) fails the test as an internal error instead of being
hidden by the fallback. Set here, at import, so the CLI subprocesses inherit it too.
"""

import os

os.environ["CHECKER_CODEGEN_STRICT"] = "1"
