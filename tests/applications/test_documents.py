"""Uploaded documents: kept by content under var/, only real PDFs and images, never too big."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from yinren.applications import documents
from yinren.errors import InvalidInput

PDF = b"%PDF-1.7\n1 0 obj\n"


def test_a_pdf_is_stored_once_by_its_sha256_with_its_metadata(tmp_path: Path) -> None:
    stored = documents.store("../../etc/合同.pdf", io.BytesIO(PDF), tmp_path)
    digest = hashlib.sha256(PDF).hexdigest()
    assert stored.metadata() == {
        "name": "合同.pdf",
        "media_type": "application/pdf",
        "size_bytes": len(PDF),
        "sha256": digest,
    }
    assert (tmp_path / digest[:2] / digest).read_bytes() == PDF
    again = documents.store("copy.pdf", io.BytesIO(PDF), tmp_path)
    assert again.sha256 == digest and len(list(tmp_path.rglob("*"))) == 2  # one folder, one file


@pytest.mark.parametrize(
    ("head", "media_type"),
    [(b"\xff\xd8\xff\xe0JFIF", "image/jpeg"), (b"\x89PNG\r\n\x1a\n....", "image/png"), (b"MZ\x90\x00", None)],
)
def test_the_type_comes_from_the_first_bytes(head: bytes, media_type: str | None) -> None:
    assert documents.media_type_of(head) == media_type


def test_a_program_renamed_to_pdf_is_refused_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        documents.store("invoice.pdf", io.BytesIO(b"MZ\x90\x00 not a pdf"), tmp_path)
    assert refused.value.fields is not None
    assert "invoice.pdf" in refused.value.fields[0].message_zh
    assert not list(tmp_path.iterdir())


def test_a_file_over_the_cap_is_refused_and_one_at_the_cap_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(documents, "MAX_BYTES", 64)
    assert documents.store("ok.pdf", io.BytesIO(PDF.ljust(64, b" ")), tmp_path).size_bytes == 64
    with pytest.raises(InvalidInput):
        documents.store("big.pdf", io.BytesIO(PDF.ljust(65, b" ")), tmp_path)
