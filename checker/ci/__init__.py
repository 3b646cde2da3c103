"""The CI gate: run the models of a manifest and compare them with their expectations.

- `manifest`: reading and checking `models/manifest.toml` (E504 for every problem);
- `run`: running the models (in parallel processes with `-j N`), one `Run` each;
- `judge`: a run against its entry (pass or fail, and why);
- `report`: the text table, JUnit XML, JSON and GitHub Actions annotations;
- `update`: `--update`, rewriting the expected counts in the manifest's text;
- `atomic`: writing files through a temporary file and a rename.

>>> from checker.ci import load_manifest, jobs_for, run_all, judge
>>> manifest = load_manifest("models/manifest.toml")  # doctest: +SKIP
>>> runs = run_all(jobs_for(manifest, trace_dir=None), processes=4)  # doctest: +SKIP
>>> [judge(e, r).status for e, r in zip(manifest.entries, runs)]  # doctest: +SKIP
['pass', 'pass', ...]
"""

from __future__ import annotations

from checker.ci.judge import Outcome, judge
from checker.ci.manifest import Entry, Manifest, load_manifest
from checker.ci.run import Job, Run, jobs_for, run_all

__all__ = [
    "Entry",
    "Job",
    "Manifest",
    "Outcome",
    "Run",
    "jobs_for",
    "judge",
    "load_manifest",
    "run_all",
]
