"""Mutation testing of the modules that guard the data, one module at a time, time-bounded.

    .venv/bin/pip install -e '.[mutation]'         # mutmut 3
    .venv/bin/python benchmarks/mutation.py                  # every module in [tool.mutmut] only_mutate
    .venv/bin/python benchmarks/mutation.py schema rules     # some of them
    .venv/bin/python benchmarks/mutation.py --survivors      # untried and surviving ones, after new tests
    .venv/bin/python benchmarks/mutation.py --again schema   # every mutant of a module again
    .venv/bin/python benchmarks/mutation.py --report         # only the table of the last run

mutmut (configured in pyproject.toml, [tool.mutmut]) copies the package into `mutants/`,
mutates it and runs the fast unit tests against every mutant; a mutant that no test
notices is a behaviour nobody checks. Not part of CI: a full run takes tens of minutes on
two cores. Results stay in `mutants/` (ignored by git): a run stopped by its time bound
goes on where it stopped when run again; `--survivors` retries the survivors too once new
tests are written, `--again` every mutant. `.venv/bin/mutmut show NAME` prints one survivor's diff. Record the score in
benchmarks/mutation.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KILLED = {"killed", "timeout", "caught by type check", "segfault"}


def configured_modules() -> list[str]:
    """Dotted module names of [tool.mutmut] only_mutate, e.g. generator.render.text."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    return [path.removesuffix(".py").replace("/", ".") for path in config["only_mutate"]]


def run_mutmut(args: list[str]) -> None:
    """mutmut itself, in this process. The broken fixtures hold dangling symlinks on
    purpose (photo-path-symlink); mutmut copies tests/ following links, which fails on
    them, so links are copied as links, into a fresh copy of tests/."""
    copytree = shutil.copytree

    def copy_links(src: Path, dst: Path, *args: object, **kwargs: object) -> object:
        kwargs.pop("symlinks", None)
        return copytree(src, dst, True, *args[1:], **kwargs)  # type: ignore[arg-type]

    shutil.copytree = copy_links  # type: ignore[assignment]
    shutil.rmtree(REPO / "mutants" / "tests", ignore_errors=True)  # copied afresh: links cannot be overwritten
    from mutmut.__main__ import cli

    cli(args)


def status_of(code: int | None) -> str:
    from mutmut.stats import status_by_exit_code

    return str(status_by_exit_code[code])


def exit_codes() -> dict[str, dict[str, int | None]]:
    """mutmut's exit code per mutant, per module, read from its meta files."""
    per_module: dict[str, dict[str, int | None]] = {}
    for meta in sorted((REPO / "mutants").rglob("*.py.meta")):
        module = meta.relative_to(REPO / "mutants").as_posix().removesuffix(".py.meta").replace("/", ".")
        per_module[module] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return per_module


def results() -> dict[str, Counter[str]]:
    """Status counts per module."""
    return {module: Counter(status_of(code) for code in codes.values()) for module, codes in exit_codes().items()}


def to_try(module: str, again: bool, survivors: bool) -> list[str]:
    """Mutant names for mutmut: all of the module's (a glob, before mutmut has made any),
    or those without a result yet (and the survivors, after new tests). Named mutants are
    always tried again by mutmut."""
    codes = exit_codes().get(module)
    if codes is None or again:
        return [f"{module}.*"]
    retry = {"not checked", "survived", "no tests"} if survivors else {"not checked"}
    return sorted(name for name, code in codes.items() if status_of(code) in retry)


def report(modules: list[str]) -> str:
    rows = ["| module | mutants | killed | survived | no tests | not checked | score |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    total: Counter[str] = Counter()
    found = results()
    for module in modules:
        counts = found.get(module, Counter())
        total += counts
        rows.append(_row(module, counts))
    rows.append(_row("**all**", total))
    return "\n".join(rows)


def _row(name: str, counts: Counter[str]) -> str:
    mutants = sum(counts.values())
    killed = sum(counts[s] for s in KILLED)
    checked = mutants - counts["not checked"]
    score = f"{100 * killed / checked:.1f} %" if checked else "-"
    return (f"| {name} | {mutants} | {killed} | {counts['survived']} | {counts['no tests']} | "
            f"{counts['not checked']} | {score} |")


def bounded(command: list[str], minutes: float) -> None:
    """Run mutmut in its own process group, and stop the whole group (its workers too) in time."""
    process = subprocess.Popen(command, cwd=REPO, start_new_session=True)
    try:
        process.wait(timeout=minutes * 60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        print(f"   stopped after {minutes:g} minutes; a rerun goes on where it stopped", flush=True)


def main() -> None:
    if sys.argv[1:2] == ["--mutmut"]:
        run_mutmut(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="short names (schema, render.text); default: all configured")
    parser.add_argument("--minutes", type=float, default=20, help="time bound per module (default 20)")
    parser.add_argument("--max-children", type=int, default=1, help="parallel mutants (default 1: shared cores)")
    parser.add_argument("--again", action="store_true", help="retry every mutant, not only the untried ones")
    parser.add_argument("--survivors", action="store_true", help="retry the surviving mutants too")
    parser.add_argument("--report", action="store_true", help="only print the table of the last run")
    options = parser.parse_args()
    modules = configured_modules()
    if options.modules:
        modules = [m for m in modules if m.removeprefix("generator.") in options.modules]
    if not options.report:
        for module in modules:
            names = to_try(module, options.again, options.survivors)
            print(f"== {module}: {' '.join(names) if names[:1] == [module + '.*'] else len(names)} to try", flush=True)
            if names:
                bounded([sys.executable, __file__, "--mutmut", "run", "--max-children", str(options.max_children),
                         *names], options.minutes)
    print(report(modules))


if __name__ == "__main__":
    main()
