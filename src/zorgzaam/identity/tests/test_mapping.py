"""Claims to role and teams, the provider's second factor, the level of assurance, and the
validation of ZORGZAAM_OIDC."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from zorgzaam.identity import config, mapping

BASE = {
    "municipality": "GM0513",
    "issuer": "https://idp.example/realms/gouda/",
    "client_id": "zorgzaam",
    "client_secret_env": "GOUDA_OIDC_SECRET",
    "groups": {
        "zz-prof": {"role": "professional"},
        "zz-lead": {"role": "team_lead", "teams": ["Team Noord"]},
        "zz-admin": {"role": "administrator"},
        "wijk-zuid": {"teams": ["Team Zuid"]},
    },
    "strong_acr": ["urn:mfa"],
    "strong_amr": ["mfa", "hwk"],
}


def provider(**extra) -> config.Provider:
    return config.parse({"providers": {"gouda": {**BASE, **extra}}}).providers["gouda"]


def test_defaults_and_discovery_address():
    p = provider()
    assert p.kind == "staff"
    assert p.issuer == "https://idp.example/realms/gouda"
    assert p.discovery_url == "https://idp.example/realms/gouda/.well-known/openid-configuration"
    assert p.username_claim == "preferred_username"
    assert p.groups_claim == "groups"


@pytest.mark.parametrize(
    ("groups", "role", "teams"),
    [
        (["zz-prof"], "professional", ()),
        (["zz-prof", "wijk-zuid"], "professional", ("Team Zuid",)),
        (["zz-lead", "wijk-zuid"], "team_lead", ("Team Noord", "Team Zuid")),
        # the most powerful role wins; teams are dropped for a role without teams
        (["zz-prof", "zz-admin", "wijk-zuid"], "administrator", ()),
        (["wijk-zuid"], "", ()),
        (["marketing"], "", ()),
        ([], "", ()),
        ("zz-prof wijk-zuid", "professional", ("Team Zuid",)),  # a space-separated string
        (None, "", ()),
        ({"zz-prof": True}, "", ()),  # anything else is no groups
    ],
)
def test_groups_to_role_and_teams(groups, role, teams):
    mapped = mapping.claims_map(provider(), {"groups": groups})
    assert mapped == mapping.Mapped(role, teams)


def test_groups_claim_is_configurable():
    p = provider(groups_claim="roles")
    assert mapping.claims_map(p, {"roles": ["zz-prof"]}).role == "professional"
    assert mapping.claims_map(p, {"groups": ["zz-prof"]}).role == ""


@pytest.mark.parametrize(
    ("claims", "strong"),
    [
        ({"acr": "urn:mfa"}, True),
        ({"acr": "urn:pwd"}, False),
        ({"amr": ["pwd", "mfa"]}, True),
        ({"amr": ["pwd"]}, False),
        ({"amr": "hwk"}, True),
        ({"acr": ["urn:mfa"]}, False),  # acr is a string; a list is not believed
        ({}, False),
    ],
)
def test_second_factor_asserted(claims, strong):
    assert mapping.second_factor_asserted(provider(), claims) is strong
    assert mapping.assurance(provider(), claims) == ("strong" if strong else "password")


def test_digid_levels_from_acr():
    p = provider(kind="digid", groups={}, strong_acr=[], strong_amr=[])
    assert p.identifier_claim == "bsn"
    assert mapping.assurance(p, {"acr": config.DIGID_LEVELS["midden"]}) == "midden"
    assert mapping.assurance(p, {"acr": "urn:something-else"}) == ""
    assert mapping.level_at_least("substantieel", "midden")
    assert mapping.level_at_least("midden", "midden")
    assert not mapping.level_at_least("basis", "midden")
    assert not mapping.level_at_least("", "basis")


def test_username_claim():
    p = provider(username_claim="email")
    assert mapping.username(p, {"email": " anna@gouda.nl ", "preferred_username": "x"}) == (
        "anna@gouda.nl"
    )
    assert mapping.username(p, {"preferred_username": "x"}) == ""


def test_secret_from_env_and_file(monkeypatch, tmp_path):
    monkeypatch.setenv("GOUDA_OIDC_SECRET", "s3cret")
    assert provider().client_secret == "s3cret"
    monkeypatch.delenv("GOUDA_OIDC_SECRET")
    with pytest.raises(ImproperlyConfigured, match="GOUDA_OIDC_SECRET"):
        provider().client_secret  # noqa: B018
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file\n")
    p = config.parse(
        {
            "providers": {
                "gouda": {
                    **{k: v for k, v in BASE.items() if k != "client_secret_env"},
                    "client_secret_file": str(secret_file),
                }
            }
        }
    ).providers["gouda"]
    assert p.client_secret == "from-a-file"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "not valid JSON"),
        ({"providers": {"g": {**BASE, "colour": "red"}}}, "unknown keys"),
        ({"providers": {"g": {**BASE, "kind": "saml"}}}, "kind must be one of"),
        ({"providers": {"g": {**BASE, "issuer": ""}}}, "issuer is required"),
        (
            {"providers": {"g": {**BASE, "client_secret": "x"}}},
            "exactly one of",
        ),
        (
            {"providers": {"g": {**BASE, "groups": {"x": {"role": "king"}}}}},
            "unknown role",
        ),
        ({"municipalities": {"GM0513": {"local_passwords": False}}}, "needs a staff provider"),
        ({"providers": {}, "other": 1}, "expected an object"),
    ],
)
def test_configuration_errors_are_clear(raw, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        config.parse(raw)


def test_empty_configuration_means_local_passwords_only():
    assert config.parse("") == config.Config({}, frozenset())
    current = config.parse(
        {"providers": {"g": BASE}, "municipalities": {"GM0513": {"local_passwords": False}}}
    )
    assert current.password_off == frozenset({"GM0513"})
