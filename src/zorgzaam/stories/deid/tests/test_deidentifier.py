"""End-to-end behaviour of the de-identifier (one shared deduce instance)."""

from __future__ import annotations

import logging
import re
import threading
import time
from pathlib import Path

import pytest

from zorgzaam.stories.deid import engine
from zorgzaam.stories.deid.engine import Deidentifier, get_deidentifier, resolve_cache_path, warm_up
from zorgzaam.stories.deid.lexicon import DEFAULT_KEEP_WORDS
from zorgzaam.stories.deid.model import KnownEntities, KnownPerson


def out(deid: Deidentifier, text: str, **kw) -> str:
    return deid.deidentify(text, **kw).text


# --- the known leaks of plain deduce, each fixed by a rule --------------------------------
@pytest.mark.parametrize(
    "phone",
    ["+31 6 4821 3377", "0031 6 4821 3377", "06-12345678", "06 1234 5678", "(0182) 123 456"],
)
def test_phone_formats_removed(deid: Deidentifier, phone: str) -> None:
    result = out(deid, f"Bel haar op {phone} als het kan.")
    assert result.startswith("Bel haar op ") and "[TELEFOON-1]" in result
    assert not re.search(r"\d{3}", result)


def test_ages(deid: Deidentifier) -> None:
    assert (
        out(deid, "Mevrouw Jansen (82) is 82 jaar, een 82-jarige dame.")
        == "Mevrouw [PERSOON-1] ([LEEFTIJD-1]) is [LEEFTIJD-1] jaar, een [LEEFTIJD-1]-jarige dame."
    )


@pytest.mark.parametrize("bsn", ["123 456 782", "123.45.6782", "123456782"])
def test_bsn_forms(deid: Deidentifier, bsn: str) -> None:
    assert out(deid, f"Haar BSN is {bsn}.") == "Haar BSN is [BSN-1]."


def test_bsn_without_checksum_in_context(deid: Deidentifier) -> None:
    assert out(deid, "Burgerservicenummer: 123 456 789.") == "Burgerservicenummer: [BSN-1]."


@pytest.mark.parametrize("iban", ["NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"])
def test_iban(deid: Deidentifier, iban: str) -> None:
    assert out(deid, f"Rekening {iban} van de bewindvoerder.") == (
        "Rekening [IBAN-1] van de bewindvoerder."
    )


def test_street_without_number_and_huisnummer(deid: Deidentifier) -> None:
    assert out(deid, "Hij woont aan de Kerkstraat, zij op de Molenlaan, huisnummer 14.") == (
        "Hij woont aan de [ADRES-1], zij op de [ADRES-2], huisnummer [ADRES-3]."
    )


@pytest.mark.parametrize("plate", ["12-ABC-3", "XX-99-XX"])
def test_licence_plate(deid: Deidentifier, plate: str) -> None:
    assert out(deid, f"De auto met kenteken {plate} staat voor.") == (
        "De auto met kenteken [KENTEKEN-1] staat voor."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gisteren kwam El Amrani langs.", "Gisteren kwam [PERSOON-1] langs."),
        ("Ik sprak van der Berg en de Vries.", "Ik sprak [PERSOON-1] en [PERSOON-2]."),
        ("Mevrouw El Idrissi kwam binnen.", "Mevrouw [PERSOON-1] kwam binnen."),
        ("Toen belde meneer Van den Heuvel.", "Toen belde meneer [PERSOON-1]."),
        ("Dat zei Ahmed el Khatib gisteren.", "Dat zei [PERSOON-1] gisteren."),
    ],
)
def test_particle_surnames(deid: Deidentifier, text: str, expected: str) -> None:
    assert out(deid, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mevrouw Jansen kwam.", "Mevrouw [PERSOON-1] kwam."),
        ("Toen kwam meneer Pietersen.", "Toen kwam meneer [PERSOON-1]."),
        ("Wethouder Bakker opende het.", "Wethouder [PERSOON-1] opende het."),
        ("Daarna kwam dokter Pieters.", "Daarna kwam dokter [PERSOON-1]."),
        ("Bij juf Sanne in de klas.", "Bij juf [PERSOON-1] in de klas."),
        ("De heer De Graaf belde.", "De heer [PERSOON-1] belde."),
    ],
)
def test_titles_stay_outside_the_tag(deid: Deidentifier, text: str, expected: str) -> None:
    assert out(deid, text) == expected


