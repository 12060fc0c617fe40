"""CSV fixtures for the mlsys CLI tests, and scipy's two-sample KS results for their numeric columns.

A reference file and two current files (one from the same distributions, one shifted) with two numeric and two
categorical columns. Values are written with 17 significant digits so the CLI parses back the exact doubles scipy used.
Run with Debian's python3-numpy and python3-scipy: /usr/bin/python3 generate_cli_fixtures.py
"""
import json

import numpy as np
import scipy
from scipy import stats

# Seed 1 gives a stable file on which no test alarms at 5% (as it should 81% of the time for four tests).
rng = np.random.default_rng(1)


def table(n, amount_shift, new_country_share):
    amount = np.exp(3 + 0.8 * rng.standard_normal(n) + amount_shift)
    age = rng.integers(18, 80, n).astype(float)
    countries = np.array(["DE", "FR", "US", "GB"])
    country = countries[rng.integers(0, 4, n)]
    country[rng.random(n) < new_country_share] = "BR"
    device = np.where(rng.random(n) < 0.7, "mobile", "desktop")
    return {"amount": amount, "age": age, "country": country, "device": device}


def write(path, columns):
    names = list(columns)
    n = len(columns[names[0]])
    with open(path, "w", newline="") as f:
        f.write(",".join(names) + "\n")
        for i in range(n):
            cells = []
            for name in names:
                v = columns[name][i]
                cells.append("%.17g" % v if isinstance(v, float) else str(v))
            f.write(",".join(cells) + "\n")


reference = table(800, 0.0, 0.0)
stable = table(600, 0.0, 0.0)
shifted = table(600, 0.5, 0.2)
write("reference.csv", reference)
write("current_stable.csv", stable)
write("current_shifted.csv", shifted)

expected = {}
for name, current in [("current_stable", stable), ("current_shifted", shifted)]:
    expected[name] = {}
    for column in ["amount", "age"]:
        result = stats.ks_2samp(reference[column], current[column], method="auto")
        expected[name][column] = {"statistic": float(result.statistic), "pvalue": float(result.pvalue)}

with open("cli_expected.json", "w") as f:
    json.dump({"scipy": scipy.__version__, "ks": expected}, f, indent=2, sort_keys=True)
    f.write("\n")
