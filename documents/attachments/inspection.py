"""What the sandbox child does with pypdf: open, refuse encryption, count pages, walk every object, decode every stream.

Import this only inside the confined child (sandbox.py): pypdf is a pure-Python parser of hostile input.
"""

import binascii
import logging
import zlib
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, LimitReachedError, PdfReadError
from pypdf.filters import LZWDecode, RunLengthDecode
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

from .validation import AttachmentLimits, Code

CHUNK = 1024 * 1024  # inflate output per step: a bomb is refused before it is ever held whole
MAX_FILTERS = 8
MAX_NESTING = 100  # arrays and dictionaries inside one object; pypdf's own depth limits are 100 too
FLATE = frozenset({"/FlateDecode", "/Fl"})
PYPDF_DECODERS = {  # bounded by pypdf's own output limits, which sandbox.configure_pypdf sets to ours
    "/LZWDecode": LZWDecode.decode,
    "/LZW": LZWDecode.decode,
    "/RunLengthDecode": RunLengthDecode.decode,
    "/RL": RunLengthDecode.decode,
}
HEX = frozenset({"/ASCIIHexDecode", "/AHx"})
A85 = frozenset({"/ASCII85Decode", "/A85"})
WHITESPACE = b" \t\n\r\x0c\x00"
A85_ALPHABET = bytes(range(33, 118))
A85_DIGITS = bytes.maketrans(A85_ALPHABET, bytes(range(85)))
A85_WEIGHTS = sum(85**power << (40 * power) for power in range(5))  # see _a85_groups
A85_STEP = 5 * 200_000  # characters per big-integer step
# Image codecs end the chain: their output is pixels for a viewer, not more PDF, and pack merging copies them as-is.
IMAGE_CODECS = frozenset({"/DCTDecode", "/DCT", "/JPXDecode", "/CCITTFaxDecode", "/CCF", "/JBIG2Decode"})

ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/XFA", "/RichMediaContent", "/RichMediaSettings"})
ACTIVE_NAMES = frozenset({"/JavaScript", "/Launch", "/ImportData", "/RichMedia", "/RichMediaExecute"})
EMBEDDED_KEYS = frozenset({"/EmbeddedFiles", "/EF"})
EMBEDDED_NAMES = frozenset({"/EmbeddedFile", "/FileAttachment"})

# pypdf repairs broken files quietly in non-strict mode and says so only in a warning; these mean "refuse".
REPAIR_WARNINGS = {
    Code.REFERENCE_LOOP: ("Circular xref chain",),
    Code.TRUNCATED: ("EOF marker not found", "EOF marker seems truncated", "The file might be truncated"),
    Code.UNREADABLE: (
        "incorrect startxref pointer",
        "Invalid parent xref",
        "Invalid/Truncated xref table",
        "parsing for Object Streams",
        "Object ID %(idnum)d,%(generation)d ref repaired",
        "Object %(idnum)d %(generation)d found",
        "Ignoring wrong pointing object",
        "entry %(num)d in Xref table invalid",
        "Invalid Root object in trailer",
        "Previous trailer cannot be read",
        "XRef object at",
        "Invalid stream (index",
    ),
}


class Refusal(Exception):
    """The file is refused for the reason its code names."""

    def __init__(self, code: Code) -> None:
        super().__init__(code)
        self.code = code


class RepairWatch(logging.Handler):
    """Collects pypdf's repair warnings so a silently repaired file can still be refused."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.codes: list[Code] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the code for a warning that means the file's structure is broken."""
        template = str(record.msg)
        for code, prefixes in REPAIR_WARNINGS.items():
            if template.startswith(prefixes):
                self.codes.append(code)

    def raise_first(self) -> None:
        """Refuse with the first structural problem pypdf reported, if any."""
        if self.codes:
            raise Refusal(self.codes[0])


def inspect_pdf(path: Path, limits: AttachmentLimits) -> tuple[Code, int]:
    """Check the PDF at path; return (code, pages) and never raise for anything in the file."""
    watch = RepairWatch()
    logger = logging.getLogger("pypdf")
    logger.addHandler(watch)
    logger.propagate = False
    try:
        with path.open("rb") as file:
            return Code.OK, _checked_pages(file, limits, watch)
    except Refusal as refusal:
        return refusal.code, 0
    except MemoryError:
        return Code.RESOURCE_LIMIT, 0
    except RecursionError:
        return Code.REFERENCE_LOOP, 0  # a graph too deep for pypdf's recursive parser
    except Exception as error:  # noqa: BLE001 - any other failure on hostile input is "unreadable", by design
        return _code_for(error), 0