def test_hospital_is_an_institution(deid: Deidentifier) -> None:
    result = deid.deidentify("Ze lag in het Groene Hart Ziekenhuis.")
    assert result.text == "Ze lag in het [INSTELLING-1]."
    assert result.tags() == ["INSTELLING"]


def test_default_keep_words_survive(deid: Deidentifier) -> None:
    text = ", ".join(DEFAULT_KEEP_WORDS) + "."
    assert out(deid, text) == text


def test_villages_survive_next_to_names(deid: Deidentifier) -> None:
    result = out(deid, "Piet de Wit uit Reeuwijk-Brug en Truus uit Nieuwerbrug.")
    assert "Reeuwijk-Brug" in result and "Nieuwerbrug" in result
    assert "Piet" not in result and "Truus" not in result


def test_extra_keep_words(deid: Deidentifier) -> None:
    text = "Ze gaat naar de Rozenhof en daarna naar de Lindenlaan."
    assert "Rozenhof" not in out(deid, text)
    assert "Rozenhof" in out(deid, text, extra_keep_words=["Rozenhof"])
    own = Deidentifier(deduce_instance=deid._deduce, extra_keep_words=["Rozenhof"])
    assert "Rozenhof" in own.deidentify(text).text
    assert "Lindenlaan" not in own.deidentify(text).text


def test_same_entity_same_number(deid: Deidentifier) -> None:
    result = out(
        deid, "Fatima El Amrani belde. Later zei Fatima: bel 06-12345678 of +31 6 12345678."
    )
    assert result.count("[PERSOON-1]") == 2
    assert result.count("[TELEFOON-1]") == 2
    assert "[PERSOON-2]" not in result


def test_annotations_have_offsets_and_no_original_text(deid: Deidentifier) -> None:
    text = "Mevrouw El Idrissi (82) woont op de Kerkstraat 4 en belt 06-12345678."
    result = deid.deidentify(text)
    rebuilt, pos = [], 0
    for ann in result.annotations:
        assert ann.source == "deduce" or ann.source == "known" or ann.source.startswith("rule:")
        rebuilt += [text[pos : ann.start], ann.label]
        pos = ann.end
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == result.text
    blob = repr(result.annotations) + str(result.as_dict()["annotations"])
    for secret in ("Idrissi", "Kerkstraat", "12345678"):
        assert secret not in blob


def test_empty_and_whitespace(deid: Deidentifier) -> None:
    assert deid.deidentify("").text == ""
    assert deid.deidentify("  \n").annotations == ()
    with pytest.raises(TypeError):
        deid.deidentify(b"bytes")  # type: ignore[arg-type]


def test_deduce_merge_across_sentences_keeps_title(deid: Deidentifier) -> None:
    assert out(deid, "Koffie in buurthuis De Spil. Mevrouw Ouarda El Ouazzani kwam.") == (
        "Koffie in buurthuis [INSTELLING-1]. Mevrouw [PERSOON-1] kwam."
    )


def test_unknown_name_mid_sentence_and_propagation(deid: Deidentifier) -> None:
    result = out(
        deid, "Vrouwen als Hiwet Tesfaye uit Eritrea leren fietsen. Nu fietst Hiwet alleen."
    )
    assert (
        result == "Vrouwen als [PERSOON-1] uit Eritrea leren fietsen. Nu fietst [PERSOON-1] alleen."
    )


def test_bare_number_after_name_is_an_age(deid: Deidentifier) -> None:
    result = out(deid, "Khadija is tachtig jaar oud, Mohammed tweeëntachtig.")
    assert "tachtig" not in result and result.count("[LEEFTIJD-") == 2


# --- record-aware ----------------------------------------------------------------------------
KNOWN = KnownEntities.build(
    persons=[KnownPerson("Jan", "van der", "Berg"), {"first": "Fatima", "last": "Zahiri"}],
    addresses=["Kerkweide 7, 2411 XY Bodegraven"],
    phones=["06 9876 5432"],
    emails=["jan.berg@example.nl"],
    postcodes=["2412 ZZ"],
)


