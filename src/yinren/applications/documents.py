"""Documents attached to an application: the bytes kept under var/ by their sha256, the metadata on the case.

The application records only metadata (``schemas.Attachment``: name, media type, size, sha256); the file
itself is stored once per content, at ``<upload_dir>/ab/abcdef…`` (setting ``YINREN_UPLOAD_DIR``, default
``var/uploads``), never under a name the uploader chose.
Only PDF, JPEG and PNG are taken, recognised by their first bytes rather than the declared type.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import FieldError, InvalidInput

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
SIGNATURES = ((b"%PDF-", "application/pdf"), (b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))


@dataclass(frozen=True, slots=True)
class Stored:
    name: str
    media_type: str
    size_bytes: int
    sha256: str

    def metadata(self) -> dict[str, object]:
        return {"name": self.name, "media_type": self.media_type, "size_bytes": self.size_bytes, "sha256": self.sha256}


def media_type_of(head: bytes) -> str | None:
    for signature, media_type in SIGNATURES:
        if head.startswith(signature):
            return media_type
    return None


def safe_name(filename: str) -> str:
    """The file's own name, without any directory, control characters or excess length."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip() or "document"
    return name[-200:]


def store(filename: str, stream: BinaryIO, directory: Path, field: str = "documents") -> Stored:
    """Check and keep one uploaded file; InvalidInput names the file when it is too big or not a document."""
    content = stream.read(MAX_BYTES + 1)
    name = safe_name(filename)
    if len(content) > MAX_BYTES:
        raise InvalidInput(
            [
                FieldError(
                    field,
                    f"文件“{name}”超过{MAX_BYTES // (1024 * 1024)}MB。",
                    f"The file '{name}' is larger than {MAX_BYTES // (1024 * 1024)} MB.",
                )
            ]
        )
    media_type = media_type_of(content[:16])
    if media_type is None:
        raise InvalidInput(
            [
                FieldError(
                    field,
                    f"文件“{name}”不是PDF、JPG或PNG。",
                    f"The file '{name}' is not a PDF, JPEG or PNG.",
                )
            ]
        )
    digest = hashlib.sha256(content).hexdigest()
    path = directory / digest[:2] / digest
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.part")
        temporary.write_bytes(content)
        temporary.replace(path)  # atomic: a reader never sees half a file
    return Stored(name, media_type, len(content), digest)
