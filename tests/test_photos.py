"""Photos are judged by their bytes, and readers only ever get a re-encoded copy.

Images are made with Pillow here, then the real commands run on a root that
references them, and what they wrote is opened again: the Word file's image
parts, the HTML's data URIs, the PDF's images and the site's photo files.
"""

from __future__ import annotations

import base64
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_root
from docx import Document
from PIL import Image

from generator import photos
from generator.cli import main

PHOTOS = "cases/LAHF/phase-1/photos"
CASE = "cases/LAHF/phase-1/LAHF-001.yaml"
ORIENTATION, MAKE, GPS_IFD = 0x0112, 0x010F, 0x8825


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def camera_photo(size: tuple[int, int]) -> Image.Image:
    """A photo-like picture (smooth areas and detail) with the EXIF a phone writes."""
    image = Image.effect_mandelbrot(size, (-2.2, -1.2, 1.0, 1.2), 60).convert("RGB")
    noise = Image.effect_noise(size, 24).convert("RGB")
    return Image.blend(image, noise, 0.15)


def exif(orientation: int = 1) -> Image.Exif:
    tags = Image.Exif()
    tags[ORIENTATION], tags[MAKE] = orientation, "FictionalPhone"
    tags.get_ifd(GPS_IFD).update({1: "N", 2: (30.0, 15.0, 0.0)})  # somewhere in Hangzhou
    return tags


