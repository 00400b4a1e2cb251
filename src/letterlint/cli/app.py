"""The ``letterlint`` command. Parses options, calls the engine, prints. No checking logic.

Heavy modules (spaCy, python-docx, hunspell) are imported only inside commands, so
``letterlint --help`` stays instant.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from letterlint import __version__
from letterlint.cli import kept_code, typer_fast

kept_code.install()  # before any of letterlint's classes is made (issue 15: cold start)

from letterlint.reading import TYPES_READ  # noqa: E402

if TYPE_CHECKING:
    import typer


class _Commands:
    """Stands in for ``typer.Typer``'s ``command`` and ``callback`` decorators: each records the
    function and its arguments, and :func:`_app` builds the typer application from them when the
    command line needs typer. A plain ``letterlint check`` is read without importing typer at all
    (``cli.quick``; about 0.1 s of CPU of each cold start, issue 15)."""

    def __init__(self) -> None:
        self.made: list[tuple[str, tuple[Any, ...], dict[str, Any], Callable[..., Any]]] = []

    def _record(self, kind: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Callable[[Any], Any]:
        def record(fn: Callable[..., Any]) -> Callable[..., Any]:
            self.made.append((kind, args, kwargs, fn))
            return fn

        return record

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
        """``typer.Typer.command``, recorded."""
        return self._record("command", args, kwargs)

    def callback(self, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
        """``typer.Typer.callback``, recorded."""
        return self._record("callback", args, kwargs)


commands = _Commands()
_APP: list[Any] = []  # the typer application, built once per process by _app()


def _app() -> typer.Typer:
    """The typer application (built on first use, with every command recorded by ``commands``):
    ``letterlint.cli.app.app``."""
    if not _APP:
        global typer
        import typer

        typer_fast.install()  # plain option values without pydantic (issue 15: cold start)
        # the commands' annotations are strings: typer reads them in this module's namespace
        globals().update(_typer_aliases())
        built = typer.Typer(
            name="letterlint",
            help=(
                "Check a draft CPS complaint reply against the HMCPSI letter-examination questionnaire "
                "before it goes to quality assurance."
            ),
            no_args_is_help=True,
            add_completion=True,
            pretty_exceptions_enable=False,
            rich_markup_mode=None,  # click's plain help: every option name whole at any width (issue 16)
            context_settings={"help_option_names": ["-h", "--help"]},
        )
        for kind, args, kwargs, fn in commands.made:
            getattr(built, kind)(*args, **kwargs)(fn)
        _APP.append(built)
    return _APP[0]  # type: ignore[no-any-return]


def __getattr__(name: str) -> Any:
    if name == "app":  # ``from letterlint.cli.app import app``: the typer application
        return _app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class FailOn(str, Enum):
    """The lowest finding severity that makes ``check`` and ``batch`` exit 1 (``--fail-on``)."""
    error = "error"
    warning = "warning"
    info = "info"


class Stage(str, Enum):
    """A letter type given with ``--stage``, overriding the one detected from the letter: an
    acknowledgement, a holding letter (Q15-Q17), or a stage one or stage two reply."""
    acknowledgement = "acknowledgement"
    holding = "holding"
    stage_one = "stage-one"
    stage_two = "stage-two"


class ComplaintKind(str, Enum):
    """The complaint's kind given with ``--complaint-type``, overriding the one detected: about a
    legal decision, about the service given, or both."""
    legal = "legal"
    service = "service"
    mixed = "mixed"


class State:
    """Process-wide options from the top-level callback (``--debug``, ``--quiet``,
    ``--no-color``), read by every command. ``color`` is None when colour follows the terminal."""
    debug = False
    quiet = False
    verbose = False
    color: bool | None = None


def _stderr(msg: str) -> None:
    """One message on standard error; control characters from file names or letters escaped.
    On a terminal it is wrapped at the terminal's width (continued under a 2-space indent)."""
    from letterlint.reports.common import safe_name

    # one message is one line: a newline inside it (from a file name) is shown as \n
    _error_stream().write(safe_name(msg.rstrip("\n")) + "\n")


class _TerminalLines:
    """Standard error on a terminal: each whole line written is wrapped at ``width`` columns,
    continued under a 2-space indent, never inside a word, a file name or at a hyphen."""

    def __init__(self, out: Any, width: int) -> None:
        self.out = out
        self.width = width
        self.rest = ""

    def write(self, text: str) -> int:
        import textwrap

        *lines, self.rest = (self.rest + text).split("\n")
        for line in lines:
            self.out.write("\n".join(textwrap.wrap(line, self.width, subsequent_indent="  ", break_long_words=False,
                                                   break_on_hyphens=False) or [""]) + "\n")
        self.out.flush()
        return len(text)


def _error_stream() -> Any:
    """Where messages go: standard error, wrapped by ``_TerminalLines`` when it is a terminal
    (its width from ``COLUMNS`` or the terminal itself, at least 40)."""
    if not sys.stderr.isatty():
        return sys.stderr
    columns = os.environ.get("COLUMNS", "")
    try:
        width = int(columns) if columns.isdigit() else os.get_terminal_size(sys.stderr.fileno()).columns
    except OSError:
        width = PIPED_WIDTH
    return _TerminalLines(sys.stderr, max(40, width))


def _fail(msg: str, code: int = 2) -> SystemExit:
    """``msg`` on standard error; returns the exit (``code``) to raise. Commands end with
    ``SystemExit``, as typer's own ``Exit`` ends in ``sys.exit`` (the same status), so a command
    can run without typer (``cli.quick``)."""
    _stderr(f"letterlint: {msg}")
    return SystemExit(code)


