#!/usr/bin/env python3
"""Set up and run letterlint from a fresh clone, with only Python 3.11+ and pip.

    python3 dev.py examples   # set up, then check the bundled example letters
    python3 dev.py test       # set up, then run the whole test suite (what CI runs)
    python3 dev.py test-fast  # set up, then the quick tests (-m "not slow"): about a minute
    python3 dev.py wheel      # build the wheel and try it in a fresh environment

`test` first says which system packages it will install for the browser and conversion tests
(Debian's chromium, chromium-driver and libreoffice-writer-nogui, as root only) and how to skip each:
LETTERLINT_NO_BROWSER=1, LETTERLINT_NO_LIBREOFFICE=1 (those tests are then skipped).

Set-up: installs uv with pip if it is missing, then creates .venv from uv.lock
(`uv sync --frozen --all-extras --compile-bytecode`, never downloading a Python). Bytecode is
compiled at set-up, letterlint's own editable sources and the tests included (`compileall`,
and pytest's rewritten test modules by collecting them once), because a cold `letterlint check`
otherwise compiles every module it imports on each first run (about 0.8 s), and on every run
where PYTHONDONTWRITEBYTECODE is set. Extra arguments after the command go to letterlint or
pytest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV_BIN = ROOT / ".venv" / ("Scripts" if os.name == "nt" else "bin")


def say(msg: str) -> None:
    print(f"dev.py: {msg}", file=sys.stderr, flush=True)


def uv_command() -> list[str]:
    found = shutil.which("uv")
    if found:
        return [found]
    try:
        import uv  # type: ignore[import-not-found]

        return [uv.find_uv_bin()]
    except ImportError:
        pass
    say("installing uv with pip")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "uv"], check=True)
    import importlib

    importlib.invalidate_caches()
    import uv  # type: ignore[import-not-found]

    return [uv.find_uv_bin()]


def setup() -> None:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "UV_COMPILE_BYTECODE": "1"}
    cmd = [*uv_command(), "sync", "--frozen", "--all-extras", "--compile-bytecode", "--python", sys.executable,
           "--quiet"]
    say("setting up .venv from uv.lock")
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)
    # letterlint itself is installed editable (src/), which `--compile-bytecode` leaves out: compile
    # it too, so a cold run reads cached bytecode even where PYTHONDONTWRITEBYTECODE is set (it
    # stops Python writing .pyc, not reading it). About 0.35 s of every cold `letterlint check`.
    python = VENV_BIN / ("python.exe" if os.name == "nt" else "python")
    subprocess.run([str(python), "-m", "compileall", "-q", str(ROOT / "src" / "letterlint")], check=True,
                   cwd=ROOT)
    # and the methods dataclasses writes for letterlint's classes, kept beside that bytecode
    # (cli/kept_code.py: about a tenth of a cold check's own work)
    subprocess.run([str(python), "-m", "letterlint.cli.kept_code"], check=False, cwd=ROOT)
    # the tests too: pytest keeps each test module's rewritten bytecode, which collecting them
    # once writes (a first quick run after set-up otherwise compiles them all, about 8 s CPU)
    if (ROOT / "tests").is_dir():
        quiet = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run([str(python), "-m", "compileall", "-q", str(ROOT / "tests")], check=False, cwd=ROOT,
                       env=quiet)
        subprocess.run([str(python), "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                       check=False, cwd=ROOT, env=quiet, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        prebuild_test_cache(python)


TEST_CACHE = ROOT / ".venv" / "letterlint-test-cache"
# One check of an example letter keeps what every check needs in the cache folder: the rule set,
# the scoring model, the letter-type phrases, the CMU syllable counts and the hyphenation table.
_PREBUILD = "import letterlint; letterlint.check_path('examples/stage-one-good.docx')"


def prebuild_test_cache(python: Path) -> None:
    """Build the kept rule set and data once into ``.venv/letterlint-test-cache``; each test
    session starts its private cache folder as a copy of it (tests/conftest.py) instead of
    building them again (about 2.5 s of CPU a session). Entries are keyed on the rules and the
    code, so a stale one is simply not used."""
    shutil.rmtree(TEST_CACHE, ignore_errors=True)
    TEST_CACHE.mkdir(mode=0o700, parents=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(TEST_CACHE), "LETTERLINT_NO_TRAINED": "1"}
    for name in ("LETTERLINT_NO_RULE_CACHE", "LETTERLINT_TEST_CACHE_HOME"):
        env.pop(name, None)
    subprocess.run([str(python), "-c", _PREBUILD], check=False, cwd=ROOT, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


SYSTEM_PACKAGES = (
    # (Debian package, command it gives, about how big, what for, variable that skips it)
    ("chromium", ("chromium",), "about 250 MB", "the HTML report test", "LETTERLINT_NO_BROWSER"),
    ("chromium-driver", ("chromedriver",), "about 20 MB", "the 'letterlint serve' browser tests",
     "LETTERLINT_NO_BROWSER"),
    ("libreoffice-writer-nogui", ("soffice", "libreoffice"), "about 300 MB",
     "the reader tests and .doc letters", "LETTERLINT_NO_LIBREOFFICE"),
)


def _skipped(var: str) -> bool:
    return os.environ.get(var, "") not in ("", "0")


def _can_install() -> bool:
    return bool(shutil.which("apt-get")) and hasattr(os, "geteuid") and os.geteuid() == 0


def system_packages_needed() -> list[tuple[str, str, str, str]]:
    """The system packages ``test`` would install: missing, not skipped, and installable here."""
    return [(pkg, size, why, var) for pkg, commands, size, why, var in SYSTEM_PACKAGES
            if not _skipped(var) and not any(shutil.which(c) for c in commands) and _can_install()]


def announce_system_packages() -> None:
    """Say, before installing anything, what will be installed and how to skip it (issue 16)."""
    needed = system_packages_needed()
    if not needed:
        return
    say("about to install system packages with apt-get (the tests that need them are skipped without):")
    for pkg, size, why, var in needed:
        say(f"  {pkg} ({size}) for {why}; set {var}=1 to skip it")


def _apt_install(*packages: str) -> bool:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(["apt-get", "update", "-qq"], env=env).returncode == 0 and subprocess.run(
        ["apt-get", "install", "-y", "-qq", *packages], env=env, stdout=subprocess.DEVNULL).returncode == 0


def ensure_browser() -> None:
    """The HTML report test renders it in Debian's headless Chromium, and the `letterlint serve`
    browser tests drive it through chromium-driver (Selenium): install both when we can.
    LETTERLINT_NO_BROWSER=1 skips them (those tests are then skipped)."""
    missing = [pkg for pkg, exe in (("chromium", "chromium"), ("chromium-driver", "chromedriver"))
               if not shutil.which(exe)]
    if not missing or _skipped("LETTERLINT_NO_BROWSER"):
        return
    if not _can_install():
        say(f"{' and '.join(missing)} not found and cannot be installed here: the browser tests will be skipped")
        return
    say(f"installing Debian's {' and '.join(missing)} for the browser tests (LETTERLINT_NO_BROWSER=1 skips it)")
    if not _apt_install(*missing):
        say(f"could not install {' and '.join(missing)}: the browser tests will be skipped")


def ensure_libreoffice() -> None:
    """The reader tests convert the example letters with LibreOffice (.odt, .pdf, .rtf, .doc),
    and letterlint converts .doc letters with it: install Debian's libreoffice-writer-nogui
    when we can. LETTERLINT_NO_LIBREOFFICE=1 skips it (letterlint then leaves LibreOffice
    alone too: those tests are skipped and .doc letters are refused)."""
    if _skipped("LETTERLINT_NO_LIBREOFFICE"):
        return
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return
    if not _can_install():
        say("LibreOffice not found and cannot be installed here: the format conversion tests will be skipped")
        return
    say("installing Debian's libreoffice-writer-nogui (about 300 MB) for the reader tests and .doc "
        "letters (LETTERLINT_NO_LIBREOFFICE=1 skips it)")
    if not _apt_install("libreoffice-writer-nogui"):
        say("could not install LibreOffice: the format conversion tests will be skipped")


def run(args: list[str]) -> int:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    return subprocess.run(args, cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("examples", "test", "test-fast", "setup", "wheel"):
        print(__doc__)
        return 2
    setup()
    command, rest = argv[0], argv[1:]
    if command == "setup":
        return 0
    if command == "examples":
        letterlint = str(VENV_BIN / "letterlint")
        examples = sorted(
            str(p.relative_to(ROOT)) for p in (ROOT / "examples").iterdir()
            if p.suffix in (".docx", ".txt", ".md") and p.name != "README.md"
        )
        code = run([letterlint, "check", *examples, *rest])
        # findings in the deliberately poor examples are expected: only a crash is a failure
        return 0 if code in (0, 1) else code
    if command == "wheel":
        return run([sys.executable, str(ROOT / "tools" / "wheel_smoke.py"), *rest])
    if command == "test-fast":  # no process, browser or LibreOffice: nothing to install
        return run([str(VENV_BIN / "python"), "-m", "pytest", "-m", "not slow", *rest])
    announce_system_packages()
    ensure_browser()
    ensure_libreoffice()
    return run([str(VENV_BIN / "python"), "-m", "pytest", *parallel_args(rest), *rest])


def _gives_workers(args: list[str]) -> bool:
    """Whether pytest arguments already say how many worker processes to use (``-n``,
    ``--numprocesses``) or switch pytest-xdist off (``-p no:xdist``)."""
    for i, arg in enumerate(args):
        if arg.startswith(("-n", "--numprocesses", "-pno:xdist", "-p=no:xdist")):
            return True
        if arg == "-p" and i + 1 < len(args) and args[i + 1] in ("no:xdist", "no:xdist.plugin"):
            return True
    return False


def _has_xdist() -> bool:
    python = VENV_BIN / ("python.exe" if os.name == "nt" else "python")
    probe = "import importlib.util, sys; sys.exit(importlib.util.find_spec('xdist') is None)"
    return subprocess.run([str(python), "-c", probe], cwd=ROOT).returncode == 0


def parallel_args(rest: list[str]) -> list[str]:
    """The whole suite runs on every core with pytest-xdist (``-n auto``: one worker process a
    core, two on the CI machine); with ``--dist loadgroup`` tests/conftest.py's scheduler keeps
    the tests of a module on one worker (their module fixtures are built once) and hands out
    the longest first.
    Nothing is added when the arguments give ``-n``/``--numprocesses`` or ``-p no:xdist``
    themselves, and the suite runs in one process when pytest-xdist is not installed."""
    if _gives_workers(rest):
        return []
    if not _has_xdist():
        say("pytest-xdist is not installed: the tests run in one process")
        return []
    extra = ["-n", "auto"]
    if not any(a.startswith("--dist") for a in rest):
        extra += ["--dist", "loadgroup"]
    return extra


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