def with_photos(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """The base root with the case's photos replaced by `files`, and a minimum of one case."""
    root = make_root(tmp_path)
    (root / "handbook.yaml").write_text("minimum_cases: 1\n", encoding="utf-8")
    for name, data in files.items():
        (root / PHOTOS / name).write_bytes(data)
    text = (root / CASE).read_text(encoding="utf-8").split("photos:")[0]
    listed = "".join(f"  - phase-1/photos/{name}\n" for name in files)
    (root / CASE).write_text(text + "photos:\n" + listed, encoding="utf-8")
    return root


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def good_photos() -> dict[str, bytes]:
    files = {
        "big.jpg": encoded(camera_photo((4000, 3000)), "JPEG", quality=92, exif=exif(6)),
        "phone.webp": encoded(camera_photo((1600, 1200)), "WEBP", exif=exif()),
        "alpha.png": encoded(Image.new("RGBA", (300, 200), (200, 30, 30, 90)), "PNG"),
        "upright.jpg": encoded(camera_photo((300, 200)), "JPEG", exif=exif(6)),
    }
    if photos._heif_available():
        files["phone.heic"] = encoded(camera_photo((800, 600)), "HEIF", exif=exif())
    return files


def assert_clean_copy(data: bytes, mime: str | None = None) -> Image.Image:
    """A JPEG or PNG that decodes fully, within the size limit, with no EXIF left (no GPS)."""
    image = Image.open(io.BytesIO(data))
    assert image.format in ("JPEG", "PNG")
    if mime:
        assert mime == f"image/{image.format.lower()}"
    image.load()
    assert max(image.size) <= photos.SIDE
    assert not image.getexif() and b"Exif" not in data and b"FictionalPhone" not in data
    return image


@pytest.fixture(scope="module")
def good_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return with_photos(tmp_path_factory.mktemp("good"), good_photos())


def test_jpeg_png_webp_and_heic_pass_validate(good_root: Path) -> None:
    code, output = run("validate", str(good_root))
    assert code == 0, output


def test_word_gets_scaled_upright_copies_without_metadata(good_root: Path, tmp_path: Path) -> None:
    code, output = run("project", "LAHF", str(good_root), "--format", "docx", "--out", str(tmp_path))
    assert code == 0, output
    doc = Document(str(tmp_path / "LAHF-phase-1.docx"))
    assert len(doc.inline_shapes) == len(good_photos())
    media = [part for part in doc.part.package.parts if part.partname.startswith("/word/media/")]
    images = [assert_clean_copy(part.blob) for part in media]
    sizes = sorted(image.size for image in images)
    assert (960, 1280) in sizes  # the 4000×3000 photo turned upright (orientation 6) and scaled down
    assert (200, 300) in sizes  # a small photo is turned but not enlarged
    assert any(image.format == "PNG" and image.mode == "RGBA" for image in images)  # transparency kept
    assert (tmp_path / "LAHF-phase-1.docx").stat().st_size < len(good_photos()["big.jpg"])


class Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources.append(dict(attrs).get("src") or "")


def test_html_inlines_only_jpeg_or_png_data(good_root: Path, tmp_path: Path) -> None:
    code, output = run("project", "LAHF", str(good_root), "--format", "html", "--out", str(tmp_path))
    assert code == 0, output
    parser = Images()
    page = tmp_path / "LAHF-phase-1.html"
    parser.feed(page.read_text(encoding="utf-8"))
    assert len(parser.sources) == len(good_photos())
    assert page.stat().st_size < len(good_photos()["big.jpg"])  # all photos together, smaller than one original
    for source in parser.sources:
        match = re.fullmatch(r"data:(image/(?:jpeg|png));base64,([A-Za-z0-9+/=]+)", source)
        assert match, source[:60]
        assert_clean_copy(base64.b64decode(match[2]), match[1])


def test_pdf_images_are_scaled_down(good_root: Path, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    code, output = run("project", "LAHF", str(good_root), "--format", "pdf", "--out", str(tmp_path))
    assert code == 0, output
    pdf = tmp_path / "LAHF-phase-1.pdf"
    pictures = [image for page in PdfReader(pdf).pages for image in page.images]
    assert len(pictures) >= len(good_photos())
    assert all(max(p.image.size) <= photos.SIDE for p in pictures)
    assert pdf.stat().st_size < len(good_photos()["big.jpg"])


def test_the_site_publishes_re_encoded_jpeg_or_png_only(good_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    code, output = run("build", str(good_root), "--out", str(out))
    assert code == 0, output
    published = sorted((out / "projects" / "LAHF" / "files").rglob("*.*"))
    originals = {data for data in good_photos().values()}
    assert len(published) == len(good_photos())
    for path in published:
        image = assert_clean_copy(path.read_bytes())
        assert path.suffix == {"JPEG": ".jpg", "PNG": ".png"}[str(image.format)]  # the name matches the bytes
        assert path.read_bytes() not in originals
    page = (out / "projects" / "LAHF" / "phase-1" / "index.html").read_text(encoding="utf-8")
    for path in published:
        assert path.name in page
    # A rebuild reuses the converted copies rather than decoding every photo again.
    made = {p: p.stat().st_mtime_ns for p in (good_root / ".handbook" / "photos").iterdir()}
    assert len(made) == len(published)
    code, output = run("build", str(good_root), "--out", str(out))
    assert code == 0, output
    assert {p: p.stat().st_mtime_ns for p in (good_root / ".handbook" / "photos").iterdir()} == made


def hostile_photos() -> dict[str, bytes]:
    jpeg = encoded(camera_photo((400, 300)), "JPEG")
    return {
        "plan.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
        "page.jpg": b"<html><body><script>alert(document.cookie)</script></body></html>",
        "half.jpg": jpeg[: len(jpeg) // 2],
        "noise.jpg": bytes(range(256)) * 8,
        "drawing.pdf.jpg": b"%PDF-1.7\n%%EOF\n",
    }


def test_hostile_and_broken_photos_are_errors_with_line_and_photo(tmp_path: Path) -> None:
    root = with_photos(tmp_path, hostile_photos())
    code, output = run("validate", str(root), "--lang", "en")
    assert code == 1 and output.endswith("5 errors, 0 warnings.\n"), output
    expected = {
        21: ("plan.svg", "is not an image but an SVG drawing"),
        22: ("page.jpg", "is not an image but an HTML page"),
        23: ("half.jpg", "is a JPEG file but does not decode: the file is incomplete"),
        24: ("noise.jpg", "is not an image but data of no known image format"),
        25: ("drawing.pdf.jpg", "is not an image but a PDF document"),
    }
    for line, (name, words) in expected.items():
        assert re.search(rf"{CASE}:{line}:5: error: photo 'phase-1/photos/{re.escape(name)}' {words}.*\[photo-", output)
    assert "Traceback" not in output and "internal error" not in output.lower()


def test_a_build_with_hostile_photos_publishes_nothing(tmp_path: Path) -> None:
    root = with_photos(tmp_path, hostile_photos())
    out = tmp_path / "public"
    code, output = run("build", str(root), "--out", str(out))
    assert code == 1, output
    assert not list(out.rglob("*.svg")) and not list(out.rglob("*.jpg"))
    code, output = run("project", "LAHF", str(root), "--format", "docx", "--out", str(tmp_path / "hb"))
    assert code == 1 and "photo-not-image" in output and "内部错误" not in output


def test_a_decompression_bomb_is_refused_without_decoding(tmp_path: Path) -> None:
    bomb = encoded(Image.new("1", (12_000, 9_000)), "PNG")  # 108 megapixels in a few kB
    assert len(bomb) < 100_000
    root = with_photos(tmp_path, {"bomb.png": bomb})
    code, output = run("validate", str(root))
    assert code == 1
    assert f"{CASE}:21:5: error: 照片 “phase-1/photos/bomb.png” 有 12000×9000 像素，超过上限 89 百万像素" in output


def test_an_opaque_alpha_channel_does_not_make_a_png(tmp_path: Path) -> None:
    opaque, clear = Image.new("RGBA", (40, 30), (9, 9, 9, 255)), Image.new("RGBA", (40, 30), (9, 9, 9, 10))
    for picture, mime in ((opaque, "image/jpeg"), (clear, "image/png")):
        path = tmp_path / "a.webp"
        path.write_bytes(encoded(picture, "WEBP", lossless=True))
        assert photos.normalise(path).mime == mime


def test_the_content_decides_not_the_name(tmp_path: Path) -> None:
    png_named_jpg = encoded(Image.new("RGB", (40, 30), (1, 2, 3)), "PNG")
    webp_named_png = encoded(camera_photo((64, 48)), "WEBP")
    root = with_photos(tmp_path, {"really-png.jpg": png_named_jpg, "really-webp.png": webp_named_png})
    code, output = run("validate", str(root))
    assert code == 0, output


def test_a_photo_replaced_after_validation_is_checked_again(tmp_path: Path) -> None:
    """The photo check is cached by path, size and modification time, never by name alone."""
    root = with_photos(tmp_path, {"a.jpg": encoded(camera_photo((64, 48)), "JPEG")})
    assert run("validate", str(root))[0] == 0
    (root / PHOTOS / "a.jpg").write_bytes(b"<svg><script>alert(1)</script></svg>")
    code, output = run("validate", str(root))
    assert code == 1 and "[photo-not-image]" in output


def test_an_unchanged_photo_is_not_decoded_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = with_photos(tmp_path, {"a.jpg": encoded(camera_photo((64, 48)), "JPEG")})
    assert run("validate", str(root))[0] == 0
    decoded: list[Path] = []
    monkeypatch.setattr(photos, "inspect", lambda path: decoded.append(path))
    assert run("validate", str(root))[0] == 0
    assert decoded == []
    assert run("validate", str(root), "--no-cache")[0] == 0
    assert [p.name for p in decoded] == ["a.jpg"]


@pytest.mark.parametrize("options", [{}, {"progressive": True}, {"restart_marker_blocks": 4}, {"exif": exif(6)}])
def test_a_jpeg_cut_anywhere_is_incomplete(tmp_path: Path, options: dict[str, object]) -> None:
    data = encoded(camera_photo((320, 240)), "JPEG", quality=80, **options)
    path = tmp_path / "a.jpg"
    path.write_bytes(data + b"\0" * 16 + b"MotionPhoto_Data" + b"\xff\xd8" * 100)  # what some phones append
    assert photos.inspect(path) is None
    for cut in range(200, len(data) - 1, max(len(data) // 40, 1)):
        path.write_bytes(data[:cut])
        finding = photos.inspect(path)
        assert finding is not None and finding.code == "photo-corrupt", cut


@pytest.mark.parametrize("fmt", ["WEBP", "PNG", "HEIF"])
def test_other_formats_cut_short_are_incomplete(tmp_path: Path, fmt: str) -> None:
    if fmt == "HEIF" and not photos._heif_available():
        pytest.skip("pillow-heif is not installed")
    data = encoded(camera_photo((320, 240)), fmt)
    path = tmp_path / "a.img"
    path.write_bytes(data)
    assert photos.inspect(path) is None
    for cut in (len(data) // 3, len(data) // 2, len(data) - 5):
        path.write_bytes(data[:cut])
        finding = photos.inspect(path)
        assert finding is not None and finding.code == "photo-corrupt", cut


@pytest.mark.parametrize(("head", "kind"), [
    (b"\xff\xd8\xff\xe0", "JPEG"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"RIFF\0\0\0\0WEBPVP8 ", "WEBP"),
    (b"\0\0\0\x18ftypheic", "HEIF"), (b"\0\0\0\x18ftypmif1", "HEIF"), (b"\0\0\0\x18ftypavif", "AVIF"),
    (b"GIF89a", "GIF"), (b"\xef\xbb\xbf  <?xml version='1.0'?><svg>", photos._SVG), (b"<!DOCTYPE HTML>", photos._HTML),
    (b"%PDF-1.4", photos._PDF), (b"\0\0\0\x18ftypisom", photos._VIDEO), (b"PK\x03\x04", photos._ZIP),
    (b"BMW 3 series", photos._UNKNOWN), (b"", photos._UNKNOWN),
])
def test_sniff_names_what_the_bytes_are(head: bytes, kind: object) -> None:
    assert photos.sniff(head) == kind


def png_with_bad_pixels() -> bytes:
    """Every chunk and CRC right, but the compressed pixels are not zlib data: only a full
    decode, which `validate` leaves to the writers, finds it."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 64, 48, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"not zlib" * 40) + chunk(b"IEND", b"")


def test_a_photo_that_fails_only_when_decoded_is_left_out_with_a_note(tmp_path: Path) -> None:
    root = with_photos(tmp_path, {"bad.png": png_with_bad_pixels()})
    assert run("validate", str(root))[0] == 0
    out = tmp_path / "out"
    code, output = run("project", "LAHF", str(root), "--format", "docx,html", "--out", str(out))
    assert code == 0, output
    doc = Document(str(out / "LAHF-phase-1.docx"))
    assert len(doc.inline_shapes) == 0
    assert any("bad.png ✗" in p.text for p in doc.paragraphs)
    parser = Images()
    parser.feed((out / "LAHF-phase-1.html").read_text(encoding="utf-8"))
    assert parser.sources == [""]


def test_many_photos_are_converted_on_every_core(tmp_path: Path) -> None:
    files = {f"p{i}.webp": encoded(camera_photo((64 + i, 48)), "WEBP") for i in range(12)}
    root = with_photos(tmp_path, files)
    out = tmp_path / "public"
    code, output = run("build", str(root), "--out", str(out))
    assert code == 0, output
    published = sorted(p.name for p in (out / "projects" / "LAHF" / "files").rglob("*.*"))
    assert published == sorted(f"{name}.jpg" for name in files)
    for path in (out / "projects" / "LAHF" / "files").rglob("*.jpg"):
        assert_clean_copy(path.read_bytes())


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_turned_as_pillow_turns_it(tmp_path: Path, orientation: int) -> None:
    from PIL import ImageOps

    picture = Image.new("RGB", (60, 40), (255, 255, 255))
    picture.paste((255, 0, 0), (0, 0, 30, 10))  # a red mark in one corner shows any turn or flip
    path = tmp_path / "a.png"
    path.write_bytes(encoded(picture, "PNG", exif=exif(orientation)))
    expected = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    result = Image.open(io.BytesIO(photos.normalise(path).data)).convert("RGB")
    assert result.size == expected.size and result.tobytes() == expected.tobytes()


def test_a_handbook_with_many_photos_converts_them_on_every_core(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    files = {f"p{i}.jpg": encoded(camera_photo((1500 + i, 1000)), "JPEG", exif=exif(6)) for i in range(10)}
    files["broken.png"] = png_with_bad_pixels()
    root = with_photos(tmp_path, files)
    out = tmp_path / "out"
    in_this_process: list[str] = []  # the forked workers' appends stay in the workers
    convert = photos.normalise
    monkeypatch.setattr(photos, "normalise", lambda path, *a: in_this_process.append(path.name) or convert(path, *a))
    code, output = run("project", "LAHF", str(root), "--format", "docx,html", "--out", str(out))
    assert code == 0, output
    assert in_this_process == []  # Word and HTML took every copy, and the failure, from the workers
    doc = Document(str(out / "LAHF-phase-1.docx"))
    media = [part for part in doc.part.package.parts if part.partname.startswith("/word/media/")]
    sizes = sorted(assert_clean_copy(part.blob).size for part in media)
    assert sizes == sorted((round(1000 * 1280 / (1500 + i)), 1280) for i in range(10))
    assert any("broken.png ✗" in p.text for p in doc.paragraphs)