def _use_color() -> bool:
    if State.color is not None:
        return State.color
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _guard(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a command body: a LetterlintError is one line and exit 2; no traceback unless --debug."""
    from letterlint.errors import LetterlintError

    try:
        return fn(*args, **kwargs)
    except LetterlintError as exc:
        if State.debug:
            raise
        raise _fail(f"error: {exc}") from None
    except Stopped as exc:  # SIGTERM or SIGHUP
        import signal

        raise _fail(f"stopped ({signal.Signals(exc.signum).name})", 128 + exc.signum) from None
    except KeyboardInterrupt:
        raise _fail("interrupted", 130) from None
    except BrokenPipeError:
        # the reader went away ("letterlint batch ... | head -1"): stop quietly, as Python's
        # documentation advises (further output to a null device, exit status 1)
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
    except Exception as exc:
        if State.debug:
            raise
        raise _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)") from None


def _version(value: bool) -> None:
    import typer

    if value:
        typer.echo(f"letterlint {__version__}")
        raise typer.Exit()


VERBOSE_HELP = "check and batch: show each rule's why and fix (once per rule)."


@commands.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for internal errors.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="One line per letter, then the total.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colours, even on a terminal.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=VERBOSE_HELP)] = False,
) -> None:
    """Options that apply to every command: ``--version`` (prints and exits 0), ``--debug``
    (show tracebacks for internal errors), ``--quiet`` (one line per letter, then the total) and
    ``--no-color``. Stores them in ``State``; returns nothing."""
    State.debug = debug
    State.quiet = quiet
    State.verbose = verbose
    State.color = False if no_color else None


def _config(config_file: Path | None, flags: dict[str, Any], sends: bool = False) -> Any:
    """The effective configuration; its notes (settings ignored and why) go to standard error,
    and so does where letter text will be sent, if anywhere."""
    from letterlint.config.settings import load_config
    from letterlint.errors import LetterlintError

    if flags.get("languagetool.url") is not None:
        from letterlint.config.schema import check_languagetool_url  # pydantic models: only when used

        try:
            check_languagetool_url(flags["languagetool.url"])
        except ValueError as exc:
            raise LetterlintError(f"--languagetool-url: {exc}") from None
    cfg = load_config(Path.cwd(), config_file).merged(flags, "command line")
    if sends and "letterlint.letter.nlp.languagetool" in sys.modules:
        # a new run: LanguageTool failures of an earlier run in this process do not count (a
        # process that has not imported the client has none: not imported just to clear them)
        from letterlint.letter.nlp.languagetool import reset_failures

        reset_failures()
    for note in cfg.notes:
        _stderr(f"letterlint: note: {note}")
    url = cfg.get("languagetool.url")
    if not sends:
        return cfg
    if url and not str(url).lower().startswith("file:"):
        _stderr(f"letterlint: letter text is sent to the LanguageTool server at {url} "
                f"(languagetool.url, from {cfg.sources.get('languagetool.url')})")
    elif cfg.get("languagetool.public_api"):
        from letterlint.letter.nlp.languagetool import PUBLIC_URL

        _stderr(f"letterlint: letter text is sent to the public LanguageTool service at {PUBLIC_URL} "
                f"(languagetool.public_api, from {cfg.sources.get('languagetool.public_api')})")
    return cfg


PIPED_WIDTH = 100


def _width() -> int:
    """Columns for a terminal report: ``COLUMNS`` if set, else the terminal's width. Output to
    a pipe or a file is at most 100 columns (a narrower ``COLUMNS`` is kept). Never less than 40."""
    import shutil

    width = shutil.get_terminal_size((PIPED_WIDTH, 24)).columns
    if not sys.stdout.isatty():
        width = min(width, PIPED_WIDTH)
    return max(40, width)


def _terminal_shows_problems(format: str, output: Path | None) -> bool:
    """True when the terminal report itself, on a terminal, already names each letter that
    could not be (fully) checked: the same line on standard error would say it twice. That is so
    when both go to a terminal, or both to one pipe or file (``2>&1 | less``, ``> out.txt 2>&1``)."""
    if format != "terminal" or not _to_stdout(output):
        return False
    return (sys.stdout.isatty() and sys.stderr.isatty()) or _same_stream()


def _same_stream() -> bool:
    """True when standard output and standard error are the same pipe or file."""
    import os

    try:
        out, err = os.fstat(sys.stdout.fileno()), os.fstat(sys.stderr.fileno())
    except (OSError, ValueError, AttributeError):  # replaced streams (tests) have no descriptor
        return False
    return (out.st_dev, out.st_ino) == (err.st_dev, err.st_ino)


def _to_stdout(output: Path | None) -> bool:
    return output is None or str(output) == "-"


def _emit(text: str, output: Path | None, inputs: tuple[Path | None, ...], force: bool = True) -> None:
    """Print the report, or write it to ``output`` (``-`` is standard output) through the one
    output guard: never over an input of the run, never through a link, never over a device."""
    if _to_stdout(output):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    assert output is not None
    from letterlint.atomic import write_atomic

    write_atomic(output, text, overwrite=force, protect=inputs)
    if not State.quiet:
        _stderr(f"letterlint: wrote {output}")


@contextlib.contextmanager
def _output_stream(output: Path | None, inputs: tuple[Path | None, ...]) -> Iterator[Any]:
    """Where a streaming report goes: standard output (``-o -`` or none), or ``output`` through
    ``open_atomic`` (the one output guard; the file appears whole, only when all went well)."""
    if _to_stdout(output):
        yield sys.stdout
        sys.stdout.flush()
        return
    assert output is not None
    from letterlint.atomic import open_atomic

    with open_atomic(output, overwrite=True, protect=inputs) as fh:
        yield fh
    if not State.quiet:
        _stderr(f"letterlint: wrote {output}")


class _Sinks:
    """Writers fed the same letters: ``close`` closes each in turn, with ``between`` (text)
    written between them. ``sanitise``: reports pass through ``sanitise_report`` first."""

    def __init__(self, out: Any, *parts: Any, sanitise: bool = False) -> None:
        self.out = out
        self.parts = parts
        self.sanitise = sanitise

    def add(self, group: list[Any]) -> None:
        if self.sanitise:
            from letterlint.reports.common import sanitise_report

            group = [sanitise_report(r) for r in group]
        for w in self.parts:
            if not isinstance(w, str):
                w.add(group)

    def skipped(self, files: list[tuple[str, str]]) -> None:
        """Tell each writer that lists them (HTML, CSV) the files the batch did not check."""
        for w in self.parts:
            if hasattr(w, "skipped"):
                w.skipped(files)

    def close(self) -> None:
        for w in self.parts:
            if isinstance(w, str):
                self.out.write(w)
            else:
                w.close()


RATING_ORDER = ("below-standard", "adequate", "better-than-adequate")


class Band(str, Enum):
    """A rating given with ``--fail-below``: a letter rated below it makes the run exit 1. The
    ratings are the inspectors' (below standard, adequate, better than adequate; HMCPSI 2023
    paragraphs 7.46-7.48), ordered as in ``RATING_ORDER``."""
    adequate = "adequate"
    better_than_adequate = "better-than-adequate"


def exit_code(reports: list[Any], fail_on: str, min_score: float | None = None,
              fail_below: str | None = None) -> int:
    """2 if any file could not be read or a letter was not fully checked (a check errored or ran
    out of time); 1 if any finding is at or above ``fail_on`` or a quality gate (minimum score,
    minimum rating) is not met; else 0."""
    from letterlint.model import Severity

    if any(r.error or r.incomplete for r in reports):
        return 2
    threshold = Severity(fail_on).rank
    for r in reports:
        if any(f.severity.rank >= threshold for f in r.active_findings):
            return 1
        if r.score is not None:
            if min_score is not None and r.score.value < min_score:
                return 1
            if fail_below is not None and RATING_ORDER.index(r.score.rating) < RATING_ORDER.index(fail_below):
                return 1
    return 0


def _overrides(stage: Stage | None, complaint_type: ComplaintKind | None,
               letter_date: str | None) -> dict[str, Any]:
    import datetime as dt

    from letterlint.errors import LetterlintError

    if letter_date is not None:
        from letterlint.letter.dates import PLAUSIBLE_YEARS

        try:
            year = dt.date.fromisoformat(letter_date).year
        except ValueError:
            import re

            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", letter_date.strip()):  # the form is right, the day is not
                raise LetterlintError(f"--letter-date {letter_date!r}: there is no such day") from None
            raise LetterlintError(f"--letter-date {letter_date!r}: use YYYY-MM-DD") from None
        if year not in PLAUSIBLE_YEARS:
            raise LetterlintError(f"--letter-date {letter_date!r}: the year must be from "
                                  f"{PLAUSIBLE_YEARS.start} to {PLAUSIBLE_YEARS.stop - 1}")
    return {
        "letter_type": stage.value if stage else None,
        "complaint_type": complaint_type.value if complaint_type else None,
        "letter_date": letter_date,
    }


def _check_one(f: Path, cfg: Any, overrides: dict[str, Any], complaint: Path | None, ruleset: Any) -> Any:
    """``engine.check_path`` for one file of ``check``; a fault inside letterlint on this file is
    its one-line entry (as ``batch`` gives it), and the other files are still checked."""
    from letterlint.engine import check as engine
    from letterlint.errors import LetterlintError

    try:
        return engine.check_path(f, cfg, overrides, complaint, ruleset)
    except (LetterlintError, KeyboardInterrupt):
        raise
    except Exception as exc:
        if State.debug:
            raise
        return engine.error_report(str(f), f"letterlint could not check this file ({type(exc).__name__}: "
                                            f"{exc}; run with --debug for details)")


def _check_format(format: str) -> None:
    from letterlint import reports as formatters
    from letterlint.errors import LetterlintError

    if format not in formatters.USER_FORMATS:
        raise LetterlintError(f"unknown format {format!r} (choose from {', '.join(formatters.USER_FORMATS)})")


def _ruleset(cfg: Any, disable: list[str] | None = None) -> Any:
    """Load (and so validate) the rules before reading any letter, and refuse a rule code or
    name in ``rules.disable``, ``rules.severity`` or ``disable`` (``--disable``) that names none."""
    from letterlint.engine.check import check_rule_references
    from letterlint.rules.loader import ruleset_for

    ruleset = ruleset_for(cfg.get("rules.paths", []), cfg.get("phrasebanks.paths", []))
    check_rule_references(ruleset, cfg, disable or ())
    return ruleset


FORMAT_HELP = "terminal, json, csv, html, sarif or github."


def _output_options(quiet: bool, no_color: bool, verbose: bool = False) -> None:
    """--quiet, --verbose and --no-color work after the command as well as before it."""
    if quiet:
        State.quiet = True
    if verbose:
        State.verbose = True
    if no_color:
        State.color = False
def _score_0_100(value: float | None) -> float | None:
    """``--min-score``: a number, 0 or more (NaN, which compares false with every score, would
    quietly switch the gate off; a gate over 100 fails every letter, as asked)."""
    import typer

    if value is not None and not (math.isfinite(value) and value >= 0):
        raise typer.BadParameter(f"{value} is not a score (0 to 100)")
    return value


def _workers(value: int | None) -> int | None:
    """``--jobs``: at least 1; more than the machine's cores only adds processes and memory
    (a tester's --jobs 100 started 104 processes and 13 GB), so it is capped at the core count."""
    import typer

    if value is None:
        return None
    if value < 1:
        raise typer.BadParameter(f"{value} workers: give 1 or more")
    return min(value, os.cpu_count() or 1)


if TYPE_CHECKING:  # the options below, as mypy reads them; typer reads _typer_aliases()'s
    Quiet = Annotated[bool, typer.Option()]
    NoColor = Annotated[bool, typer.Option()]
    Verbose = Annotated[bool, typer.Option()]
    MinScore = Annotated[float | None, typer.Option()]
    FailBelow = Annotated[Band | None, typer.Option()]


def _typer_aliases() -> dict[str, Any]:
    """The options several commands share (``Quiet``, ``NoColor``, ``Verbose``, ``MinScore``,
    ``FailBelow``), made when the typer application is built (:func:`_app`): they need typer."""
    import typer

    return {
        "Quiet": Annotated[bool, typer.Option("--quiet", "-q", help="One line per letter, then the total.")],
        "NoColor": Annotated[bool, typer.Option("--no-color", help="No colours, even on a terminal.")],
        "Verbose": Annotated[bool, typer.Option("--verbose", "-v", help=VERBOSE_HELP)],
        "MinScore": Annotated[float | None, typer.Option(
            help="Fail (exit 1) when a letter scores below this (0 to 100).", callback=_score_0_100)],
        "FailBelow": Annotated[Band | None, typer.Option(help="Fail (exit 1) when a letter is rated below this.")],
    }


@commands.command(short_help="Check letters against the questionnaire.")
def check(
    files: Annotated[list[Path], typer.Argument(help=f"Letters to check: {TYPES_READ}.", metavar="LETTER...",
                                                show_default=False)],
    format: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP, metavar="FORMAT")] = "terminal",
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE",
                                                help="Write the report to this file (a report there "
                                                "already is replaced; never an input).")] = None,
    fail_on: Annotated[FailOn | None, typer.Option(help="Lowest severity that fails (exit 1).")] = None,
    min_score: MinScore = None,
    fail_below: FailBelow = None,
    stage: Annotated[Stage | None, typer.Option(help="Override the detected letter type.")] = None,
    complaint_type: Annotated[ComplaintKind | None,
                              typer.Option(help="Override the complaint type.")] = None,
    letter_date: Annotated[str | None, typer.Option(help="Override the letter date.", metavar="YYYY-MM-DD")] = None,
    complaint: Annotated[Path | None, typer.Option(
        help="The complainant's letter, to check every point is answered (Q28).", metavar="FILE")] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Configuration file.", metavar="FILE")] = None,
    disable: Annotated[list[str] | None, typer.Option(
        help="Switch a rule off (code or name). Repeatable.", metavar="RULE")] = None,
    verbose: Verbose = False,
    baseline: Annotated[Path | None, typer.Option(metavar="FILE",
        help="Baseline file: findings listed in it are reported as suppressed and do not fail.")] = None,
    annotate: Annotated[bool, typer.Option(
        "--annotate", help="Write DRAFT.letterlint.docx with a Word comment on each finding.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace existing annotated copies (--annotate).")] = False,
    languagetool_url: Annotated[str | None, typer.Option(
        "--languagetool-url", metavar="URL",
        help="Also check grammar with your LanguageTool server at this address.")] = None,
    languagetool_public: Annotated[bool, typer.Option(
        "--languagetool-public",
        help="Also check grammar with the public LanguageTool service. Sends the letter body off this computer.",
    )] = False,
    skip_non_replies: Annotated[bool, typer.Option(
        "--skip-non-replies",
        help="A file that is not a reply (a note, the complainant's own letter) is listed as "
             "skipped and does not fail (the pre-commit hook uses this).")] = False,
    quiet: Quiet = False,
    no_color: NoColor = False,
) -> None:
    """Check one or more letters and report findings by questionnaire item."""
    _output_options(quiet, no_color, verbose)

    def body() -> int:
        from letterlint import reports as formatters
        from letterlint.errors import LetterlintError
        from letterlint.model import each_letter

        _check_format(format)
        letters = _without_lock_files(files)
        if not letters:
            raise LetterlintError("nothing to check: " + ", ".join(map(str, files)) + " (Word lock files only)")
        cfg = _config(config, {"fail_on": fail_on.value if fail_on else None,
                               "languagetool.url": languagetool_url,
                               "languagetool.public_api": True if languagetool_public else None},
                      sends=True)
        ruleset = _ruleset(cfg, disable)
        if disable:
            cfg.set("rules.disable", [*cfg.get("rules.disable", []), *disable], "command line")
        overrides = _overrides(stage, complaint_type, letter_date)
        inputs = (*letters, complaint, config, baseline)
        if not _to_stdout(output):
            from letterlint.atomic import check_output

            assert output is not None
            check_output(output, inputs)  # refused before any letter is read
        if annotate:
            from letterlint.atomic import check_output
            from letterlint.reports.annotate import annotated_path

            for f in letters:
                if f.suffix.lower() == ".docx":
                    check_output(annotated_path(f), (*inputs, output), overwrite=force)
        accepted = None
        if baseline is not None:
            from letterlint.engine import baseline as baseline_mod

            accepted = baseline_mod.load(baseline)
        with _working([f.name for f in letters]) as say:
            by_file = []
            for f in letters:
                say(f.name)
                by_file.append(_check_one(f, cfg, overrides, complaint, ruleset))
        reports = each_letter(by_file)  # a file with several letters: one report per letter
        if accepted is not None:
            reports = [accepted.apply(r) for r in reports]
        if skip_non_replies:
            from letterlint.engine.check import is_not_a_reply

            for r in reports:
                if is_not_a_reply(r):
                    _stderr(f"letterlint: skipped {r.path}: {r.error}")
            reports = [r for r in reports if not is_not_a_reply(r)]
        if State.quiet and format == "terminal":
            from letterlint.reports.common import quiet_text, sanitise_report

            on_screen = _to_stdout(output) and sys.stdout.isatty()
            text = quiet_text([sanitise_report(r) for r in reports], _width() if on_screen else None)
        else:
            text = formatters.render(format, reports, color=_use_color() and _to_stdout(output),
                                     verbose=State.verbose, width=_width())
        _emit(text, output, inputs, force=True)
        if annotate:
            _annotate(letters, by_file, force, (*inputs, output))
        if not _terminal_shows_problems(format, output):
            _report_problems(reports)
        return exit_code(reports, cfg.get("fail_on", "error"), min_score,
                         fail_below.value if fail_below else None)

    raise SystemExit(_guard(body))


