from hypothesis import given
from hypothesis import strategies as st

from zorgzaam.casework.bsn import bsn_clean, bsn_index, bsn_is_valid, bsn_normalise
from zorgzaam.common.errors import ApplicationError


def test_known_valid_and_invalid_numbers():
    assert bsn_is_valid("111222333")
    assert bsn_is_valid("123456782")
    assert bsn_is_valid("1234.56.782")
    assert not bsn_is_valid("123456789")
    assert not bsn_is_valid("000000000")
    assert not bsn_is_valid("12345678a")
    assert not bsn_is_valid("")
    assert bsn_normalise("12345672") == "012345672"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_eleven_check_definition(digits):
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    expected = digits != "000000000" and total % 11 == 0
    assert bsn_is_valid(digits) is expected


def test_error_message_does_not_repeat_the_number():
    try:
        bsn_clean("123456789")
    except ApplicationError as exc:
        assert "123456789" not in exc.message
    else:
        raise AssertionError("invalid BSN accepted")


def test_blind_index_is_stable_and_not_the_number():
    assert bsn_index("111222333") == bsn_index("111 222 333")
    assert "111222333" not in bsn_index("111222333")
    assert bsn_index("111222333") != bsn_index("123456782")