@pytest.mark.parametrize(
    "form",
    [
        "Jan van der Berg",
        "Jan Berg",
        "van der Berg",
        "Berg",
        "Jan",
        "JAN",
        "jans",
        "Jans",
        "Zahiri",
        "fatima",
    ],
)
def test_known_person_forms(deid: Deidentifier, form: str) -> None:
    result = out(deid, f"Gisteren zag ik {form} bij de bakker.", known=KNOWN)
    assert form.lower() not in result.lower()
    assert "[PERSOON-" in result


def test_known_possessive_keeps_apostrophe_s(deid: Deidentifier) -> None:
    assert out(deid, "Fatima's dochter en Jans maatje.", known=KNOWN) == (
        "[PERSOON-1]'s dochter en [PERSOON-2] maatje."
    )


def test_known_numbering_links_name_forms(deid: Deidentifier) -> None:
    result = out(deid, "Jan van der Berg belde. Jan is blij en Berg ook.", known=KNOWN)
    assert result == "[PERSOON-1] belde. [PERSOON-1] is blij en [PERSOON-1] ook."


def test_known_accents_and_case(deid: Deidentifier) -> None:
    known = KnownEntities.build(persons=[KnownPerson("Aïcha", "", "Öztürk")])
    result = out(deid, "Aicha en OZTURK en aïcha kwamen.", known=known)
    assert "aicha" not in result.lower() and "ozturk" not in result.lower()


def test_known_contact_data(deid: Deidentifier) -> None:
    text = (
        "Post naar Kerkweide 7 (2411 XY) of 2412zz, bel 0698765432 of mail JAN.BERG@example.nl. "
        "De Kerkweide is mooi."
    )
    result = out(deid, text, known=KNOWN)
    for secret in ("Kerkweide", "2411 XY", "2412zz", "0698765432", "jan.berg"):
        assert secret.lower() not in result.lower()


def test_known_short_parts_are_not_matched(deid: Deidentifier) -> None:
    known = KnownEntities.build(persons=[KnownPerson("J", "", "Bos")])
    assert out(deid, "J is een letter.", known=known) == "J is een letter."


def test_known_entities_repr_hides_data() -> None:
    assert "Berg" not in repr(KNOWN) and "0698" not in repr(KNOWN)
    assert "persons=2" in repr(KNOWN)


# --- process-level behaviour -----------------------------------------------------------------
def test_import_does_not_reconfigure_logging(deid: Deidentifier) -> None:
    root = logging.getLogger()
    assert not any(
        isinstance(h, logging.StreamHandler)
        and getattr(h, "stream", None) is not None
        and h.level == logging.NOTSET
        and root.level == logging.DEBUG
        for h in root.handlers
    )


def test_gc_frozen_after_build(deid: Deidentifier) -> None:
    import gc

    assert gc.get_freeze_count() > 1_000_000  # deduce's structures are out of the collector


def test_singleton_and_warm_up(deid: Deidentifier) -> None:
    assert get_deidentifier() is deid
    assert warm_up() is deid


def test_singleton_is_built_once_under_concurrency(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[object] = []

    class Slow:
        def __init__(self, cache_path: object = None) -> None:
            time.sleep(0.05)
            built.append(self)

    monkeypatch.setattr(engine, "_instance", None)
    monkeypatch.setattr(engine, "Deidentifier", Slow)
    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(get_deidentifier())) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1
    assert all(r is built[0] for r in results)


def test_cache_path_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv(engine.CACHE_ENV, raising=False)
    default = resolve_cache_path()
    assert default == engine.default_cache_path()
    assert "site-packages" not in default.parts  # never deduce's own folder (see the docstring)
    monkeypatch.setenv(engine.CACHE_ENV, str(tmp_path))
    assert resolve_cache_path() == tmp_path
    assert resolve_cache_path("/x") == engine.Path("/x")
    assert engine.cache_file() == tmp_path / "cache" / "lookup_structs.pickle"