def _without_lock_files(files: list[Path]) -> list[Path]:
    """``files`` less Word's lock files (``~$draft.docx``, written while a document is open),
    which ``batch`` skips too: each skipped one is named once on standard error."""
    from letterlint.reading.skiplist import skip_reason

    kept = []
    for f in files:
        if f.name.startswith("~$"):
            if not State.quiet:
                _stderr(f"letterlint: skipped {f}: {skip_reason(f)} (Word writes it while the letter is open)")
            continue
        kept.append(f)
    return kept


@contextlib.contextmanager
def _working(names: list[str]) -> Iterator[Callable[[str], None]]:
    """While ``check`` works, a line on a terminal's standard error saying which letter it is
    checking ("Checking draft.docx (1 of 2)..."), gone when the report is printed: a first check
    can take several seconds, and nothing on the screen looked like a hang to a new user.
    Nothing is shown when standard error is not a terminal, or with -q. Yields ``say(name)``."""
    if State.quiet or not sys.stderr.isatty():
        yield lambda name: None
        return
    from rich.console import Console

    status = Console(stderr=True).status("Checking…", spinner="line")
    n = [0]

    def say(name: str) -> None:
        n[0] += 1
        of = f" ({n[0]} of {len(names)})" if len(names) > 1 else ""
        status.update(f"Checking {tidy_name(name)}{of}…")

    with status:
        yield say


