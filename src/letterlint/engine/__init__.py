"""The engine: the only orchestrator.

``check`` runs one letter through every stage (read, analyse, run the rules' checks, score) and
returns a :class:`letterlint.model.Report`; ``batch`` does the same for a folder with a bounded
process pool; ``cache`` keeps reports keyed by content, rules and version (private, signed);
``baseline`` subtracts findings a team has already accepted.
"""
