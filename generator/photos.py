"""Case photos: what a file really is, whether it decodes, and the copy readers get.

A photo is judged by its bytes, never its name: a "photo.jpg" may be an SVG
with a script, an HTML page, a PDF or a half-copied JPEG. Only JPEG and PNG
are accepted as they are; WebP and HEIC/HEIF, what phones produce, are
converted. Readers never get the original bytes: every document and the site
get a copy decoded and re-encoded here (JPEG, or PNG where the source is a
PNG or has transparency), turned upright by its EXIF orientation, scaled to
at most `SIDE` pixels and stripped of metadata (phone photos carry GPS).

`inspect` is what `validate` runs, and it does not decode pixels (50-200 ms
for a phone photo): it reads the header with the one Pillow plugin the bytes
name, checks the pixel count, and checks that the file holds everything its
structure announces (a JPEG's segments reach the end-of-image marker, a PNG's
chunks and CRCs, WebP's and HEIF's sizes), which is what a photo cut short by
WeChat or a network share lacks. The verdict is cached by (path, size, mtime).
The writers decode fully; a photo that still fails there is left out with a
note, never published as it is. Pillow is imported only when a photo is
looked at, so `validate` of a root without photos does not pay for it.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .problems import Text

if TYPE_CHECKING:
    from PIL.Image import Image

ACCEPTED = ("JPEG", "PNG")  # kept in their own format
CONVERTED = ("WEBP", "HEIF")  # what phones produce; always re-encoded as JPEG or PNG
MAX_PIXELS = 89_478_485  # Pillow's MAX_IMAGE_PIXELS: about 9,500 × 9,500, well above any phone camera
SIDE = 1280  # longest side in documents and on the site: 8 cm in Word at 400 dpi
JPEG_QUALITY = 85
PUBLISHED_SUFFIXES = (".jpg", ".jpeg", ".png")

_OTHER_IMAGES = ((b"GIF87a", "GIF"), (b"GIF89a", "GIF"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_SVG = Text("一个 SVG 矢量图（可以带脚本）", "an SVG drawing (which can carry scripts)")
_HTML = Text("一个 HTML 网页", "an HTML page")
_PDF = Text("一个 PDF 文档", "a PDF document")
_MARKUP = Text("XML 或 HTML 文本", "XML or HTML text")
_ZIP = Text("一个 ZIP 压缩包（或 Office 文档）", "a ZIP archive (or an Office document)")
_VIDEO = Text("一段视频（MP4 / MOV）", "a video (MP4 / MOV)")
_UNKNOWN = Text("无法识别的数据", "data of no known image format")


@dataclass(frozen=True)
class Finding:
    """Why a photo file cannot be used: a problem code and its message arguments."""

    code: str
    args: dict[str, object] = field(default_factory=dict)


class PhotoError(Exception):
    """A photo that passed `validate` does not decode after all (or changed on disk since)."""


def sniff(head: bytes) -> str | Text:
    """What the first bytes say the file is: an image format's Pillow name, or (as worded
    text) what the file is instead of an image."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "HEIF" if brand in _HEIF_BRANDS else "AVIF" if brand in (b"avif", b"avis") else _VIDEO
    for prefix, kind in _OTHER_IMAGES:
        if head.startswith(prefix):
            return kind
    if head.startswith(b"BM") and head[6:10] == b"\0\0\0\0":
        return "BMP"
    if head.startswith(b"PK\x03\x04"):
        return _ZIP
    return _text_kind(head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()) or _UNKNOWN


def _text_kind(text: bytes) -> Text | None:
    """Documents that browsers run or render (the reason a wrong "photo" is dangerous)."""
    if text.startswith(b"%pdf"):
        return _PDF
    if b"<svg" in text:
        return _SVG
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")) or b"<html" in text:
        return _HTML
    if text.startswith(b"<"):
        return _MARKUP
    return None