def tidy_name(name: str) -> str:
    """``name`` with control characters shown as escapes, for a status line."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in name)


def _report_problems(reports: list[Any]) -> None:
    """One line on standard error for each letter that could not be read or was not fully
    checked (both exit 2)."""
    for r in reports:
        if r.error:
            _stderr(f"letterlint: error: {r.path}: {r.error}")
        elif r.incomplete:
            _stderr(f"letterlint: error: {r.path}: not fully checked: {', '.join(r.incomplete)} "
                    "could not run (no rating given)")


def _annotate(files: list[Path], reports: list[Any], force: bool, inputs: tuple[Path | None, ...]) -> None:
    from letterlint.atomic import check_output
    from letterlint.reports.annotate import annotate_docx, annotated_path

    for f, r in zip(files, reports, strict=True):
        if r.error:
            continue
        if f.suffix.lower() != ".docx":
            _stderr(f"letterlint: {f}: --annotate works on .docx files only; skipped")
            continue
        out = annotated_path(f)
        check_output(out, inputs, overwrite=force)  # never over any input of the run
        notes: list[str] = []
        annotate_docx(f, r, out, overwrite=force, notes=notes)
        for note in notes:
            _stderr(f"letterlint: {note}")
        if not State.quiet:
            _stderr(f"letterlint: wrote {out}")


@commands.command("fix", short_help="Correct what can be corrected safely.")
def fix_cmd(
    files: Annotated[list[Path], typer.Argument(help="Letters to correct (.docx, .txt, .md).", metavar="LETTER...",
                                                show_default=False)],
    suggested: Annotated[bool, typer.Option(
        "--suggested", help="Also make suggested corrections (check each before accepting).")] = False,
    no_comments: Annotated[bool, typer.Option(
        "--no-comments", help=".docx: no Word comment beside each change.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print the changes as a unified diff; write "
                                                      "nothing unless --write is given too.")] = False,
    write: Annotated[bool, typer.Option("--write", help="Write DRAFT.letterlint-fixed.EXT (the "
                                                        "default unless --diff).")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Where to write the "
                                                "fixed copy (one letter only; - prints a .txt or .md "
                                                "letter's fixed text).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing fixed copy.")] = False,
    stage: Annotated[Stage | None, typer.Option(help="Override the detected letter type.")] = None,
    complaint_type: Annotated[ComplaintKind | None,
                              typer.Option(help="Override the complaint type.")] = None,
    letter_date: Annotated[str | None, typer.Option(help="Override the letter date.", metavar="YYYY-MM-DD")] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Configuration file.", metavar="FILE")] = None,
    disable: Annotated[list[str] | None, typer.Option(
        help="Switch a rule off (code or name). Repeatable.", metavar="RULE")] = None,
    quiet: Quiet = False,
    no_color: NoColor = False,
) -> None:
    """Correct what can be corrected safely: .docx as Word tracked changes with a comment on
    each, .txt and .md as a fixed copy or a diff. The input is never changed."""
    _output_options(quiet, no_color)

    def body() -> int:
        from letterlint.errors import InputError, LetterlintError
        from letterlint.fix.files import fix_file

        if output is not None and len(files) > 1:
            raise LetterlintError("--output takes one letter only")
        to_stdout = output is not None and str(output) == "-"
        if to_stdout and diff:
            raise LetterlintError("-o - and --diff both write to standard output: choose one")
        cfg = _config(config, {})
        ruleset = _ruleset(cfg, disable)
        if disable:
            cfg.set("rules.disable", [*cfg.get("rules.disable", []), *disable], "command line")
        overrides = _overrides(stage, complaint_type, letter_date)
        code = 0
        for f in files:
            try:
                r = fix_file(f, cfg, overrides=overrides, suggested=suggested, comments=not no_comments,
                             write=write or not diff, diff=diff, out=output, overwrite=force, ruleset=ruleset)
            except InputError as exc:
                _stderr(f"letterlint: error: {exc}")
                code = 2
                continue
            if diff:
                sys.stdout.write(r.diff)
            if to_stdout and r.text is not None:
                sys.stdout.write(r.text)
            if not State.quiet:
                _stderr("letterlint: " + _fix_summary(r, suggested, to_stdout))
        return code

    raise SystemExit(_guard(body))


def _fix_summary(r: Any, suggested: bool, to_stdout: bool = False) -> str:
    """One line per letter: what was changed, where it went, and what is left to a person."""
    from collections import Counter

    codes = Counter(f.code for c in r.made for f in c.findings[:1])
    what = ", ".join(f"{k} x{n}" if n > 1 else k for k, n in sorted(codes.items()))
    kind = "tracked change" if r.path.suffix.lower() == ".docx" else "change"
    kind += "s" if len(r.made) != 1 else ""
    if not r.made:
        head = f"{r.path}: nothing letterlint can correct safely"
    elif r.out is not None:
        head = f"{r.path}: {len(r.made)} {kind} ({what}) in {r.out}"
    elif to_stdout:
        head = f"{r.path}: {len(r.made)} {kind} ({what}) on standard output"
    else:
        head = f"{r.path}: {len(r.made)} {kind} ({what}); nothing written"
    extra = []
    if r.left:
        extra.append(f"{len(r.left)} could not be placed safely")
    if r.overlapping:
        extra.append(f"{len(r.overlapping)} overlap another change")
    if not suggested and r.needs_suggested:
        extra.append(f"{r.needs_suggested} more with --suggested")
    rest = len([f for f in r.report.active_findings if f.autofix is None])
    extra.append(f"{rest} finding{'s' if rest != 1 else ''} for a person to fix (letterlint check)")
    return head + "; " + "; ".join(extra)


def _empty_output(f: Path, output: Path) -> bool:
    """True when ``f`` is the empty file ``output`` names (an empty report of an earlier run, or
    a file made ready for this one): the run's own output, never one of its letters. A report
    with contents is recognised by them (``own_reports``); any other file stays an input, which
    the output guard then refuses to overwrite."""
    import os

    try:
        st, out = os.stat(f), os.stat(output)
    except (OSError, ValueError):
        return False
    return (st.st_dev, st.st_ino) == (out.st_dev, out.st_ino) and st.st_size == 0


def _say_twice(same: list[tuple[Path, Path]], repeated: int) -> None:
    """Say which letters ``batch`` reached more than once and checked once (``batch.unique``):
    the paths given again (folders or files that overlap) in one line with their number, and
    each link or hard link to a letter already there by name, with that letter."""
    from letterlint.engine.batch import display_path

    if repeated:
        _stderr(f"letterlint: {repeated} file{'s' if repeated != 1 else ''} reached more than once (the "
                f"folders or files given overlap); each was checked and counted once")
    for a, b in same:
        _stderr(f"letterlint: {display_path(a)}: the same file as {display_path(b)}; checked "
                "and counted once")


def _unique_paths(items: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """``items`` with each path once (overlapping folders given to ``batch`` list a file twice)."""
    import os

    seen: set[str] = set()
    out = []
    for p, why in items:
        key = os.path.realpath(p) if not p.is_symlink() else os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            out.append((p, why))
    return out


@commands.command(short_help="Check a folder; summarise it as Annex B.")
def batch(
    folders: Annotated[list[Path], typer.Argument(help="Folders (or files) to check, recursively.", metavar="FOLDER...",
                                                  show_default=False)],
    format: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP, metavar="FORMAT")] = "terminal",
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE",
                                                help="Write the report to this file (a report there "
                                                "already is replaced; never an input).")] = None,
    include: Annotated[list[str] | None, typer.Option(metavar="GLOB",
        help="Only files matching this glob (repeatable), e.g. '*.docx'.")] = None,
    exclude: Annotated[list[str] | None, typer.Option(metavar="GLOB",
        help="Skip files matching this glob (repeatable), e.g. 'drafts/*'.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", metavar="N", callback=_workers,
                                             help="Parallel workers (default and most: all cores).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Check every file again; keep no cache.")] = False,
    cache_dir: Annotated[Path | None, typer.Option(metavar="FOLDER",
        help="Private cache folder (default: your user cache folder, or LETTERLINT_CACHE_DIR).")] = None,
    fail_on: Annotated[FailOn | None, typer.Option(help="Lowest severity that fails (exit 1).")] = None,
    min_score: MinScore = None,
    fail_below: FailBelow = None,
    stage: Annotated[Stage | None, typer.Option(help="Treat every letter as this type.")] = None,
    complaint_type: Annotated[ComplaintKind | None, typer.Option(
        help="Treat every complaint as this type.")] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Configuration file.", metavar="FILE")] = None,
    quiet: Quiet = False,
    no_color: NoColor = False,
    verbose: Verbose = False,
) -> None:
    """Check an outbox folder in parallel and summarise it as the inspectors' Annex B does.
    With --verbose, each letter's full report (each rule's why and fix once) comes first."""
    _output_options(quiet, no_color, verbose)

    def body() -> int:
        from letterlint import reports as formatters
        from letterlint.engine import batch as batch_mod
        from letterlint.errors import LetterlintError

        _check_format(format)
        cfg = _config(config, {"fail_on": fail_on.value if fail_on else None}, sends=True)
        from letterlint.model import RUN_CONTEXT

        cfg.set(RUN_CONTEXT, "batch", "letterlint batch")  # messages say what to do in a batch
        _ruleset(cfg)
        files: list[Path] = []
        not_checked: list[tuple[Path, str]] = []
        skipped: list[tuple[Path, str]] = []
        for folder in folders:
            if not folder.exists() and not folder.is_symlink():
                raise LetterlintError(f"{folder}: folder not found")
            found, problems, inner_links = batch_mod.walk(folder, include or [], exclude or [], skipped)
            files += found
            not_checked += problems
            for link, why in inner_links:
                if not State.quiet:
                    _stderr(f"letterlint: {batch_mod.display_path(link)}: {why}")
        if not _to_stdout(output):  # the file this run writes is never one of its letters
            assert output is not None
            files = [f for f in files if not _empty_output(f, output)]
        files, same, repeated = batch_mod.unique(files)
        _say_twice(same, repeated)
        not_checked = _unique_paths(not_checked)
        skipped = _unique_paths(skipped)
        if not files and not not_checked:
            raise LetterlintError("no letter files found in " + ", ".join(map(str, folders)))
        if not _to_stdout(output):
            from letterlint.atomic import check_output

            assert output is not None
            check_output(output, (*files, config))
        cache = None if no_cache else batch_mod.make_cache(cfg, cache_dir)
        overrides = _overrides(stage, complaint_type, None)
        # Reports stream (issue 15): each letter goes to the output as it is done, in order;
        # nothing keeps every report. Lines that stream to a terminal are the progress there.
        streams = format == "github" or (State.quiet and format == "terminal")
        show = sys.stderr.isatty() and not State.quiet and not (streams and sys.stdout.isatty()
                                                                 and _to_stdout(output))
        color = _use_color() and _to_stdout(output)
        from letterlint.reports.common import QuietWriter, Spool

        said = Spool(on_disk=True)  # the stderr lines for letters not (fully) checked, said at the end
        worst = 0
        fail = (cfg.get("fail_on", "error"), min_score, fail_below.value if fail_below else None)

        def take(sink: Any, group: list[Any]) -> None:
            nonlocal worst
            for r in group:
                worst = max(worst, exit_code([r], *fail))
                if r.error:
                    said.write(f"letterlint: error: {batch_mod.display_path(r.path)}: {r.error}\n")
                elif r.incomplete:
                    said.write(f"letterlint: error: {batch_mod.display_path(r.path)}: not fully checked: "
                                   f"{', '.join(r.incomplete)} could not run (no rating given)\n")
            sink.add(group)

        def feed(sink: Any, progress: Any = None) -> None:
            for report in batch_mod.stream(files, cfg, overrides, jobs, cache, progress):
                take(sink, report.each_letter())  # each letter of a file counts as a letter
            if not_checked:  # links out of the folder, folders that cannot be listed: an entry each
                from letterlint.engine.check import error_report

                for p, why in not_checked:
                    take(sink, [error_report(batch_mod.display_path(p), why)])

        with _output_stream(output, (*files, config)) as out:
            if State.quiet and format == "terminal":
                on_screen = _to_stdout(output) and sys.stdout.isatty()
                sink: Any = _Sinks(out, QuietWriter(out, _width() if on_screen else None), sanitise=True)
            else:
                name = "batch_terminal" if format == "terminal" else format
                sink = _Sinks(out, formatters.writer(name, out, color=color, batch=True, width=_width(),
                                                     on_disk=True))
                if State.verbose and format == "terminal":  # each letter in full, then the summary
                    sink = _Sinks(out, formatters.writer("terminal", out, color=color, verbose=True, width=_width(),
                                                         summary=False, on_disk=True), "\n", sink)
            if show:
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

                with Progress("checking", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                              transient=True) as bar:
                    task = bar.add_task("letters", total=len(files))
                    feed(sink, lambda done, total: bar.update(task, completed=done))
            else:
                feed(sink)
            sink.skipped([(batch_mod.display_path(p), why) for p, why in skipped
                          if why.startswith("unsupported") or batch_mod.is_own_report(why)])
            sink.close()
            if skipped and format == "terminal" and not State.quiet:
                import textwrap

                lines = batch_mod.skipped_summary([(Path(batch_mod.display_path(p)), why) for p, why in skipped])
                out.write("".join((textwrap.fill(line, _width(), subsequent_indent="  ", break_long_words=False,
                                                 break_on_hyphens=False) if line else "") + "\n"
                                  for line in lines.split("\n")[:-1]))
        if format != "terminal" or State.quiet:
            for path, why in skipped:
                if why.startswith("unsupported") and format != "terminal":
                    _stderr(f"letterlint: not read: {batch_mod.display_path(path)}: {why}")
                elif batch_mod.is_own_report(why):  # not counted: say why the file is missing
                    _stderr(f"letterlint: skipped {batch_mod.display_path(path)}: {why}")
        if not _terminal_shows_problems(format, output):
            said.copy_to(_error_stream())
        said.close()
        # an unreadable file is an input error (2), as for check; the others were all checked
        return worst

    raise SystemExit(_guard(body))


@commands.command(short_help="Open the checks as a web page.")
def serve(
    host: Annotated[str, typer.Option(metavar="ADDRESS", help="Address to listen on. Anything but this computer "
                                           "(127.0.0.1) needs the access token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="N", help="Port (0: a free one, printed).")] = 0,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open the browser.")] = False,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Configuration file.", metavar="FILE")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", metavar="N", callback=_workers,
                                             help="Letters checked at once (at most the core count).")] = None,
) -> None:
    """Open the checks as a web page on this computer, for people who never use a terminal."""

    def body() -> int:
        from letterlint.errors import LetterlintError
        from letterlint.web.server import serve as run_server

        if not 0 <= port <= 65535:  # the socket layer would take it modulo 65536, or blame the host
            raise LetterlintError("--port: must be from 0 to 65535")
        cfg = _config(config, {}, sends=True)
        _ruleset(cfg)
        run_server(cfg, host=host, port=port, open_browser=not no_browser, jobs=jobs, say=_stderr)
        return 0

    raise SystemExit(_guard(body))


@commands.command("baseline", short_help="Record findings so only new ones fail.")
def make_baseline(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Letters or folders (default: the current folder).", show_default=False,
        metavar="PATH...")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE", help="Baseline file to write.")] = Path(
        ".letterlint-baseline.json"),
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Configuration file.", metavar="FILE")] = None,
) -> None:
    """Record the findings letters have now, so that only new findings fail 'check --baseline'."""

    def body() -> int:
        from letterlint.atomic import write_atomic
        from letterlint.engine import baseline as baseline_mod
        from letterlint.engine import check as engine
        from letterlint.rules.loader import ruleset_for

        cfg = _config(config, {})
        rs = ruleset_for(cfg.get("rules.paths", []), cfg.get("phrasebanks.paths", []))
        files = list(baseline_mod.collect_letters(paths or [Path(".")]))
        from letterlint.model import each_letter

        reports = each_letter(engine.check_path(f, cfg, None, None, rs) for f in files)
        bl = baseline_mod.build(reports, output.absolute().parent)
        write_atomic(output, baseline_mod.dumps(bl), overwrite=True, protect=tuple(files))
        bad = [r for r in reports if r.error]
        for r in bad:
            _stderr(f"letterlint: error: {r.path}: {r.error}")
        if not State.quiet:
            from letterlint.reports.common import plural

            _stderr(f"letterlint: wrote {output}: {plural(len(bl.entries), 'finding')} in "
                    f"{plural(len(reports) - len(bad), 'letter')}")
        return 2 if bad else 0

    raise SystemExit(_guard(body))


@commands.command("init", short_help="Write a commented .letterlint.yaml.")
def init_config(
    path: Annotated[Path, typer.Argument(help="File to write.", metavar="FILE")] = Path(".letterlint.yaml"),
    team: Annotated[str | None, typer.Option(
        help="Your team's name, e.g. 'CPS Wessex Victim Liaison Unit'.")] = None,
    contact: Annotated[str | None, typer.Option(help="Your team's telephone number and email.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a commented .letterlint.yaml for your Area."""

    def body() -> None:
        from letterlint.config.starter import write_config

        write_config(path, force=force, team_name=team, team_contact=contact)
        if not State.quiet:
            _stderr(f"letterlint: wrote {path}; edit it, then run 'letterlint config' to check it")

    _guard(body)


