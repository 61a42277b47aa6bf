"""Fuzzing the PC4 importer: any input either parses or is refused with ImportRejected that
names lines; it never crashes with anything else."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zorgzaam.common.errors import ImportRejected
from zorgzaam.tenancy.services import pc4_parse

HEADER = "pc4,place,municipality_code,latitude,longitude\n"
cell = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)
line = st.lists(cell, min_size=0, max_size=7).map(lambda cells: ",".join(cells))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes(text):
    try:
        rows = pc4_parse(text, source="fuzz")
    except ImportRejected as exc:
        assert exc.message.startswith("fuzz")
        return
    assert all(len(r.pc4) == 4 for r in rows)


@settings(max_examples=300, deadline=None)
@given(st.lists(line, max_size=8))
def test_csv_shaped_input_never_crashes(lines):
    text = HEADER + "\n".join(lines)
    try:
        rows = pc4_parse(text, source="fuzz.csv")
    except ImportRejected as exc:
        for where, why in exc.problems:
            assert where.startswith("fuzz.csv:") and why
        return
    for row in rows:
        assert 50.7 <= row.latitude <= 53.7 and 3.2 <= row.longitude <= 7.3


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cell, min_size=0, max_size=13).map("\t".join), min_size=1, max_size=6))
def test_tsv_shaped_input_never_crashes(lines):
    text = "\n".join(
        ["NL\t2411\tBodegraven\tZH\t11\tBodegraven-Reeuwijk\t1901\t\t\t52.08\t4.75\t"] + lines
    )
    try:
        pc4_parse(text, source="fuzz.tsv")
    except ImportRejected as exc:
        assert exc.problems or exc.message


def test_good_row_after_fuzz_still_imports():
    rows = pc4_parse(HEADER + "2411,Bodegraven,GM1901,52.08,4.75\n")
    assert rows[0].pc4 == "2411"
    with pytest.raises(ImportRejected):
        pc4_parse(HEADER + "2411,Bodegraven,GM1901,nan,4.75\n")
