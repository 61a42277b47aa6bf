"""A push service on loopback for tests (RFC 8030 receive side): checks each request's VAPID
token (RFC 8292) and decrypts its body (RFC 8291, aes128gcm) with the browser's private key,
the way a real push service and browser together would."""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64u_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass
class Browser:
    """A browser's side of one subscription: its ECDH key pair and auth secret."""

    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: __import__("os").urandom(16))

    def keys(self) -> dict:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"p256dh": b64u(point), "auth": b64u(self.auth)}


def verify_vapid(header: str, audience: str) -> dict:
    """Check ``Authorization: vapid t=<JWT>, k=<public key>``; return the JWT's claims.
    Raises AssertionError when the token is missing, unsigned by k, for another audience, or
    expired (or valid for more than a day, RFC 8292 section 2)."""
    scheme, _, params = header.partition(" ")
    assert scheme == "vapid", header
    parts = dict(item.strip().split("=", 1) for item in params.split(","))
    token, key = parts["t"], parts["k"]
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64u_decode(key))
    head_b64, claims_b64, sig_b64 = token.split(".")
    head = json.loads(b64u_decode(head_b64))
    assert head["alg"] == "ES256", head
    signature = b64u_decode(sig_b64)
    assert len(signature) == 64
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    try:
        public.verify(der, f"{head_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise AssertionError("VAPID token not signed by the key k") from exc
    claims = json.loads(b64u_decode(claims_b64))
    assert claims["aud"] == audience, (claims["aud"], audience)
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600, claims
    assert claims["sub"].startswith(("mailto:", "https://")), claims
    claims["k"] = key
    return claims


class PushServer:
    """``http://127.0.0.1:<port>/push/<name>``: answers 201 and records each message, or the
    status set in ``answers[name]`` (e.g. 410 for a subscription that is gone)."""

    def __init__(self) -> None:
        self.browsers: dict[str, Browser] = {}
        self.answers: dict[str, int] = {}
        self.received: list[dict] = []
        self.errors: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                name = self.path.rsplit("/", 1)[-1]
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = server.answers.get(name, 201)
                try:
                    if status == 201:
                        server.received.append(server.check(name, self.headers, body))
                except Exception as exc:  # reported to the test, answered 400
                    server.errors.append(f"{type(exc).__name__}: {exc}")
                    status = 400
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def subscription(self, name: str) -> dict:
        """A new browser subscription at this server, as ``PushSubscription.toJSON()``."""
        browser = self.browsers[name] = Browser()
        return {"endpoint": f"{self.origin}/push/{name}", "keys": browser.keys()}

    def check(self, name: str, headers, body: bytes) -> dict:
        claims = verify_vapid(headers["Authorization"], self.origin)
        assert headers["Content-Encoding"] == "aes128gcm", headers
        assert int(headers["TTL"]) > 0, headers
        browser = self.browsers[name]
        plain = http_ece.decrypt(
            body,
            private_key=browser.private_key,
            auth_secret=browser.auth,
            version="aes128gcm",
        )
        return {
            "name": name,
            "payload": json.loads(plain),
            "claims": claims,
            "topic": headers.get("Topic"),
        }

    def __enter__(self) -> PushServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