@commands.command("rules", short_help="List every rule.")
def list_rules(
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Configuration file.", metavar="FILE")] = None,
) -> None:
    """List every rule: code, name, questionnaire item and severity."""

    def body() -> None:
        from rich.console import Console
        from rich.table import Table

        from letterlint.engine.check import effective_rules
        from letterlint.reports.common import item_key
        from letterlint.rules.loader import ruleset_for

        cfg = _config(config, {})
        rs = ruleset_for(cfg.get("rules.paths", []), cfg.get("phrasebanks.paths", []))
        enabled = {r.code: r for r in effective_rules(rs, cfg)}
        table = Table(box=None, pad_edge=False)
        for col in ("code", "name", "item", "severity", "applies to", "fix", ""):
            table.add_column(col)
        for r in sorted(rs.rules, key=lambda r: (item_key(r.item), r.code)):
            eff = enabled.get(r.code)
            table.add_row(r.code, r.name, r.item, (eff or r).severity.value,
                          ", ".join(t.value for t in r.applies_to) or "all",
                          "" if r.autofix.level == "none" else r.autofix.level,
                          "" if eff else "(off)")
        con = Console(no_color=not _use_color(), highlight=False, width=_width())
        con.print(table)
        con.print("fix: 'safe', 'letterlint fix' corrects it; 'suggested', only with 'letterlint fix "
                  "--suggested' (the rule file's 'fix:' key)", markup=False)

    _guard(body)


