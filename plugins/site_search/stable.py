"""Make Pagefind's bundle the same bytes for the same site.

Pagefind 1.5 writes fragments and word indexes stably, but the values inside
each filter chunk, and the filter list in its metadata file, come out in
hash-map order, which changes from run to run (upstream issue #638). The
file names are content hashes, so the metadata file and pagefind-entry.json
change too. ``stabilise_bundle`` rewrites those few files in sorted order,
under names made from their content, so two builds of the same site give the
same bundle byte for byte.

The chunks are gzip files holding ``pagefind_dcd`` and one CBOR value; the
small CBOR codec below covers exactly what Pagefind writes (unsigned and
negative integers, byte and text strings, arrays, maps, true/false/null),
in the shortest encoding, as Pagefind does.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class BundleFormatError(ValueError):
    """The bundle is not laid out the way Pagefind 1.5 writes it."""


# --- CBOR --------------------------------------------------------------------------


def cbor_decode(data: bytes, start: int = 0) -> tuple[Any, int]:
    """One CBOR value from ``data`` at ``start``, and the offset after it."""
    head = data[start]
    major, info = head >> 5, head & 31
    at = start + 1
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info not in simple:
            raise BundleFormatError(f"unsupported CBOR simple value {info}")
        return simple[info], at
    if info < 24:
        number = info
    elif info <= 27:
        size = 1 << (info - 24)
        number = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise BundleFormatError(f"unsupported CBOR length {info}")
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major == 2:
        return bytes(data[at : at + number]), at + number
    if major == 3:
        return data[at : at + number].decode("utf-8"), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = cbor_decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(number):
            key, at = cbor_decode(data, at)
            mapping[key], at = cbor_decode(data, at)
        return mapping, at
    raise BundleFormatError(f"unsupported CBOR type {major}")


def _cbor_head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise BundleFormatError(f"number too large for CBOR: {number}")


def cbor_encode(value: Any) -> bytes:
    """``value`` in CBOR, shortest form."""
    if value is False or value is True or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        if value >= 0:
            return _cbor_head(0, value)
        return _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _cbor_head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(map(cbor_encode, value))
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(
            cbor_encode(key) + cbor_encode(item) for key, item in value.items()
        )
    raise BundleFormatError(f"cannot encode {type(value).__name__} in CBOR")


# --- Chunks ------------------------------------------------------------------------


def read_chunk(path: Path) -> Any:
    """The CBOR value in a gzipped Pagefind chunk."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise BundleFormatError(f"{path.name}: not a Pagefind chunk")
    value, end = cbor_decode(data, len(SIGNATURE))
    if end != len(data):
        raise BundleFormatError(f"{path.name}: trailing bytes")
    return value


def _write_chunk(folder: Path, old_hash: str, value: Any, digits: int, suffix: str):
    """Write ``value`` under a name made from its content; return the new hash.

    ``suffix`` is the file name around the hash, e.g. "{}.pf_filter".
    """
    payload = SIGNATURE + cbor_encode(value)
    language = old_hash.rsplit("_", 1)[0]
    new_hash = f"{language}_{hashlib.sha256(payload).hexdigest()[:digits]}"
    old_path = folder / suffix.format(old_hash)
    # mtime=0: the gzip header holds no build time.
    (folder / suffix.format(new_hash)).write_bytes(gzip.compress(payload, 9, mtime=0))
    if new_hash != old_hash:
        old_path.unlink()
    return new_hash


def stabilise_bundle(bundle: Path) -> None:
    """Rewrite the filter chunks and metadata of ``bundle`` in a stable order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    languages = entry.get("languages")
    if not isinstance(languages, dict):
        raise BundleFormatError("pagefind-entry.json: no languages")
    for info in languages.values():
        meta_name = "pagefind.{}.pf_meta"
        meta = read_chunk(bundle / meta_name.format(info["hash"]))
        # [version, pages, word index chunks, filters, sorts, meta fields]
        if not (isinstance(meta, list) and len(meta) >= 5 and isinstance(meta[0], str)):
            raise BundleFormatError("pf_meta: unexpected layout")
        filters, sorts = meta[3], meta[4]
        for pair in filters:
            name, old_hash = pair
            chunk = read_chunk(bundle / "filter" / f"{old_hash}.pf_filter")
            if not (isinstance(chunk, list) and len(chunk) == 2 and chunk[0] == name):
                raise BundleFormatError(f"filter {name!r}: unexpected layout")
            chunk[1].sort(key=lambda value: value[0])
            pair[1] = _write_chunk(
                bundle / "filter", old_hash, chunk, 7, "{}.pf_filter"
            )
        filters.sort(key=lambda pair: pair[0])
        sorts.sort(key=lambda pair: pair[0])
        info["hash"] = _write_chunk(bundle, info["hash"], meta, 10, meta_name)
    entry["languages"] = dict(sorted(languages.items()))
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8"
    )
