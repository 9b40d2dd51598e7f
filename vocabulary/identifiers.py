"""Identifiers with a check digit: the NHS number (the child's identifier across health and social care)."""

NHS_NUMBER_EXAMPLE = "943 476 5919"  # a valid number (485 777 3456, often shown, fails the check)


def nhs_number_digits(value: str) -> str:
    """The NHS number with its spaces taken out (as people write it: 943 476 5919)."""
    return "".join(str(value).split())


def is_valid_nhs_number(value: str) -> bool:
    """Whether `value` is 10 digits (spaces allowed) whose last digit is the modulus-11 check digit of the others.

    Each of the first nine digits is weighted 10 down to 2; 11 minus the remainder of their sum divided by 11 is the
    check digit, 11 meaning 0. A result of 10 is never issued, so no number with it is valid.
    """
    digits = nhs_number_digits(value)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])
