"""Traces: the Trace object, ITF JSON, and text rendering."""

from checker.traces.itf import read_itf, trace_to_itf, write_itf
from checker.traces.text import format_trace
from checker.traces.trace import State, Step, Trace

__all__ = ["State", "Step", "Trace", "format_trace", "read_itf", "trace_to_itf", "write_itf"]
