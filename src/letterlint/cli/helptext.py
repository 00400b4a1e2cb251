"""``--help`` as a user reads it, at any width (issue 16).

typer's plain help shows Python types beside names (``LETTER... <list[Path]>``, ``--host
<str>``), braces in the usage line (``{LETTER...}...``), the default of every on/off flag
(``[default: no-annotate]``) and lets click's wrapping break a word at a hyphen
(``.letterlint-`` / ``baseline.json``). ``tidy(command)`` turns the click command typer built
into click's own plain style: ``LETTER...``, ``--host TEXT``, no default for a flag, and no line
broken inside a hyphenated word or option name."""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperOption

NO_BREAK = "\u2011"  # a non-breaking hyphen: click's wrapping never breaks a line at it

# typer's type labels, as click names them in its own help
TYPE_NAMES = {"<str>": "TEXT", "<int>": "INTEGER", "<float>": "NUMBER", "<path>": "PATH",
              "<list[Path]>": "PATH", "<list[str]>": "TEXT"}


def _formatter(base: type[Any]) -> type[Any]:
    """``base`` (click's help formatter, as typer carries it) except that a hyphen inside a
    word or an option name (``--no-cache``, ``.letterlint-baseline.json``) never ends a line:
    it is held as a non-breaking hyphen while the text is wrapped and written back as ``-``."""

    class HelpFormatter(base):  # type: ignore[misc,valid-type]
        def write_text(self, text: str) -> None:
            super().write_text(text.replace("-", NO_BREAK))

        def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
            super().write_dl([(a, b.replace("-", NO_BREAK)) for a, b in rows], col_max, col_spacing)

        def getvalue(self) -> str:
            return str(super().getvalue()).replace(NO_BREAK, "-")

    return HelpFormatter


def _context(base: type[Any]) -> type[Any]:
    """``base`` (the click context class typer uses) with ``_formatter``'s help."""

    class Context(base):  # type: ignore[misc,valid-type]
        formatter_class = _formatter(base.formatter_class)

    return Context


def _name(p: Any) -> str:
    name = p.metavar or (p.name or "").upper()
    return name if p.nargs == 1 or name.endswith("...") else f"{name}..."


class Argument(TyperArgument):
    """A positional argument shown by its name alone (``LETTER...``), as click shows it:
    bare when required, in brackets when not."""

    def display_type_rich(self, ctx: Any) -> str | None:
        """No type after the name in ``--help`` (typer would show ``<list[Path]>``): None."""
        return None

    def _rich_display_name(self) -> str:
        return _name(self)

    def _usage_display_name(self) -> str:
        return _name(self) if self.required else f"[{_name(self)}]"


class Option(TyperOption):
    """An option whose value is named as click names it (``TEXT``, ``INTEGER``, ``PATH``)
    unless it has a metavar; choices stay listed (``<error|warning|info>``)."""

    def display_type_rich(self, ctx: Any) -> str | None:
        """The value's name in ``--help``: the metavar or choices as typer shows them, else
        click's word for the type (``TEXT`` for ``<str>``); None when typer shows none."""
        shown = super().display_type_rich(ctx)
        if self.metavar is not None or shown is None:
            return shown
        return TYPE_NAMES.get(shown, shown)


def tidy(command: Any) -> Any:
    """``command`` and each of its subcommands with the help above; returns ``command``."""
    context = _context(command.context_class)
    for cmd in [command, *getattr(command, "commands", {}).values()]:
        cmd.context_class = context
        for p in cmd.params:
            if isinstance(p, TyperArgument):
                p.__class__ = Argument
            elif isinstance(p, TyperOption):
                p.__class__ = Option
                if p.is_flag:
                    p.show_default = False  # "[default: no-annotate]" says nothing a user needs
                if p.help:  # typer's own options are in American English ("customize")
                    p.help = p.help.replace("customize", "customise")
    return command
