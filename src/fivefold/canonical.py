"""The one JSON spelling Fivefold hashes: content digests, signed statements, the audit chain, bank hashes.

Standard library only: `fivefold gate FILE` and `fivefold verify FILE` recompute every hash
from a JSON export without importing the store, SQLAlchemy or pydantic.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(data: Any) -> str:
    """Sorted keys, no spaces, non-ASCII kept as is: what digests, statements and audit events hash."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(text: str) -> str:
    """The lowercase hex SHA-256 of `text`'s UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def bank_content_hash(content: Any) -> str:
    """A bank's content hash: its JSON data with sorted keys and no spaces, non-ASCII as `\\u` escapes.

    The escapes differ from `canonical_json` for a historical reason: every assessment stores the
    hash of its bank as this recipe made it, so it must not change.
    """
    return hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":")).encode("ascii")).hexdigest()
