#!/usr/bin/env python3
"""Time the photo checks and conversions: `validate` of 2,000 cases with a 12-megapixel
photo each (cold, unchanged, --no-cache), and a 200-case handbook with a photo per case.

    python3 benchmarks/photos.py [--cases 2000] [--runs 3] [--only validate|handbook]

The photo is a 4032 × 3024 JPEG of 3.4 MB (what a 12-megapixel phone writes, with
EXIF orientation 6), hard-linked under every case's name for validate (the page
cache is warm, so the figures are the checking cost, not the disk's) and made
distinct per case for the handbook (Word stores identical images once). Each
figure is a fresh `handbook` process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpora import corpus  # noqa: E402

MARKER = ".photos-added"


def phone_photo() -> Image.Image:
    from PIL import Image

    size = (4032, 3024)
    picture = Image.effect_mandelbrot(size, (-2.2, -1.2, 1.0, 1.2), 80).convert("RGB")
    return Image.blend(picture, Image.effect_noise(size, 30).convert("RGB"), 0.2)


def save(picture: Image.Image, path: Path) -> None:
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112], exif[0x010F] = 6, "FictionalPhone"
    picture.save(path, "JPEG", quality=90, exif=exif)


def with_photos(root: Path, distinct: bool = False) -> Path:
    """Give every case of `root` one photo, once: hard links to one JPEG (validate's verdict
    is per path), or `distinct` photos (Word stores identical images once)."""
    from PIL import Image

    if (root / MARKER).exists():
        return root
    base, source = phone_photo(), root / "phone.jpg"
    save(base, source)
    for number, case in enumerate(sorted((root / "cases").glob("*/phase-*/*.yaml"))):
        project = case.parents[1]
        photo = project / case.parent.name / "photos" / f"{case.stem}.jpg"
        photo.parent.mkdir(exist_ok=True)
        if distinct:
            picture = base.copy()
            picture.paste(Image.effect_noise((256, 256), 80).convert("RGB"), (number * 17 % 3700, number * 13 % 2700))
            save(picture, photo)
        elif not photo.exists():
            os.link(source, photo)
        text = case.read_text(encoding="utf-8")
        case.write_text(text.rstrip("\n") + f"\nphotos: [{photo.relative_to(project).as_posix()}]\n", encoding="utf-8")
    (root / MARKER).write_text("", encoding="utf-8")
    return root


def run(args: list[str], cache: Path) -> float:
    env = {**os.environ, "HANDBOOK_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(done.stdout + done.stderr)
    return wall


def validate_figures(cases: int, runs: int) -> None:
    plain = corpus(cases)
    root = with_photos(corpus(cases, name=f"corpus-{cases}-photos"))
    rows: dict[str, list[float]] = {"cold": [], "unchanged": [], "--no-cache": []}
    bare: dict[str, list[float]] = {"cold": [], "unchanged": [], "--no-cache": []}
    for _ in range(runs):
        for walls, target in ((rows, root), (bare, plain)):
            with tempfile.TemporaryDirectory() as cache:
                walls["cold"].append(run(["validate", str(target)], Path(cache)))
                walls["unchanged"].append(run(["validate", str(target)], Path(cache)))
                walls["--no-cache"].append(run(["validate", str(target), "--no-cache"], Path(cache)))
    print(f"validate, {cases:,} cases, one 12-megapixel photo each (median of {runs})\n")
    print("| run | without photos (s) | with photos (s) | ms per photo |")
    print("| --- | ---: | ---: | ---: |")
    for name, walls in rows.items():
        wall, base = statistics.median(walls), statistics.median(bare[name])
        print(f"| {name} | {base:.2f} | {wall:.2f} | {(wall - base) / cases * 1000:.1f} |")


def handbook_figures() -> None:
    root = with_photos(corpus(200, "--projects", "1", "--phases", "1", name="corpus-200-one-phase-photos"),
                       distinct=True)
    print("\nproject handbook, 200 cases, one 12-megapixel photo each (original "
          f"{(root / 'phone.jpg').stat().st_size / 1e6:.1f} MB, so 200 originals would be "
          f"{200 * (root / 'phone.jpg').stat().st_size / 1e6:.0f} MB)\n")
    print("| formats | wall (s) | files |")
    print("| --- | ---: | --- |")
    for formats in ("docx", "html", "html,docx,xlsx,pdf"):
        with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
            wall = run(["project", "P001", str(root), "--format", formats, "--out", out], Path(cache))
            sizes = ", ".join(f"{p.suffix[1:]} {p.stat().st_size / 1e6:.1f} MB" for p in sorted(Path(out).iterdir()))
        print(f"| {formats} | {wall:.1f} | {sizes} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=("validate", "handbook"))
    args = parser.parse_args()
    if args.only != "handbook":
        validate_figures(args.cases, args.runs)
    if args.only != "validate":
        handbook_figures()


if __name__ == "__main__":
    main()
