"""Turn an uploaded photo into the small, clean JPEG that is kept (``PersonPhoto.image``).

Phones write a person's GPS position, the device and the time into a photo's EXIF. None of it is
kept: the image is decoded, turned upright, scaled down and encoded afresh as a JPEG with no
metadata at all. Only JPEG, PNG and WebP are opened (the formats a phone or a webcam gives), and an
image's size is checked before its pixels are decoded, so a small file that unpacks into gigabytes
("decompression bomb") is refused instead of exhausting the server's memory.
"""

from __future__ import annotations

from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# 40 megapixels: more than any phone's photo, far below what would strain the server. Pillow's own
# guard (``Image.MAX_IMAGE_PIXELS``) is process-wide and only warns below twice its value, so the
# limit is checked here, before decoding, without changing global state.
MAX_IMAGE_PIXELS = 40_000_000
LONG_SIDE = 480
JPEG_QUALITY = 80
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")

# File signatures of image formats people may try, to say "not accepted" rather than "not an image".
_OTHER_IMAGE_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"GIF87a", "GIF"),
    (0, b"GIF89a", "GIF"),
    (0, b"BM", "BMP"),
    (0, b"II*\x00", "TIFF"),
    (0, b"MM\x00*", "TIFF"),
    (4, b"ftypheic", "HEIC"),
    (4, b"ftypheix", "HEIC"),
    (4, b"ftypmif1", "HEIF"),
    (4, b"ftypavif", "AVIF"),
)


def too_large_message() -> str:
    return _("The photo is larger than 5 MB. Choose a smaller one or take it again at a lower resolution.")


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("This file is not a photo. Choose a JPEG, PNG or WebP image."), code="not_an_image"
    )


def _other_image_kind(data: bytes) -> str | None:
    for offset, signature, kind in _OTHER_IMAGE_SIGNATURES:
        if data[offset : offset + len(signature)] == signature:
            return kind
    return None


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background: a transparent PNG would otherwise turn black."""
    if image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def photo_normalise(data: bytes) -> bytes:
    """Return ``data`` as an upright JPEG of at most ``LONG_SIDE`` pixels, without any metadata.

    Raises ``ValidationError`` (translated) for a file over 5 MB, a file that is not an image, an
    image in a format that is not accepted, one with too many pixels, or a damaged one.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(too_large_message(), code="too_large")
    if not data:
        raise _not_an_image()
    try:
        image = Image.open(BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        kind = _other_image_kind(data)
        if kind is not None:
            raise ValidationError(
                _("%(kind)s images are not accepted. Choose a JPEG, PNG or WebP image.") % {"kind": kind},
                code="unsupported_type",
            ) from exc
        raise _not_an_image() from exc
    with image:
        width, height = image.size
        if width * height > MAX_IMAGE_PIXELS:
            raise _too_many_pixels()
        try:
            # JPEG can decode straight at a fraction of its size: less memory and time.
            image.draft("RGB", (LONG_SIDE * 2, LONG_SIDE * 2))
            upright = ImageOps.exif_transpose(image)
            clean = _flatten(upright)
            clean.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
        except Image.DecompressionBombError as exc:
            raise _too_many_pixels() from exc
        except (OSError, ValueError, SyntaxError) as exc:
            raise ValidationError(
                _("The image could not be read: the file may be damaged. Try another one."),
                code="damaged",
            ) from exc
    # A fresh image holds pixels only: no EXIF, GPS, XMP, ICC profile or comment can follow.
    stripped = Image.new("RGB", clean.size)
    stripped.paste(clean)
    out = BytesIO()
    stripped.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image is too large (more than %(megapixels)s megapixels). Choose a smaller one.")
        % {"megapixels": MAX_IMAGE_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def photo_size(jpeg: bytes) -> tuple[int, int]:
    """Width and height of a stored photo, read from its header (the pixels are not decoded)."""
    with Image.open(BytesIO(jpeg), formats=("JPEG",)) as image:
        return image.size
