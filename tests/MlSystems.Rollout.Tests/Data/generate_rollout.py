"""Expected values for the rollout statistics, computed with scipy. Run with Debian's python3 (numpy, scipy):

    /usr/bin/python3 tests/MlSystems.Rollout.Tests/Data/generate_rollout.py

Writes rollout.json beside this script; .ci/run regenerates it and fails when it changes.
"""
import json
import os

import numpy as np
from scipy import stats

rng = np.random.default_rng(20261128)
out = {"scipy": __import__("scipy").__version__, "welch": [], "srm": [], "sign": [], "proportions": []}

# Welch's t from summary statistics (n, mean, sample variance).
for n1, n2, m1, m2, s1, s2 in [(50, 60, 1.0, 1.3, 1.0, 2.0), (10, 10, 0.0, 0.0, 1.0, 1.0), (1000, 30, 5.0, 5.5, 4.0, 0.25),
                               (2, 3, 1.0, 4.0, 0.5, 3.0), (100000, 100000, 0.100, 0.101, 0.09, 0.0901), (7, 400, -3.0, 2.0, 9.0, 1.0)]:
    t, p = stats.ttest_ind_from_stats(m1, np.sqrt(s1), n1, m2, np.sqrt(s2), n2, equal_var=False)
    # scipy's statistic is control − treatment; ours is treatment − control.
    v1, v2 = s1 / n1, s2 / n2
    df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1))
    half = stats.t.ppf(0.975, df) * np.sqrt(v1 + v2)
    out["welch"].append({"n1": n1, "mean1": m1, "var1": s1, "n2": n2, "mean2": m2, "var2": s2,
                         "t": -float(t), "p": float(p), "df": float(df), "lower": m2 - m1 - float(half), "upper": m2 - m1 + float(half)})

# Sample-ratio mismatch: chi-squared goodness of fit.
for observed, shares in [([5000, 5000], [50, 50]), ([5100, 4900], [50, 50]), ([10300, 9700], [50, 50]),
                         ([990, 10, 0], [98, 1, 1]), ([3400, 3300, 3300], [1, 1, 1]), ([812, 188], [80, 20])]:
    total = sum(observed)
    expected = [total * s / sum(shares) for s in shares]
    chi, p = stats.chisquare(observed, expected)
    out["srm"].append({"observed": observed, "shares": shares, "chi": float(chi), "p": float(p)})

# The sign test: two-sided exact binomial test at one half.
for a, b in [(10, 0), (60, 40), (40, 60), (500, 560), (1, 2), (0, 0), (7, 7), (5000, 5210)]:
    p = 1.0 if a + b == 0 else stats.binomtest(b, a + b, 0.5).pvalue
    out["sign"].append({"a": a, "b": b, "p": float(p)})

# Two proportions: pooled z, two-sided normal p-value, Wald interval.
for x1, n1, x2, n2 in [(100, 1000, 130, 1000), (5, 50, 5, 50), (0, 200, 3, 200), (4800, 100000, 5000, 100000), (10, 10, 9, 10)]:
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    se0 = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (p2 - p1) / se0 if se0 > 0 else 0.0
    se = np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    half = stats.norm.ppf(0.975) * se
    out["proportions"].append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "z": float(z), "p": float(2 * stats.norm.sf(abs(z))),
                               "lower": p2 - p1 - float(half), "upper": p2 - p1 + float(half)})

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "rollout.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
