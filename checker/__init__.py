"""A model checker for distributed protocols written in a subset of TLA+."""
