"""The one money parser (core.money) and its form field: Norwegian input, no silent factors."""

from decimal import Decimal

import pytest

from core.money import MoneyError, format_kr, format_mnok, parse_amount
from core.money_fields import MoneyField


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2 500 000,50", "2500000.50"),
        ("2500000", "2500000.00"),
        ("2 500 000 kr", "2500000.00"),
        ("kr 2 500 000", "2500000.00"),
        ("2\u00a0500\u00a0000,50", "2500000.50"),
        ("2\u202f500\u202f000", "2500000.00"),
        ("2 500 000 NOK", "2500000.00"),
        ("100,-", "100.00"),
        (",5", "0.50"),
        ("1234.50", "1234.50"),
        ("2,5 MNOK", "2500000.00"),
        ("  17  ", "17.00"),
    ],
)
def test_norwegian_amounts_are_read_exactly(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "2.500.000,5.0",
        "2,500,000.50",
        "2.500.000,50",
        "2.500.000",
        "2.500",
        "2,500",
        "25 00 000",
        "1e5",
        "abc",
        "2 500 000,505",
        "NaN",
        "",
        "-5",
    ],
)
def test_ambiguous_or_malformed_amounts_are_refused(text):
    with pytest.raises(MoneyError) as exc:
        parse_amount(text)
    assert exc.value.message


def test_never_a_silent_factor_of_100():
    """The bug of issue 14: '2 500 000,50' must never become 250 000 050."""
    assert parse_amount("2 500 000,50") * 100 != parse_amount("2 500 000,50") * 1
    assert parse_amount("2 500 000,50") == Decimal("2500000.5")


def test_mnok_unit_reads_bare_numbers_as_millions_and_kr_as_kroner():
    assert parse_amount("1 217,5", unit="mnok") == Decimal("1217500000")
    assert parse_amount("0,25", unit="mnok") == Decimal("250000")
    assert parse_amount("300 000 kr", unit="mnok") == Decimal("300000")
    with pytest.raises(MoneyError):
        parse_amount("1,1234567", unit="mnok")


def test_amounts_are_shown_grouped_with_unit():
    assert format_kr(Decimal("2500000")) == "2\u00a0500\u00a0000\u00a0kr"
    assert format_kr(Decimal("2500000.5")) == "2\u00a0500\u00a0000,50\u00a0kr"
    assert format_mnok(Decimal("1217349999")) == "1\u00a0217,3\u00a0MNOK"


def test_money_field_reports_the_reason_and_echoes_the_reading():
    field = MoneyField(label="Planned")
    assert field.clean("2 500 000,50") == Decimal("2500000.50")
    with pytest.raises(Exception) as exc:
        field.clean("2,500,000.50")
    assert "comma" in str(exc.value)
    html = field.widget.render("planned", "2 500 000,50", attrs={"id": "id_planned"})
    assert 'inputmode="decimal"' in html
    assert '<output class="money-echo" id="id_planned-echo"' in html
    assert "2\u00a0500\u00a0000,50\u00a0kr" in html
    assert 'type="number"' not in html


def test_money_field_shows_stored_amount_in_norwegian_form():
    field = MoneyField(label="Planned")
    html = field.widget.render("planned", Decimal("2500000.50"), attrs={"id": "id_p"})
    assert 'value="2 500 000,50"' in html
    mnok = MoneyField(label="Limit", unit="mnok")
    assert mnok.clean("2,5") == Decimal("2500000")
    assert 'value="2,5"' in mnok.widget.render("limit", Decimal("2500000"), attrs={"id": "x"})
