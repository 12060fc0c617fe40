#!/usr/bin/python3
"""Golden values for ExactSum and ExactMoments: math.fsum (the correctly rounded sum) and exact rational moments.

Run from this folder: /usr/bin/python3 generate_exact_sums.py  (Python's standard library only).
Writes exact_sums.json with every double in repr() form, which round-trips bit for bit. The variance is the exact
n*sum(x^2) - sum(x)^2, as a Fraction, rounded once to a double and divided by n*(n-1) in double arithmetic: what the
C# summary promises.
"""
import json
import math
import random
from fractions import Fraction

rng = random.Random(20261207)


def case(name, values):
    n = len(values)
    entry = {"name": name, "values": [repr(v) for v in values], "sum": repr(math.fsum(values))}
    # Moments are promised for magnitudes up to 1e100 whose squares do not underflow; the other cases test the sum.
    if any(abs(v) > 1e100 or 0 < abs(v) < 1e-146 for v in values):
        return entry
    exact_sum = sum(Fraction(v) for v in values)
    exact_squares = sum(Fraction(v) ** 2 for v in values)
    entry["sumOfSquares"] = repr(float(exact_squares))
    if n > 0:
        entry["mean"] = repr(math.fsum(values) / n)
    if n > 1:
        numerator = float(n * exact_squares - exact_sum ** 2)
        entry["sampleVariance"] = repr(numerator / float(n * (n - 1)))
    return entry


cases = [
    case("empty", []),
    case("one", [0.1]),
    case("cancellation", [1e100, 1.0, -1e100]),
    case("tenths", [0.1] * 10),
    case("tie to even below", [1.0, 2.0 ** -53, 2.0 ** -106]),
    case("tie to even exact", [1.0, 2.0 ** -53]),
    case("tie to even odd", [1.0 + 2.0 ** -52, 2.0 ** -53]),
    case("tie broken below", [1.0, 2.0 ** -53, -(2.0 ** -106)]),
    case("wide range", [1e308, 1e-308, -1e308, 5e-324, 1.0]),
    case("large mean small spread", [1e9 + rng.random() for _ in range(200)]),
    case("alternating", [(-1.0) ** i * (i + 0.5) for i in range(101)]),
    case("subnormals", [5e-324 * k for k in range(1, 40)]),
]
for k in range(12):
    scale = 10.0 ** rng.randint(-30, 30)
    values = [rng.gauss(0, 1) * scale * 10.0 ** rng.randint(-8, 8) for _ in range(rng.randint(2, 300))]
    cases.append(case(f"random {k}", values))

with open("exact_sums.json", "w") as f:
    json.dump({"source": "python " + ".".join(map(str, __import__("sys").version_info[:3])) + " math.fsum and fractions", "cases": cases}, f, indent=1)
    f.write("\n")
