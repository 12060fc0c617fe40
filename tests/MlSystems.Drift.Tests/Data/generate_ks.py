#!/usr/bin/python3
"""Golden values for MlSystems.Drift.KolmogorovSmirnov.TwoSample, from scipy.stats.ks_2samp.

Run from this folder: /usr/bin/python3 generate_ks.py  (Debian: apt-get install python3-numpy python3-scipy).
Writes ks.json. The cases are scipy's own published ks_2samp test inputs (scipy/stats/tests/test_stats.py,
TestKSTwoSamples, with the values scipy's tests assert kept as "published"), plus seeded random pairs in every
alternative and method. Each case records what this scipy returns and which method it finally used (an exact request
that scipy abandons warns "Exact calculation unsuccessful").
"""
import json
import warnings

import numpy as np
import scipy
from scipy import stats


def run(x, y, alternative, method):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = stats.ks_2samp(x, y, alternative=alternative, method=method)
    fell_back = any("Exact calculation unsuccessful" in str(w.message) or "Switching to 'asymp'" in str(w.message) for w in caught)
    used = "asymp" if method == "asymp" or fell_back else ("exact" if method == "exact" or max(len(x), len(y)) <= 10000 else "asymp")
    return {
        "statistic": float(r.statistic),
        "pvalue": float(r.pvalue),
        "location": float(r.statistic_location),
        "sign": int(r.statistic_sign),
        "method_used": used,
    }


samples = {}
cases = []


def add(name, x, y, alternative, method="auto", published=None):
    samples.setdefault(name + "/x", [float(v) for v in x])
    samples.setdefault(name + "/y", [float(v) for v in y])
    case = {"x": name + "/x", "y": name + "/y", "alternative": alternative, "method": method}
    case.update(run(np.asarray(x, dtype=float), np.asarray(y, dtype=float), alternative, method))
    if published is not None:
        case["published"] = {"statistic": published[0], "pvalue": published[1]}
    cases.append(case)


# scipy's published cases.
add("small", [0], [1], "two-sided", published=(1.0, 1.0))
add("small", [0], [1], "greater", published=(1.0, 0.5))
add("small", [0], [1], "less", published=(0.0, 1.0))
add("small_r", [1], [0], "two-sided", published=(1.0, 1.0))
add("small_r", [1], [0], "greater", published=(0.0, 1.0))
add("small_r", [1], [0], "less", published=(1.0, 0.5))

data1 = np.array([1.0, 2.0])
add("two_three_p", data1 + 0.01, [1.0, 2.0, 3.0], "two-sided", published=(1.0 / 3, 1.0))
add("two_three_p", data1 + 0.01, [1.0, 2.0, 3.0], "greater", published=(1.0 / 3, 0.7))
add("two_three_p", data1 + 0.01, [1.0, 2.0, 3.0], "less", published=(1.0 / 3, 0.7))
add("two_three_m", data1 - 0.01, [1.0, 2.0, 3.0], "two-sided", published=(2.0 / 3, 0.6))
add("two_three_m", data1 - 0.01, [1.0, 2.0, 3.0], "greater", published=(2.0 / 3, 0.3))
add("two_three_m", data1 - 0.01, [1.0, 2.0, 3.0], "less", published=(0.0, 1.0))
add("two_four_p", data1 + 0.01, [1.0, 2.0, 3.0, 4.0], "two-sided", published=(2.0 / 4, 14.0 / 15))
add("two_four_p", data1 + 0.01, [1.0, 2.0, 3.0, 4.0], "greater", published=(2.0 / 4, 8.0 / 15))
add("two_four_p", data1 + 0.01, [1.0, 2.0, 3.0, 4.0], "less", published=(1.0 / 4, 12.0 / 15))
add("two_four_m", data1 - 0.01, [1.0, 2.0, 3.0, 4.0], "two-sided", published=(3.0 / 4, 6.0 / 15))
add("two_four_m", data1 - 0.01, [1.0, 2.0, 3.0, 4.0], "greater", published=(3.0 / 4, 3.0 / 15))
add("two_four_m", data1 - 0.01, [1.0, 2.0, 3.0, 4.0], "less", published=(0.0, 1.0))

x100 = np.linspace(1, 100, 100)
add("100_100_p", x100, x100 + 2 + 0.1, "two-sided", published=(3.0 / 100, 0.9999999999962055))
add("100_100_p", x100, x100 + 2 + 0.1, "greater", published=(3.0 / 100, 0.9143290114276248))
add("100_100_p", x100, x100 + 2 + 0.1, "less", published=(0.0, 1.0))
add("100_100_m", x100, x100 + 2 - 0.1, "two-sided", published=(2.0 / 100, 1.0))
add("100_100_m", x100, x100 + 2 - 0.1, "greater", published=(2.0 / 100, 0.960978450786184))
add("100_100_m", x100, x100 + 2 - 0.1, "less", published=(0.0, 1.0))

x110 = np.linspace(1, 100, 110)
add("100_110_p", x100, x110 + 20 + 0.1, "two-sided", published=(232.0 / 1100, 0.015739183865607353))
add("100_110_p", x100, x110 + 20 + 0.1, "greater", published=(232.0 / 1100, 0.007869594319053203))
add("100_110_p", x100, x110 + 20 + 0.1, "less", published=(0.0, 1.0))
add("100_110_m", x100, x110 + 20 - 0.1, "two-sided", published=(229.0 / 1100, 0.017803803861026313))
add("100_110_m", x100, x110 + 20 - 0.1, "greater", published=(229.0 / 1100, 0.008901905958245056))
add("100_110_m", x100, x110 + 20 - 0.1, "less", published=(0.0, 1.0))