@commands.command(short_help="Explain a rule or a questionnaire item.")
def explain(code: Annotated[str, typer.Argument(
        help="Rule code or name (e.g. LL101), or a questionnaire item (e.g. Q27) to list its rules.",
        metavar="CODE")]) -> None:
    """Explain a rule: what it checks, why it matters, an example and the fix; or list an item's rules."""

    def body() -> None:
        from letterlint.errors import LetterlintError
        from letterlint.rules.docs import item_text, rule_text
        from letterlint.rules.loader import ruleset_for

        cfg = _config(None, {})
        rs = ruleset_for(cfg.get("rules.paths", []), cfg.get("phrasebanks.paths", []))
        rule = rs.by_code(code) or rs.by_code(code.upper())
        if rule is not None:
            sys.stdout.write(rule_text(rule, _width()))
            return
        listed = item_text(rs, code, _width())
        if listed is None:
            raise LetterlintError(f"no rule or questionnaire item {code!r} (see 'letterlint rules')")
        sys.stdout.write(listed)

    _guard(body)


@commands.command("config", short_help="Show each setting and where it came from.")
def show_config(
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Configuration file.", metavar="FILE")] = None,
) -> None:
    """Show the effective settings and where each came from."""

    def body() -> None:
        import textwrap

        cfg = _config(config, {})
        width = max(len(k) for k in cfg.values)
        for key in sorted(cfg.values):
            line = f"{key:<{width}}  {cfg.values[key]!r}  ({cfg.sources.get(key, 'default')})"
            if key == "nlp.trained" and cfg.values[key]:
                from letterlint.letter.nlp.pipeline import trained_in_use

                if os.environ.get("LETTERLINT_NO_TRAINED") == "1":  # on, but nothing runs it
                    line += "; LETTERLINT_NO_TRAINED=1 turns it off, so the embedded pipeline is used"
                elif not trained_in_use(True):
                    line += "; no trained pipeline is installed, so the embedded one is used"
            # one setting a line where it fits; else continued under its value, or under a short
            # indent, and a path longer than the whole width is cut: never past the edge
            for indent, cut in ((width + 4, False), (4, False), (4, True)):
                lines = textwrap.wrap(line, _width(), subsequent_indent=" " * indent, break_long_words=cut,
                                      break_on_hyphens=False)
                if all(len(x) <= _width() for x in lines):
                    break
            sys.stdout.write("\n".join(lines) + "\n")

    _guard(body)


