import pytest
from django.core.exceptions import ValidationError

from core.validators import organisation_number_is_valid, validate_organisation_number


@pytest.mark.parametrize("number", ["991324968", "983658725", "915933149", "971032146"])
def test_real_organisation_numbers_pass_mod11(number):
    assert organisation_number_is_valid(number)


@pytest.mark.parametrize("number", ["991324969", "983658720", "123456789"])
def test_wrong_check_digit_is_refused_with_message(number):
    with pytest.raises(ValidationError) as exc:
        validate_organisation_number(number)
    assert "check digit" in str(exc.value)


@pytest.mark.parametrize("number", ["12345678", "1234567890", "99132496A", ""])
def test_wrong_format_is_refused_with_message(number):
    with pytest.raises(ValidationError) as exc:
        validate_organisation_number(number)
    assert "9 digits" in str(exc.value)