x2233 = np.array([2] * 3 + [3] * 4 + [5] * 5 + [6] * 4, dtype=float)
x2356 = np.array([2] * 3 + [3] * 4 + [5] * 10 + [6] * 4, dtype=float)
x3467 = np.array([3] * 10 + [4] * 2 + [6] * 10 + [7] * 4, dtype=float)
add("repeated_a", x2233, x2233 + 1, "two-sided", published=(5.0 / 16, 0.4262934613454952))
add("repeated_a", x2233, x2233 + 1, "greater", published=(5.0 / 16, 0.21465428276573786))
add("repeated_a", x2233, x2233 + 1, "less", published=(0.0, 1.0))
add("repeated_b", x2356, x3467, "two-sided", published=(190.0 / 21 / 26, 0.0919245790168125))
add("repeated_b", x2356, x3467, "greater", published=(190.0 / 21 / 26, 0.0459633806858544))
add("repeated_b", x2356, x3467, "less", published=(70.0 / 21 / 26, 0.6121593130022775))

d3 = np.array([1.0, 2.0, 3.0])
for shift, name in ((1.0, "equal_p1"), (0.5, "equal_p05"), (-0.5, "equal_m05")):
    for alternative in ("two-sided", "greater", "less"):
        add(name, d3, d3 + shift, alternative)

for n1, n2, name, lo, cases_ in (
        (500, 600, "middling", 1, [("two-sided", "auto"), ("two-sided", "asymp"), ("greater", "asymp"), ("less", "asymp"), ("greater", "exact"), ("less", "exact")]),
        (1000, 1100, "medium", 1, [("two-sided", "asymp"), ("two-sided", "auto"), ("greater", "asymp"), ("less", "asymp"), ("greater", "exact"), ("less", "exact")])):
    delta = 1.0 / n1 / n2 / 2 / 2
    x = np.linspace(1, 200, n1) - delta
    y = np.linspace(2, 200, n2)
    for alternative, method in cases_:
        add(name, x, y, alternative, method)

n1, n2 = 10000, 110
delta = 1.0 / n1 / n2 / 2 / 2
xl = np.linspace(1, 200, n1) - delta
yl = np.linspace(2, 100, n2)
add("large", xl, yl, "two-sided", published=(55275.0 / (n1 * 11.0), 4.2188474935755949e-15))
add("large", xl, yl, "greater", published=(561.0 / (n1 * 11.0), 0.99115454582047591))
add("large", xl, yl, "less", published=(55275.0 / (n1 * 11.0), 3.1317328311518713e-26))

np.random.seed(123456)
xg = np.random.normal(size=3000)
yg = np.random.normal(size=3001) * 1.5
add("gh11184", xg, yg, "two-sided", "asymp", published=(0.11292880151060758, 2.7755575615628914e-15))
add("gh11184", xg, yg, "two-sided", "exact", published=(0.11292880151060758, 2.7755575615628914e-15))

x10 = np.arange(10, dtype=np.float64)
for alternative, x6 in (("greater", 5.9), ("less", 6.1), ("two-sided", 5.9), ("two-sided", 6.1)):
    xs = x10.copy()
    xs[6] = x6
    add(f"location_{x6}", xs, x10, alternative)

rng = np.random.default_rng(14019)  # scipy seeds from a string hash, which Python randomises per process
add("gh14019", rng.random(size=881) + 0.5, rng.random(size=369), "less")

# Seeded random pairs in every alternative and method.
rng = np.random.default_rng(2026)
pairs = [
    ("rand_a", rng.normal(0, 1, 400), rng.normal(0.15, 1, 350)),
    ("rand_b", rng.normal(0, 1, 64), rng.normal(0, 1.3, 64)),
    ("rand_c", rng.exponential(1, 2500), rng.exponential(1.1, 1200)),
    ("rand_ties", rng.integers(0, 10, 300).astype(float), rng.integers(0, 11, 280).astype(float)),
    ("rand_big", rng.normal(0, 1, 12000), rng.normal(0.02, 1, 11000)),
]
for name, x, y in pairs:
    for alternative in ("two-sided", "greater", "less"):
        for method in ("auto", "exact", "asymp"):
            add(name, x, y, alternative, method)

# KSWIN tests two equal windows of stat_size values, so its p-value is a function of the statistic k / n alone: scipy's
# ks_2samp p-value at every point of that lattice, from two samples whose ECDFs differ by exactly k / n.
kswin = []
for n in (30, 15):
    base = np.arange(n, dtype=np.float64)
    for k in range(n + 1):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # small k: the exact method gives way to the asymptotic one
            result = stats.ks_2samp(base, base + k)
        kswin.append({"n": n, "k": k, "statistic": float(result.statistic), "pvalue": float(result.pvalue)})

with open("ks.json", "w") as f:
    json.dump({"generator": f"numpy {np.__version__}, scipy {scipy.__version__}", "samples": samples, "cases": cases, "kswin_lattice": kswin}, f)
