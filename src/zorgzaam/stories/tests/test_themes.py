import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.common.testing import login
from zorgzaam.stories.models import Audience
from zorgzaam.stories.themes import ThemeIndex, tokens

from .factories import approved_story

pytestmark = pytest.mark.django_db


def test_keywords_and_search(client, world):
    approved_story(
        world,
        title="Koken",
        text="Wij koken samen. Het koken in het dorpshuis brengt mensen bij elkaar.",
        audience=Audience.MUNICIPALITY,
    )
    approved_story(
        world,
        title="Tuin",
        text="De tuin is opgeknapt door jongeren; de tuinen bloeien.",
        audience=Audience.COUNCIL,
        area=world.village_b,
    )
    approved_story(
        world, title="Geheim", text="Alleen voor het team: koken.", audience=Audience.TEAM
    )
    login(client, world.users[Role.POLICY_OFFICER])
    body = client.get("/stories/themes/").content.decode()
    assert "koken" in body and "tuin" in body
    result = client.get("/stories/themes/?q=kookte+tuinen").content.decode()
    assert "Tuin" in result and "Geheim" not in result


def test_tokens_drop_labels_and_stop_words():
    words = [w for _s, w in tokens("Ik en [PERSOON-1] wandelen met de wandelgroep")]
    assert words == ["wandelen", "wandelgroep"]
    assert ThemeIndex([]).search("iets") == []
