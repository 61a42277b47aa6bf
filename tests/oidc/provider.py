"""Start and stop the test OpenID provider (provider.mjs: the npm package oidc-provider on
the machine's Node) on a free loopback port, for pytest fixtures."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

STAFF_CLIENT = "zorgzaam-staff"
STAFF_SECRET = "staff-test-secret"  # noqa: S105 - a loopback test provider's client
DIGID_CLIENT = "zorgzaam-digid"
DIGID_SECRET = "digid-test-secret"  # noqa: S105
EH_CLIENT = "zorgzaam-eherkenning"
EH_SECRET = "eherkenning-test-secret"  # noqa: S105
STRONG_ACR = "urn:zorgzaam:test:acr:mfa"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class TestProvider:
    issuer: str
    process: subprocess.Popen

    def tamper(self, mode: str) -> None:
        """The next ID token is altered: nonce, expired, audience, signature or none."""
        with urllib.request.urlopen(f"{self.issuer}/__test/tamper?mode={mode}") as response:  # noqa: S310
            assert json.load(response) == {"tamper": mode}

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(rp_base_url: str) -> TestProvider:
    """Install (npm ci, once) and start the provider with a staff and a DigiD-like client
    whose redirect addresses point at ``rp_base_url``."""
    subprocess.run(["bash", str(HERE / "install.sh")], check=True)
    port = _free_port()
    clients = [
        {
            "client_id": client_id,
            "client_secret": secret,
            "redirect_uris": [f"{rp_base_url}/account/oidc/callback/"],
            "post_logout_redirect_uris": [f"{rp_base_url}/"],
        }
        for client_id, secret in (
            (STAFF_CLIENT, STAFF_SECRET),
            (DIGID_CLIENT, DIGID_SECRET),
            (EH_CLIENT, EH_SECRET),
        )
    ]
    env = {**os.environ, "OP_PORT": str(port), "OP_CLIENTS": json.dumps(clients)}
    process = subprocess.Popen(
        ["node", "provider.mjs"],
        cwd=HERE,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("listening"):
        process.kill()
        raise RuntimeError(f"the test OpenID provider did not start: {line!r}")
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration"):  # noqa: S310
                break
        except OSError:
            time.sleep(0.2)
    return TestProvider(issuer=issuer, process=process)


def staff_settings(issuer: str, municipality_code: str, **extra) -> dict:
    """A ZORGZAAM_OIDC value with the test provider as the municipality's staff provider."""
    provider = {
        "municipality": municipality_code,
        "kind": "staff",
        "label": "Testgemeente ID",
        "issuer": issuer,
        "client_id": STAFF_CLIENT,
        "client_secret": STAFF_SECRET,
        "scopes": "openid profile email groups",
        "username_claim": "preferred_username",
        "groups_claim": "groups",
        "groups": {
            "zorgzaam-professionals": {"role": "professional"},
            "zorgzaam-teamleiders": {"role": "team_lead"},
            "team-noord": {"teams": ["Team Noord"]},
        },
        "strong_acr": [STRONG_ACR],
        "strong_amr": ["mfa"],
    }
    provider.update(extra)
    return {"providers": {"test-idp": provider}}


def digid_settings(issuer: str, municipality_code: str) -> dict:
    """A DigiD broker entry (the test provider's DigiD-like client) for ZORGZAAM_OIDC."""
    return {
        "municipality": municipality_code,
        "kind": "digid",
        "label": "DigiD",
        "issuer": issuer,
        "client_id": DIGID_CLIENT,
        "client_secret": DIGID_SECRET,
        "scopes": "openid bsn profile",
    }


def eherkenning_settings(issuer: str, municipality_code: str) -> dict:
    """An eHerkenning broker entry (the test provider's eHerkenning-like client): the KvK
    number in the claim ``kvk``, the eTD assurance classes mapped to the levels."""
    return {
        "municipality": municipality_code,
        "kind": "eherkenning",
        "label": "eHerkenning",
        "issuer": issuer,
        "client_id": EH_CLIENT,
        "client_secret": EH_SECRET,
        "scopes": "openid kvk profile",
        "acr_levels": {
            "urn:etoegang:core:assurance-class:loa2": "basis",
            "urn:etoegang:core:assurance-class:loa3": "substantieel",
            "urn:etoegang:core:assurance-class:loa4": "hoog",
        },
    }