def test_default_cache_path_is_inside_the_virtual_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setattr(engine.sys, "prefix", str(tmp_path / "venv"))
    monkeypatch.setattr(engine.sys, "base_prefix", "/usr")
    assert engine.default_cache_path() == tmp_path / "venv" / "var" / "cache" / "zorgzaam-deduce"
    monkeypatch.setattr(engine.sys, "base_prefix", str(tmp_path / "venv"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert engine.default_cache_path() == tmp_path / "xdg" / "zorgzaam" / "deduce"


def test_a_new_cache_is_moved_into_place_whole(tmp_path) -> None:
    """The cache is built in a private folder and renamed into place: no half file is ever
    visible, and a second build reads it instead of building again."""
    built: list[Path] = []

    class FakeDeduce:
        def __init__(self, cache_path: Path) -> None:
            built.append(cache_path)
            if not (cache_path / "cache" / "lookup_structs.pickle").is_file():
                (cache_path / "cache").mkdir(parents=True, exist_ok=True)
                (cache_path / "cache" / "lookup_structs.pickle").write_bytes(b"structures")

    fake = type("deduce", (), {"Deduce": FakeDeduce})
    engine._deduce_with_cache(fake, tmp_path)
    assert built[0] != tmp_path and built[0].parent == tmp_path  # built aside
    assert (tmp_path / "cache" / "lookup_structs.pickle").read_bytes() == b"structures"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.lock", "cache"]  # no scratch
    engine._deduce_with_cache(fake, tmp_path)
    assert built[1] == tmp_path  # read from the cache, nothing built aside


def test_concurrent_use_is_consistent(deid: Deidentifier) -> None:
    text = "Mevrouw El Idrissi (82) belt 06-12345678 vanuit de Kerkstraat."
    expected = out(deid, text)
    outputs: list[str] = []
    threads = [
        threading.Thread(target=lambda: outputs.extend(out(deid, text) for _ in range(20)))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outputs == [expected] * 80


def test_long_adversarial_input_is_fast(deid: Deidentifier) -> None:
    text = " ".join(["Jan", "Van", "De", "Kerkstraat", "El", "06", "12", "-", "(0)", "NL91"] * 1500)
    start = time.perf_counter()
    result = deid.deidentify(text, known=KNOWN)
    assert time.perf_counter() - start < 10
    assert "Kerkstraat" not in result.text


def test_a_process_waits_for_the_cache_another_one_is_building(tmp_path) -> None:
    """While one process holds the build lock, another waits and then reads its cache."""
    import subprocess
    import sys

    (tmp_path / "cache").mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX);"
            "print('locked', flush=True); time.sleep(1.0);"
            "open(sys.argv[2], 'wb').write(b'built by the other process')",
            str(tmp_path / ".build.lock"),
            str(tmp_path / "cache" / "lookup_structs.pickle"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    built: list[Path] = []

    class FakeDeduce:
        def __init__(self, cache_path: Path) -> None:
            built.append(cache_path)

    fake = type("deduce", (), {"Deduce": FakeDeduce})
    engine._deduce_with_cache(fake, tmp_path)
    holder.wait(timeout=30)
    assert built == [tmp_path]  # it waited, then read the other's cache; built nothing aside
    assert (tmp_path / "cache" / "lookup_structs.pickle").read_bytes().startswith(b"built by")


def test_a_worker_told_never_to_build_refuses_clearly(tmp_path, monkeypatch) -> None:
    """ZORGZAAM_DEDUCE_BUILD=never (a production worker): no cache, no build, a clear error;
    with the cache in place (built at install) it is read as usual."""
    built: list[Path] = []

    class FakeDeduce:
        def __init__(self, cache_path: Path) -> None:
            built.append(cache_path)

    fake = type("deduce", (), {"Deduce": FakeDeduce})
    monkeypatch.setenv(engine.BUILD_ENV, "never")
    with pytest.raises(engine.DeduceUnavailableError, match="missing in .*install"):
        engine._deduce_with_cache(fake, tmp_path)
    assert built == [] and not (tmp_path / "cache" / "lookup_structs.pickle").exists()
    (tmp_path / "cache" / "lookup_structs.pickle").write_bytes(b"built at install")
    engine._deduce_with_cache(fake, tmp_path)
    assert built == [tmp_path]
