"""``python -m letterlint.cli``: the same as the ``letterlint`` command."""

from letterlint.cli.app import entry

if __name__ == "__main__":
    entry()
