"""VAPID keys (RFC 8292) of this Zorgzaam: an EC P-256 key pair. The private key signs a
short-lived token for each push message; browsers subscribe with the public key.

No Django here: the dev and test settings call :func:`ensure_key_file` while they load."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def generate_private_pem() -> str:
    """A new private key, PKCS#8 PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def load_private_key(text: str) -> ec.EllipticCurvePrivateKey:
    """Read a private key given as PEM, or as base64url of the raw 32-byte scalar (the form
    other web push tools print). Raises ValueError on anything else."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
    else:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        if len(raw) != 32:
            raise ValueError("a raw VAPID private key is 32 bytes")
        key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ValueError("a VAPID key is an EC P-256 key")
    return key


def private_pem(text: str) -> str:
    """The key in ``text`` (PEM or raw base64url) as PKCS#8 PEM."""
    return (
        load_private_key(text)
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode("ascii")
    )


def public_key_b64(text: str) -> str:
    """The public key as browsers want it for ``applicationServerKey``: the uncompressed
    point, base64url without padding."""
    point = (
        load_private_key(text)
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return base64.urlsafe_b64encode(point).rstrip(b"=").decode("ascii")


def ensure_key_file(path: Path) -> Path:
    """Make a private key file at ``path`` (mode 0600) unless one is there; for the dev and
    test settings, like their other local-only secrets. Safe when several processes start at
    once: the key is written aside and linked into place, so nobody reads half a file."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(generate_private_pem())
    try:
        os.link(aside, path)
    except FileExistsError:
        pass  # another process was first; its key is the one
    finally:
        aside.unlink()
    return path


def dev_key_path(var_dir: Path) -> Path:
    """Where the dev and test settings keep their generated key: the virtual environment's
    var folder when running in one (it outlives the demo database), else ``var_dir``."""
    import sys

    base = Path(sys.prefix) / "var" if sys.prefix != sys.base_prefix else var_dir
    return base / "zorgzaam-dev-vapid.pem"
