from decimal import Decimal

import pytest

from core.numbers import format_value, parse_number


@pytest.mark.parametrize(
    "raw,status,value,flags",
    [
        ("12", "number", 12, set()),
        ("１２", "number", 12, {"fullwidth"}),
        ("1,234", "number", 1234, {"thousands"}),
        ("5件", "number", 5, {"unit"}),
        ("15100元", "number", 15100, {"unit"}),
        ("22（其中修订16件）", "number", 22, {"note"}),
        ("+8", "number", 8, {"plus_sign"}),
        ("-15", "number", -15, set()),
        ("0.0", "number", 0, set()),
        ("3408.6815", "number", Decimal("3408.6815"), set()),
        (" 7 ", "number", 7, set()),
        ("\u3000９\u3000", "number", 9, {"fullwidth"}),
        ("", "blank", None, set()),
        ("—", "blank", None, set()),
        ("/", "blank", None, set()),
        ("无", "blank", None, set()),
        ("-", "blank", None, set()),
        ("abc", "invalid", None, set()),
        ("约20", "invalid", None, set()),
    ],
)
def test_parse_number(raw, status, value, flags):
    p = parse_number(raw)
    assert p.status == status
    if value is not None:
        assert p.value == Decimal(value)
    assert flags <= set(p.flags)


def test_blank_counts_as_zero_and_unknown_as_none():
    assert parse_number("—").effective == 0
    assert parse_number("", unknown=True).effective is None
    assert parse_number("abc").effective is None


def test_decimals_and_format():
    assert parse_number("22010.3538").decimals == 4
    assert parse_number("0.5").decimals == 1
    assert format_value(Decimal("0.5"), 4) == "0.5000"
    assert format_value(Decimal("12")) == "12"
