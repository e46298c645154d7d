"""resource.Quantity parsing and canonical formatting (enough for quota arithmetic)."""

import re
from fractions import Fraction

_BIN = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DEC = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_RE = re.compile(r"^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$")


class Quantity:
    __slots__ = ("value", "binary")

    def __init__(self, value=Fraction(0), binary=False):
        self.value = Fraction(value)
        self.binary = binary

    def __add__(self, other):
        return Quantity(self.value + other.value, self.binary or (self.value == 0 and other.binary))

    def __sub__(self, other):
        return Quantity(self.value - other.value, self.binary)

    def __lt__(self, other):
        return self.value < other.value

    def __le__(self, other):
        return self.value <= other.value

    def __gt__(self, other):
        return self.value > other.value

    def __mul__(self, n):
        return Quantity(self.value * n, self.binary)

    def __str__(self):
        return format_quantity(self.value, self.binary)

    def __repr__(self):
        return "Quantity(%s)" % self


def parse(q):
    if isinstance(q, bool):
        raise ValueError("bool is not a quantity")
    if isinstance(q, (int, float)):
        return Quantity(Fraction(str(q)))
    m = _RE.match(str(q).strip())
    if not m:
        raise ValueError("quantities must match the regular expression "
                         "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
    num, suf = m.group(1), m.group(2) or ""
    v = Fraction(num)
    if suf in _BIN:
        return Quantity(v * (1024 ** _BIN[suf]), True)
    if suf in _DEC:
        return Quantity(v * Fraction(10) ** _DEC[suf])
    return Quantity(v * Fraction(10) ** int(suf[1:]))


def format_quantity(v, binary=False):
    v = Fraction(v)
    if v == 0:
        return "0"
    sign = "-" if v < 0 else ""
    a = abs(v)
    if binary and a >= 1024 and a.denominator == 1:
        n = a.numerator
        exp = 0
        while n % 1024 == 0 and exp < 6:
            n //= 1024
            exp += 1
        suffix = {0: "", 1: "Ki", 2: "Mi", 3: "Gi", 4: "Ti", 5: "Pi", 6: "Ei"}[exp]
        return "%s%d%s" % (sign, n, suffix)
    # DecimalSI: the largest exponent (multiple of 3) that keeps an integer mantissa
    for e in (18, 15, 12, 9, 6, 3, 0, -3, -6, -9):
        m = a / (Fraction(10) ** e)
        if m.denominator == 1:
            suffix = {18: "E", 15: "P", 12: "T", 9: "G", 6: "M", 3: "k", 0: "", -3: "m", -6: "u", -9: "n"}[e]
            return "%s%d%s" % (sign, m.numerator, suffix)
    # below nano precision: round up to nano like Kubernetes does
    m = -(-a * 10 ** 9 // 1)
    return "%s%dn" % (sign, m)
