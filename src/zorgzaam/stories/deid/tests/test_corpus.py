"""The story corpora: no PII string survives, every keep word does."""

from __future__ import annotations

import pytest

from zorgzaam.stories.deid.engine import Deidentifier
from zorgzaam.stories.deid.model import KnownEntities
from zorgzaam.stories.deid.tests.corpus import check_story, leaked, load

DEV = load("dev")


def test_dev_corpus_is_well_formed() -> None:
    assert len(DEV) >= 20
    for story in DEV:
        for s in story["pii"] + story["keep"]:
            assert s.lower() in story["text"].lower()


@pytest.mark.parametrize("index", range(len(DEV)))
def test_dev_story(deid: Deidentifier, index: int) -> None:
    story = DEV[index]
    result = deid.deidentify(story["text"], known=KnownEntities.from_dict(story["known"]))
    leaks, lost = check_story(story, result.text)
    assert leaks == [], f"dev story {index}: {len(leaks)} PII string(s) survived"
    assert lost == [], f"dev story {index}: keep words lost: {lost}"


def test_leak_check_itself() -> None:
    assert leaked("Els", "buurvrouw Els kwam")
    assert not leaked("Els", "de papierwinkels en [PERSOON-1]")
    assert leaked("Annemiek", "Annemieks lach")
    assert leaked("06 1234 5678", "bel 0612345678")
    assert not leaked("Persoon", "[PERSOON-1] kwam")
