"""The broker's BSN / KvK number: checked before anything is looked up or stored."""

from __future__ import annotations

import pytest

from zorgzaam.identity import config
from zorgzaam.identity.residents import bsn_is_valid, identifier_clean
from zorgzaam.identity.services import SignInRefused


def broker(kind: str, **extra) -> config.Provider:
    raw = {
        "municipality": "GM0513",
        "kind": kind,
        "issuer": "https://broker.example",
        "client_id": "z",
        "client_secret": "s",
        **extra,
    }
    return config.parse({"providers": {"b": raw}}).providers["b"]


@pytest.mark.parametrize(
    ("value", "valid"),
    [("999990019", True), ("999990032", True), ("999990018", False), ("000000000", False)],
)
def test_eleven_check(value, valid):
    assert bsn_is_valid(value) is valid


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"bsn": "999990019"}, "999990019"),
        ({"bsn": " 999990019 "}, "999990019"),
        ({"bsn": 999990019}, "999990019"),
        ({"bsn": "99999001"}, None),  # eight digits: padded, then fails the 11-check
        ({"bsn": "999990018"}, None),
        ({"bsn": ["999990019"]}, None),
        ({}, None),
    ],
)
def test_digid_identifier(claims, expected):
    if expected is None:
        with pytest.raises(SignInRefused) as refused:
            identifier_clean(broker("digid"), claims)
        assert refused.value.code == "identifier"
    else:
        assert identifier_clean(broker("digid"), claims) == expected


def test_eherkenning_kvk_number_from_the_configured_claim():
    p = broker("eherkenning", identifier_claim="urn:etoegang:1.9:EntityConcernedID:KvKnr")
    assert identifier_clean(p, {"urn:etoegang:1.9:EntityConcernedID:KvKnr": "12345678"}) == (
        "12345678"
    )
    with pytest.raises(SignInRefused):
        identifier_clean(p, {"kvk": "12345678"})
    with pytest.raises(SignInRefused):
        identifier_clean(p, {"urn:etoegang:1.9:EntityConcernedID:KvKnr": "1234567X"})