@commands.command("schema", short_help="Print the JSON Schema of a rules file.")
def schema_cmd(
    which: Annotated[str, typer.Argument(help="rule, bank, scoring or config.")],
) -> None:
    """Print the JSON Schema of a rule, phrase-bank, scoring or configuration file, for an
    editor's completion (docs/schema/, and docs/DESIGN.md, "Schema")."""

    def body() -> int:
        import json

        from letterlint.errors import LetterlintError
        from letterlint.rules.schema import SCHEMA_FILES, schema_for

        if which not in SCHEMA_FILES:
            raise LetterlintError(f"no schema {which!r}: one of {', '.join(SCHEMA_FILES)}")
        sys.stdout.write(json.dumps(schema_for(which), indent=2, ensure_ascii=False) + "\n")
        return 0

    raise SystemExit(_guard(body))


@commands.command(short_help="Write the rule documentation (--out).")
def docs(
    out: Annotated[Path | None, typer.Option(
        metavar="FOLDER", help="Folder for the generated rule docs (required), e.g. docs/rules.")] = None,
    check_only: Annotated[bool, typer.Option("--check", help="Only report stale docs (exit 1).")] = False,
) -> None:
    """Generate the per-rule documentation from the rule files into the folder given by --out."""

    def body() -> int:
        from letterlint.errors import LetterlintError
        from letterlint.rules.docs import stale_docs, write_docs
        from letterlint.rules.loader import ruleset_for

        if out is None:  # never written into the current folder unasked (issue 16)
            raise LetterlintError("say where the rule docs go with --out FOLDER, e.g. --out docs/rules")

        rs = ruleset_for()
        if check_only:
            stale = stale_docs(rs, out)
            for name in stale:
                _stderr(f"letterlint: stale: {out / name}")
            return 1 if stale else 0
        written = write_docs(rs, out)
        if not State.quiet:
            _stderr(f"letterlint: wrote {len(written)} file{'s' if len(written) != 1 else ''} to {out}")
        return 0

    raise SystemExit(_guard(body))


@commands.command("eval", short_help="Measure accuracy on labelled letters.")
def eval_labels(
    labels: Annotated[list[Path], typer.Argument(
        metavar="LABELS...",
        help="Labels files (see docs/DESIGN.md, 'Labelled corpus'); several are counted as one set.")],
    blind: Annotated[list[Path] | None, typer.Option(
        "--blind", metavar="FILE",
        help="Labels file of a blind set: shown in its own column beside the others.")] = None,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="List false alarms, misses and disagreements.")] = False,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Configuration file.", metavar="FILE")] = None,
) -> None:
    """Measure accuracy on labelled letters: agreement per item, precision and recall."""

    def body() -> int:
        from letterlint.errors import LetterlintError
        from letterlint.scoring.evaluate import evaluate_many, render_side_by_side, render_table

        for path in [*labels, *(blind or [])]:
            if not path.is_file():
                raise LetterlintError(f"{path}: file not found")
        cfg = _config(config, {})
        result = evaluate_many(labels, cfg)
        _evaluated_some(labels, result)
        if not blind:
            sys.stdout.write(render_table(result, verbose))
            return 0
        other = evaluate_many(blind, cfg)
        _evaluated_some(blind, other)
        sys.stdout.write(render_side_by_side({"development": result, "blind": other}))
        return 0

    raise SystemExit(_guard(body))


def _evaluated_some(labels: list[Path], result: Any) -> None:
    """Refuse to report figures over no letter (they read 100%): one line naming the labels
    files, how many letters could not be read and the first cause."""
    from letterlint.errors import LetterlintError

    if result.letters:
        return
    names = ", ".join(map(str, labels))
    if not result.errors:
        raise LetterlintError(f"{names}: no letter could be evaluated (the labels list none)")
    n = len(result.errors)
    raise LetterlintError(f"{names}: no letter could be evaluated ({n} unreadable; the first: "
                          f"{result.errors[0]})")


