"""The command line: ``letterlint check | batch | fix | rules | explain | init | eval | ...``.

``app`` holds the typer application; it parses flags, calls the engine and a report formatter,
and never decides anything about a letter itself.
"""