def _code_for(error: Exception) -> Code:
    """Map a pypdf exception to a code by kind, then by what pypdf says it hit."""
    text = str(error).lower()
    if isinstance(error, (LimitReachedError, PdfReadError)) and any(w in text for w in ("loop", "cycl", "depth")):
        return Code.REFERENCE_LOOP
    if isinstance(error.__cause__, RecursionError):
        return Code.REFERENCE_LOOP  # pypdf wraps a RecursionError from over-deep nesting in PdfReadError
    if isinstance(error, AttributeError) and "indirect_reference" in text:
        return Code.REFERENCE_LOOP  # pypdf 7.1 cannot cache an object whose value is a bare reference (5 -> 6 -> 5)
    if isinstance(error, LimitReachedError):
        decoding = any(word in text for word in ("decompress", "decoding", "output"))
        return Code.DECOMPRESSION_BOMB if decoding else Code.RESOURCE_LIMIT
    return Code.UNREADABLE


def _checked_pages(file: Any, limits: AttachmentLimits, watch: RepairWatch) -> int:
    """Run every check in order of cost and return the page count."""
    try:
        reader = PdfReader(file, strict=False)
    except DependencyError:
        raise Refusal(Code.ENCRYPTED) from None  # pypdf tries the empty password; AES needs `cryptography`
    watch.raise_first()
    if reader.is_encrypted:
        raise Refusal(Code.ENCRYPTED)
    pages = len(reader.pages)
    if pages > limits.max_pages:
        raise Refusal(Code.TOO_MANY_PAGES)
    if pages == 0:
        raise Refusal(Code.EMPTY)
    ObjectWalk(reader, limits).run()
    watch.raise_first()
    return pages


class ObjectWalk:
    """Visits every object reachable from the trailer once, checking each dictionary and decoding each stream."""

    def __init__(self, reader: PdfReader, limits: AttachmentLimits) -> None:
        self.reader = reader
        self.limits = limits
        self.seen: set[tuple[int, int]] = set()
        self.seen_direct: set[int] = set()  # pypdf shares inherited direct objects between pages
        self.decoded = 0

    def run(self) -> None:
        """Walk with an explicit stack and a visited set, so cycles and long chains cost nothing extra."""
        stack: list[tuple[Any, int]] = [(self.reader.trailer, 0)]
        while stack:
            item, depth = stack.pop()
            if isinstance(item, IndirectObject):
                item, depth = self._first_visit(item), 0
            elif isinstance(item, (DictionaryObject, ArrayObject)):
                if id(item) in self.seen_direct:
                    continue
                self.seen_direct.add(id(item))
            if isinstance(item, DictionaryObject):
                _check_dictionary(item)
                if isinstance(item, StreamObject):
                    self._decode(item)
                children: Any = dict.values(item)
            elif isinstance(item, ArrayObject):
                children = item
            else:
                continue
            if depth >= MAX_NESTING:  # nesting pypdf cut short, or that would recurse in a later reader
                raise Refusal(Code.REFERENCE_LOOP)
            stack.extend((child, depth + 1) for child in children)

    def _first_visit(self, reference: IndirectObject) -> Any:
        """Resolve a reference not seen before (None if seen); a chain of bare references that loops is refused."""
        chain: set[tuple[int, int]] = set()
        item: Any = reference
        while isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in chain:
                raise Refusal(Code.REFERENCE_LOOP)
            if key in self.seen:
                return None
            chain.add(key)
            self.seen.add(key)
            item = self.reader.get_object(item)
        if len(self.seen) > self.limits.max_objects:
            raise Refusal(Code.RESOURCE_LIMIT)
        return item

    def _decode(self, stream: StreamObject) -> None:
        """Decode one stream under what is left of the per-stream, ratio and whole-file allowances."""
        data: bytes = stream._data  # the encoded bytes; get_data() would decode without our caps and cache it
        allowance = min(
            self.limits.max_stream_bytes,
            self.limits.max_decoded_bytes - self.decoded,
            max(self.limits.ratio_floor_bytes, self.limits.max_ratio * len(data)),
        )
        filters, parameters = _filters(stream)
        size = len(data)
        for index, name in enumerate(filters):
            if name in IMAGE_CODECS:
                break
            if name in FLATE:
                size, data = _inflate(data, allowance, keep=index < len(filters) - 1)
            elif name in HEX:
                data = hex_decode(data)
                size = len(data)
            elif name in A85:
                data = a85_decode(data)
                size = len(data)
            elif name in PYPDF_DECODERS:
                data = PYPDF_DECODERS[name](data, parameters[index])
                size = len(data)
            else:
                raise Refusal(Code.UNREADABLE)  # Crypt, or a filter no reader knows
            if size > allowance:
                raise Refusal(Code.DECOMPRESSION_BOMB)
        self.decoded += size