@cache
def _heif_available() -> bool:
    """pillow-heif adds HEIC to Pillow; without it HEIC is reported with how to convert it."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return False
    register_heif_opener(thumbnails=False)
    return True


@contextmanager
def _opened(path: Path, kind: str) -> Iterator[Image]:
    """Open with only the plugin the bytes named (no other decoder, and never Ghostscript,
    sees the file). Pillow's bomb check is off while the header is read, because callers
    check the pixel count themselves to say how large the photo is; truncated files always
    fail, whatever another library set (WeasyPrint turns LOAD_TRUNCATED_IMAGES on)."""
    from PIL import Image, ImageFile

    limit, truncated = Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES
    Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = None, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = Image.open(path, formats=[kind])
        Image.MAX_IMAGE_PIXELS = limit
        with image:
            yield image
    finally:
        Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = limit, truncated


def inspect(path: Path) -> Finding | None:
    """None when the file is a photo the handbook can use; otherwise why not."""
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return Finding("photo-corrupt", {"kind": path.suffix.lstrip(".").upper() or "?",
                                         "reason": Text(f"无法读取（{reason}）", f"it cannot be read ({reason})")})
    kind = sniff(head)
    if isinstance(kind, Text):
        return Finding("photo-not-image", {"kind": kind})
    if not _usable(kind):
        return Finding("photo-unsupported", {"kind": _label(kind)})
    return _decodes(path, kind)


def _decodes(path: Path, kind: str) -> Finding | None:
    # Any exception from a decoder means the file is not a usable photo: Pillow's plugins
    # raise OSError, SyntaxError, ValueError, EOFError or struct.error on damaged input.
    try:
        with _opened(path, kind) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                return Finding("photo-too-large", {"width": width, "height": height,
                                                   "limit": round(MAX_PIXELS / 1e6)})
            if kind == "PNG":
                image.verify()  # every chunk present and its CRC right, without inflating the pixels
        if not _complete(path.read_bytes(), kind):
            raise EOFError
    except Exception as error:  # see above
        return Finding("photo-corrupt", {"kind": _label(kind), "reason": _reason(error, path)})
    return None


def _complete(data: bytes, kind: str) -> bool:
    """Whether the file holds all the data its own structure announces: the cheap test for
    a photo cut short in transfer, the common damage (decoding would take 50-200 ms)."""
    if kind == "JPEG":
        return _jpeg_reaches_end(data)
    if kind == "WEBP":
        return int.from_bytes(data[4:8], "little") + 8 <= len(data)
    if kind == "HEIF":
        return _boxes_fit(data)
    return True  # PNG: verify() has read every chunk


_ORIENTATION = 0x0112  # EXIF: how the camera was held
_TURNS = {2: 0, 3: 3, 4: 1, 5: 5, 6: 4, 7: 6, 8: 2}  # orientation -> Image.Transpose, as ImageOps.exif_transpose
_MARKER_IN_SCAN = re.compile(b"\xff[^\x00\xd0-\xd7\xff]")  # not stuffing, a restart marker or fill


def _jpeg_reaches_end(data: bytes) -> bool:
    """Walk the marker segments and scans to the end-of-image marker. Inside a scan a 0xFF
    byte is followed by 0x00 (stuffing), a restart marker or fill, so any other marker ends
    it; an end-of-image inside the EXIF thumbnail is skipped with its segment."""
    pos, size = 2, len(data)
    while pos + 1 < size:
        if data[pos] != 0xFF:  # stray bytes between segments: skipped, as libjpeg does
            pos = data.find(b"\xff", pos)
            if pos < 0 or pos + 1 >= size:
                return False
        marker = data[pos + 1]
        if marker == 0xD9:
            return True
        if marker == 0xFF or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 1 if marker == 0xFF else 2
            continue
        pos += 2 + int.from_bytes(data[pos + 2:pos + 4], "big")
        if marker == 0xDA:  # entropy-coded data up to the next real marker
            found = _MARKER_IN_SCAN.search(data, pos)
            if found is None:
                return False
            pos = found.start()
    return False


def _boxes_fit(data: bytes) -> bool:
    """HEIF is a sequence of boxes, each starting with its size: none may run past the end."""
    pos, size = 0, len(data)
    while pos + 8 <= size:
        length = int.from_bytes(data[pos:pos + 4], "big")
        if length == 1:
            length = int.from_bytes(data[pos + 8:pos + 16], "big")
        elif length == 0:
            return True  # the last box runs to the end of the file
        if length < 8:
            return False
        pos += length
    return pos == size


def _usable(kind: str) -> bool:
    return kind in ACCEPTED or (kind in CONVERTED and (kind != "HEIF" or _heif_available()))


def _label(kind: str) -> str:
    return "HEIC" if kind == "HEIF" else kind


def _reason(error: Exception, path: Path) -> Text:
    from PIL import UnidentifiedImageError

    text = str(error)
    if "truncat" in text.lower() or isinstance(error, EOFError):
        return Text("文件不完整，可能没有传完", "the file is incomplete, perhaps not fully copied")
    if isinstance(error, UnidentifiedImageError):
        return Text("文件头已损坏", "its header is damaged")
    detail = text.replace(str(path), path.name) or type(error).__name__  # no absolute paths in messages
    return Text(f"文件已损坏（{detail}）", f"the file is damaged ({detail})")


# -- the copy readers get ------------------------------------------------------------

@dataclass(frozen=True)
class Normalised:
    """A photo re-encoded for readers."""

    data: bytes
    mime: str  # image/jpeg or image/png


def published_name(photo: str) -> str:
    """The site's file name for a photo: JPEG and PNG names stay, others get `.jpg` added,
    so the name a web server types the file by always matches its bytes."""
    suffix = PurePosixPath(photo).suffix.lower()
    return photo if suffix in PUBLISHED_SUFFIXES else f"{photo}.jpg"


def normalise(path: Path, side: int = SIDE, fmt: str | None = None) -> Normalised:
    """The photo upright, at most `side` pixels long, without metadata, as JPEG or PNG.

    `fmt` forces the format (the site names files before it reads them); otherwise a
    PNG or a photo with transparency stays PNG and everything else becomes JPEG."""
    from PIL import Image as PILImage
    from PIL import ImageChops

    try:
        with path.open("rb") as handle:
            kind = sniff(handle.read(512))
        if isinstance(kind, Text) or not _usable(kind):
            raise PhotoError(f"{path.name}: not a photo")
        with _opened(path, kind) as image:
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError(f"{path.name}: too large")
            if kind == "JPEG":
                image.draft("RGB", (side, side))  # decode at a reduced scale that is still >= side
            turn = _TURNS.get(image.getexif().get(_ORIENTATION, 1))
            pixels = image if image.mode in ("RGB", "RGBA") else image.convert("RGBA" if _has_alpha(image) else "RGB")
            # Scaled first, then turned: turning the small copy moves a third of the pixels.
            pixels.thumbnail((side, side), PILImage.Resampling.BILINEAR)
            upright = pixels.transpose(PILImage.Transpose(turn)) if turn is not None else pixels
            see_through = upright.mode == "RGBA" and ImageChops.invert(upright.getchannel("A")).getbbox() is not None
            return _encode(upright, fmt or ("PNG" if kind == "PNG" or see_through else "JPEG"))
    except PhotoError:
        raise
    except Exception as error:  # a decoder's failure, as in `inspect`
        raise PhotoError(f"{path.name}: {error}") from error


_Key = tuple[str, int, int]  # path, size, mtime
_MEMO: dict[_Key, Normalised | None] = {}
_MEMO_LIMIT = 2048  # about 200 MB of copies at most


def normalised_or_none(path: Path) -> Normalised | None:
    """For writers: a photo that does not decode after all is left out rather than ending
    the run. Remembered by (path, size, mtime) in the process, because a handbook's Word
    file, HTML and PDF each want the same copies."""
    key = _key(path)
    if key is None:
        return None
    if key not in _MEMO:
        _remember(key, _normalised(path))
    return _MEMO[key]


def prepare(paths: Iterable[Path]) -> None:
    """Convert the photos a document is about to embed on every core, so its writers find
    them made: a phone photo takes 0.1-0.2 s."""
    todo = {key: path for path in paths if (key := _key(path)) is not None and key not in _MEMO}
    if len(todo) < 8 or "fork" not in multiprocessing.get_all_start_methods():
        return  # not worth a pool: the writers convert as they go
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(os.cpu_count() or 1, mp_context=context) as pool:
        for key, made in zip(todo, pool.map(_normalised, todo.values(), chunksize=4)):
            _remember(key, made)


def _key(path: Path) -> _Key | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return str(path), stat.st_size, stat.st_mtime_ns


def _normalised(path: Path) -> Normalised | None:
    try:
        return normalise(path)
    except PhotoError:
        return None


def _remember(key: _Key, made: Normalised | None) -> None:
    if len(_MEMO) >= _MEMO_LIMIT:
        del _MEMO[next(iter(_MEMO))]  # the oldest
    _MEMO[key] = made


def _has_alpha(image: Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _encode(image: Image, fmt: str) -> Normalised:
    """Save only pixels (and the colour profile, which is not private): no EXIF, no text chunks."""
    options: dict[str, Any] = {"icc_profile": image.info.get("icc_profile")} if image.info.get("icc_profile") else {}
    if fmt == "PNG":
        pixels = image.convert("RGBA" if _has_alpha(image) else "RGB")
        options["optimize"] = True
    else:
        pixels = _flattened(image) if _has_alpha(image) else image.convert("RGB")
        options.update(quality=JPEG_QUALITY, optimize=True)
    buffer = io.BytesIO()
    pixels.save(buffer, fmt, **options)
    return Normalised(buffer.getvalue(), f"image/{fmt.lower()}")


def _flattened(image: Image) -> Image:
    from PIL import Image as PILImage

    rgba = image.convert("RGBA")
    background = PILImage.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


class Inspections:
    """`inspect` by (path, size, mtime), remembered in the user's cache folder beside the
    parse cache: checking 2,000 phone photos reads 7 GB, `stat`-ing them takes milliseconds."""

    def __init__(self, root: Path, use_cache: bool = True) -> None:
        from .cache import FileCache, default_dir

        self.cache = FileCache(root, "photos", default_dir() / "photos") if use_cache else None

    def __call__(self, path: Path) -> Finding | None:
        if self.cache is None:
            return inspect(path)
        try:
            stat = path.stat()
        except OSError:
            return inspect(path)  # gone since it was found: inspect says why
        key = f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}"
        found = self.cache.get(key)
        if found is None:
            found = (inspect(path),)  # a tuple, because the cache takes None for "not cached"
            if not (found[0] and found[0].code == "photo-unsupported"):  # HEIC may be once pillow-heif is in
                self.cache.put(key, found)
        return found[0]

    def save(self) -> None:
        if self.cache is not None:
            self.cache.save()