def _typer_help_without_markdown() -> None:
    """Import typer's rich help module with a stand-in for ``rich.markdown``.

    typer imports ``rich.markdown`` (with markdown-it and Pygments) for help written in
    Markdown; letterlint's help is not, and that import was a third of ``letterlint --help``.
    The stand-in is only used if Markdown help were ever rendered, and then loads the real
    class; it is removed from ``sys.modules`` straight after, so nothing else sees it."""
    import types

    if "typer.rich_utils" in sys.modules or "rich.markdown" in sys.modules:
        return
    stand_in = types.ModuleType("rich.markdown")

    class Markdown:
        def __new__(cls, *args: Any, **kwargs: Any) -> Any:
            import importlib

            return importlib.import_module("rich.markdown").Markdown(*args, **kwargs)

    stand_in.Markdown = Markdown  # type: ignore[attr-defined]
    sys.modules["rich.markdown"] = stand_in
    try:
        import typer.rich_utils  # noqa: F401
    except ImportError:  # pragma: no cover - typer without rich
        pass
    finally:
        if sys.modules.get("rich.markdown") is stand_in:
            del sys.modules["rich.markdown"]


_COMMANDS: dict[str | None, Any] = {}  # click commands built from ``app``, once per process


def _command(name: str | None = None) -> Any:
    """The click command for ``app``: the whole group, or with ``name`` the group holding only
    that command (:func:`_invoked`), which runs it exactly as the whole group would. typer
    builds every command afresh (reading every command's type hints) on each ``app()`` call:
    about 0.05 s of each cold start for all thirteen, 0.015 s for ``check`` alone (issue 15).
    A process that runs the command line more than once (the tests do, hundreds of times)
    builds each once."""
    if name not in _COMMANDS:
        import copy

        import typer.main

        from letterlint.cli.helptext import tidy

        source = whole = _app()
        if name is not None:
            source = copy.copy(whole)
            source.registered_commands = [c for c in whole.registered_commands if _command_name(c) == name]
        _COMMANDS[name] = tidy(typer.main.get_command(source))
    return _COMMANDS[name]


def _command_name(info: Any) -> str:
    """A registered command's name on the command line (typer's rule: the function's name
    with hyphens, unless the command was given one)."""
    import typer.main

    return str(info.name or typer.main.get_command_name(info.callback.__name__))


def _invoked(args: list[str]) -> str | None:
    """The command ``args`` run, when that command alone need be built: the first argument
    that is not an option (every top-level option is a flag), if it names a command. None
    (build them all) for help, shell completion, or anything else."""
    if "-h" in args or "--help" in args or any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return None
    for arg in args:
        if arg in ("--install-completion", "--show-completion"):
            return None
        if not arg.startswith("-"):
            return arg if arg in {_command_name(c) for c in _app().registered_commands} else None
    return None


def _first_interrupt_only() -> None:
    """Ctrl+C stops letterlint once: the first raises KeyboardInterrupt as usual, and any more
    while it stops its workers and cleans up are ignored (a second one used to interrupt the
    clean-up itself and print tracebacks). SIGTERM and SIGHUP raise :class:`Stopped`, handled
    the same way."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def interrupted(signum: int, frame: object) -> None:
        for sig in (signal.SIGINT, *stop_signals):
            signal.signal(sig, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupted)

    def terminated(signum: int, frame: object) -> None:
        for sig in stop_signals:
            signal.signal(sig, signal.SIG_IGN)
        raise Stopped(signum)

    # SIGTERM (kill, a service manager, a CI timeout) and SIGHUP (the terminal closed) stop
    # letterlint the way Ctrl+C does: a batch's workers are stopped, a half-written output is
    # removed, one line is printed. By default they ended the parent at once and left the
    # workers running for good.
    stop_signals = [getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    for sig in stop_signals:
        signal.signal(sig, terminated)


class Stopped(KeyboardInterrupt):
    """Raised in the main thread when letterlint receives SIGTERM or SIGHUP (``signum``): a
    KeyboardInterrupt, so every clean-up that Ctrl+C runs runs too; ``main`` exits 128 +
    ``signum`` (143 for SIGTERM), as a shell reports a process ended by that signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def main() -> None:
    """The ``letterlint`` console entry point: runs the command line on ``sys.argv``. Exits 130
    with one line on standard error when interrupted (Ctrl+C); other exit codes come from the
    commands (0 clean, 1 findings or a failed gate, 2 bad input or an incomplete check)."""
    args = sys.argv[1:]
    # a closed standard output or error ("letterlint check x.docx -o report.json >&-"): Python
    # gives None; what would have gone there is dropped, and the files asked for are still written
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if not args or "--help" in args or "-h" in args:  # other commands never load the help module
        _typer_help_without_markdown()
    _first_interrupt_only()
    try:
        if not _quick(args):
            _command(_invoked(args))()
    except Stopped as exc:
        import signal

        _stderr(f"letterlint: stopped ({signal.Signals(exc.signum).name})")
        sys.exit(128 + exc.signum)
    except KeyboardInterrupt:
        _stderr("letterlint: interrupted")
        sys.exit(130)


def _quick(args: list[str]) -> bool:
    """Run a plain ``letterlint check`` command line without importing typer (``cli.quick``
    reads it into the values typer would give), around it what typer's own main does (Ctrl+C
    outside the command's guard is exit 130; end of input is "Aborted!", exit 1; a closed pipe
    is exit 1 with standard output and error quietened). False when typer must read ``args``."""
    from letterlint.cli import quick

    read = quick.parse(args, check, {"FailOn": FailOn, "Band": Band, "Stage": Stage, "ComplaintKind": ComplaintKind})
    if read is None:
        return False
    top, options = read
    kept_code.install_regex()  # check uses regex: its module-level expressions kept compiled too
    try:
        main_options(**top)
        check(**options)
    except EOFError:
        sys.stderr.write("\nAborted!\n")
        sys.stderr.flush()
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        import errno

        if exc.errno != errno.EPIPE:
            raise
        sys.stdout = quick.Pacified(sys.stdout)
        sys.stderr = quick.Pacified(sys.stderr)
        sys.exit(1)
    sys.exit(0)


def entry() -> None:
    """The ``letterlint`` console script: :func:`main`, then the process ends without tearing
    the interpreter down. Freeing every object at exit (the Hunspell dictionary alone about
    0.06 s, then every module and the loaded rules) was about 0.25 s of CPU at the end of each
    cold ``letterlint check`` (issue 15), spent after the report was written.

    Before it ends, standard output and standard error are flushed and the ``atexit``
    handlers run, as at a normal exit; the exit status is the one ``main`` gives (``sys.exit``'s
    rules: None is 0, a message is printed and gives 1). It ends the normal way instead when
    another thread is still running (Python waits for it) or a stream cannot be flushed (a
    closed pipe: Python reports that as usual). Tests call ``main`` in their own process."""
    try:
        main()
        code: Any = 0
    except SystemExit as exc:
        code = exc.code
    _exit_now(code)


def _exit_now(code: Any) -> None:
    """End the process with ``code`` (a ``SystemExit`` code) after flushing and the atexit
    handlers, skipping the interpreter's clean-up; see :func:`entry`."""
    import threading

    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    if threading.active_count() > 1:
        sys.exit(code)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)  # Python's own exit reports a closed pipe as it always has
    import atexit

    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        pass
    os._exit(code & 0xFF)


if __name__ == "__main__":
    entry()
