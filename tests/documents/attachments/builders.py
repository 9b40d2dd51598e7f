"""Builders for honest and hostile attachments, generated at test time rather than committed as binaries."""

import functools
import io
import os
import struct
import zipfile
import zlib
from collections.abc import Sequence

from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

MIB = 1024 * 1024
HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


def report(pages: int = 3) -> bytes:
    """An honest multi-page document, as reportlab writes it."""
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer, pagesize=A4)
    for number in range(1, pages + 1):
        document.drawString(72, 760, f"Care plan, page {number} of {pages}")
        document.showPage()
    document.save()
    return buffer.getvalue()


def report_with_images(pages: int = 2) -> bytes:
    """An honest document with a random image per page, in reportlab's default ASCII85 + Flate streams."""
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer, pagesize=A4)
    for number in range(1, pages + 1):
        image = Image.frombytes("RGB", (64, 64), os.urandom(64 * 64 * 3))
        document.drawImage(ImageReader(image), 72, 400, width=300, height=300)
        document.drawString(72, 760, f"Photograph {number}")
        document.showPage()
    document.save()
    return buffer.getvalue()


def raw_pdf(objects: Sequence[bytes], *, trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A PDF from object bodies (object n is objects[n - 1]) with an exact xref table."""
    out = bytearray(HEADER)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def stream(data: bytes, entries: bytes = b"") -> bytes:
    """A stream object body with an exact /Length."""
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), entries, data)


def one_page(
    *, catalog: bytes = b"", page: bytes = b"", extra: Sequence[bytes] = (), trailer: bytes = b"/Root 1 0 R"
) -> bytes:
    """A one-page PDF (catalog 1, pages 2, page 3, contents 4) with additions; extra objects are numbered from 5."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R %s >>" % catalog,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R %s >>" % page,
            stream(b"0 0 m 100 100 l S"),
            *extra,
        ],
        trailer=trailer,
    )


@functools.cache
def flate_zeros(size: int) -> bytes:
    """size zero bytes, deflated in 1 MiB steps so the builder never holds them (cached: 200 MB takes ~2 s)."""
    compressor = zlib.compressobj(9)
    block = bytes(MIB)
    parts = [compressor.compress(block) for _ in range(size // MIB)]
    return b"".join([*parts, compressor.compress(bytes(size % MIB)), compressor.flush()])


def flate_bomb(size: int = 200 * MIB, *, filters: bytes = b"/FlateDecode") -> bytes:
    """A one-page PDF with a stream of size deflated zero bytes (about size / 1000 on disk) under the given /Filter."""
    return one_page(page=b"/Bomb 5 0 R", extra=[stream(flate_zeros(size), b"/Filter %s" % filters)])


def nested_bomb(size: int = 200 * MIB) -> bytes:
    """A stream deflated twice ([/FlateDecode /FlateDecode]): the outer layer inflates to only about size / 1000."""
    twice = zlib.compress(flate_zeros(size), 9)
    return one_page(page=b"/Bomb 5 0 R", extra=[stream(twice, b"/Filter [/FlateDecode /FlateDecode]")])


def zero_streams(count: int, size: int) -> bytes:
    """A one-page PDF with count deflated streams of size zero bytes each: small alone, large together."""
    references = b" ".join(b"%d 0 R" % number for number in range(5, 5 + count))
    streams = [stream(flate_zeros(size), b"/Filter /FlateDecode") for _ in range(count)]
    return one_page(page=b"/Parts [%s]" % references, extra=streams)


def encrypted(*, user_password: str, owner_password: str) -> bytes:
    """An honest document encrypted with pypdf (RC4-128; AES would need the `cryptography` package)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(report(2))))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def aes256_encrypted() -> bytes:
    """A PDF claiming AES-256 (R6) encryption, which pypdf cannot even test a password for without `cryptography`."""
    encrypt = (
        b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 /StmF /StdCF /StrF /StdCF"
        b" /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >>"
        b" /O <%s> /U <%s> /OE <%s> /UE <%s> /Perms <%s> >>"
    ) % (b"11" * 48, b"22" * 48, b"33" * 32, b"44" * 32, b"55" * 16)
    trailer = b"/Root 1 0 R /Encrypt 5 0 R /ID [<%s> <%s>]" % (b"ab" * 16, b"ab" * 16)
    return one_page(extra=[encrypt], trailer=trailer)


def linked_objects(count: int) -> bytes:
    """A one-page PDF with a chain of count small objects hanging off the catalog: slow to parse, never looping."""
    chain = [b"<< /N %d /Next %d 0 R >>" % (number, number + 1) for number in range(5, 5 + count - 1)]
    return one_page(catalog=b"/Chain 5 0 R", extra=[*chain, b"<< /End true >>"])


def prev_loop() -> bytes:
    """A valid file whose trailer's /Prev points back at its own xref section."""
    data = one_page()
    startxref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    return data.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Prev %d >>" % startxref)


def broken_xref() -> bytes:
    """A valid file whose xref offsets all point a few bytes off, so pypdf has to repair it."""
    data = one_page()
    head, xref = data.split(b"xref\n", 1)
    return head + b"xref\n" + xref.replace(b"0000000", b"0000001", 6)


def html(*, polyglot: bool = False) -> bytes:
    """An HTML page with a script; a polyglot also carries the PDF header and end marker to pass the cheap checks."""
    page = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n"
    return b"%PDF-1.7\n" + page + b"%%EOF\n" if polyglot else page


def zip_archive() -> bytes:
    """A ZIP archive holding a PDF: the right bytes inside the wrong container."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("court_order.pdf", report(1))
    return buffer.getvalue()


def png() -> bytes:
    """A one-pixel PNG image."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")
    )