def _check_dictionary(item: DictionaryObject) -> None:
    """Refuse scripts, launch actions, XFA, rich media and embedded files, wherever they sit."""
    keys = item.keys()
    kinds = {_resolved(dict.get(item, key)) for key in ("/S", "/Type", "/Subtype")}
    kinds = {kind for kind in kinds if isinstance(kind, str)}
    if keys & ACTIVE_KEYS or kinds & ACTIVE_NAMES:
        raise Refusal(Code.ACTIVE_CONTENT)
    if keys & EMBEDDED_KEYS or kinds & EMBEDDED_NAMES:
        raise Refusal(Code.EMBEDDED_FILES)


def _filters(stream: StreamObject) -> tuple[list[str], list[Any]]:
    """The stream's filter names and their parameters, as equal-length lists."""
    names = _as_list(_resolved(dict.get(stream, "/Filter")), NameObject)
    if len(names) > MAX_FILTERS:
        raise Refusal(Code.DECOMPRESSION_BOMB)
    parameters = _as_list(_resolved(dict.get(stream, "/DecodeParms")), DictionaryObject)
    parameters = [value if isinstance(value, DictionaryObject) else None for value in map(_resolved, parameters)]
    return [str(_resolved(name)) for name in names], parameters + [None] * (len(names) - len(parameters))


def _as_list(value: Any, single: type) -> list[Any]:
    """An array as a list, one value of the expected type as a list of one, anything else as empty."""
    if isinstance(value, ArrayObject):
        return list(value)
    return [value] if isinstance(value, single) else []


def _resolved(value: Any) -> Any:
    """One step of reference resolution for small values such as filter names."""
    return value.get_object() if isinstance(value, IndirectObject) else value


def _inflate(data: bytes, allowance: int, *, keep: bool) -> tuple[int, bytes]:
    """Inflate in bounded steps, refusing past the allowance; keep the output only if another filter needs it."""
    try:
        return _inflate_with(zlib.decompressobj(), data, allowance, keep=keep)
    except zlib.error:
        pass
    try:
        return _inflate_with(zlib.decompressobj(-zlib.MAX_WBITS), data, allowance, keep=keep)  # headerless deflate
    except zlib.error:
        raise Refusal(Code.UNREADABLE) from None


def _inflate_with(decompressor: Any, data: bytes, allowance: int, *, keep: bool) -> tuple[int, bytes]:
    """Feed data through one decompressor, at most CHUNK bytes of output at a time."""
    size, parts, pending = 0, [], data
    while not decompressor.eof:
        out = decompressor.decompress(pending, CHUNK)
        size += len(out)
        if size > allowance:
            raise Refusal(Code.DECOMPRESSION_BOMB)
        if keep:
            parts.append(out)
        pending = decompressor.unconsumed_tail
        if not out and not pending:
            break  # input ended without an end-of-stream marker: common, and harmless once bounded
    return size, b"".join(parts)


def hex_decode(data: bytes) -> bytes:
    """ASCIIHexDecode with the C hex decoder: whitespace ignored, '>' ends the data, an odd last digit means x0."""
    text = data.translate(None, WHITESPACE).split(b">", 1)[0]
    try:
        return binascii.unhexlify(text + b"0" * (len(text) % 2))
    except binascii.Error:
        raise Refusal(Code.UNREADABLE) from None


def a85_decode(data: bytes) -> bytes:
    """ASCII85Decode at C speed (pure-Python decoders manage about 3 MB/s, too slow for a 20 MB upload)."""
    text = data.translate(None, WHITESPACE).removeprefix(b"<~").split(b"~>", 1)[0].replace(b"z", b"!!!!!")
    padding = -len(text) % 5
    if text.translate(None, A85_ALPHABET) or padding == 4:
        raise Refusal(Code.UNREADABLE)
    text += b"u" * padding  # a short last group is padded with the highest digit, and as many bytes dropped
    decoded = b"".join(_a85_groups(text[start : start + A85_STEP]) for start in range(0, len(text), A85_STEP))
    return decoded[: len(decoded) - padding]


def _a85_groups(text: bytes) -> bytes:
    """Decode whole 5-digit groups at once with one big-integer multiplication.

    Each digit goes in its own 40-bit slot of one integer; multiplying by sum(85**i << 40*i) leaves in the last
    slot of every group that group's value (d0*85**4 + ... + d4), and no slot can carry into the next (85**5 < 2**40).
    """
    count = len(text)
    slots = bytearray(5 * count)
    slots[::5] = text.translate(A85_DIGITS)
    product = (int.from_bytes(slots, "little") * A85_WEIGHTS).to_bytes(5 * (count + 4), "little")
    groups = count // 5
    if product[24::25][:groups].strip(b"\0"):
        raise Refusal(Code.UNREADABLE)  # a group above 2**32 - 1
    decoded = bytearray(4 * groups)
    for byte in range(4):
        decoded[3 - byte :: 4] = product[20 + byte :: 25][:groups]
    return bytes(decoded)
