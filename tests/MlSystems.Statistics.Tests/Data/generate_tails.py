#!/usr/bin/python3
"""Golden values for the chi-squared, normal, Student t and binomial distributions, from scipy.stats.

Run from this folder: /usr/bin/python3 generate_tails.py  (Debian: apt-get install python3-scipy).
Writes tails.json with every double in repr() form.
"""
import json

import scipy
from scipy import stats

chi2 = []
for dof in (1, 2, 3, 5, 9, 10.5, 30, 99, 1000):
    for x in (1e-8, 0.01, 0.5, 1.0, 2.0, 3.84, 7.5, 15.0, 50.0, 150.0, 600.0, 1500.0):
        chi2.append({"x": x, "dof": dof, "sf": float(stats.chi2.sf(x, dof)), "cdf": float(stats.chi2.cdf(x, dof))})

# The quantiles sample-size planning asks for: a statistic's null distribution at a target power.
chi2_quantiles = []
for dof in (1, 2, 4.5, 9, 30, 200):
    for q in (1e-6, 0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999, 1 - 1e-9):
        chi2_quantiles.append({"p": q, "dof": dof, "ppf": float(stats.chi2.ppf(q, dof))})

normal = []
for z in (-40.0, -8.5, -3.0, -1.96, -0.5, 0.0, 1e-9, 0.5, 1.0, 1.6448536269514722, 2.5, 5.0, 9.0, 20.0, 37.5):
    normal.append({"z": z, "sf": float(stats.norm.sf(z)), "cdf": float(stats.norm.cdf(z))})

def refined_t_ppf(p, dof):
    """t.ppf polished by Newton steps on t.cdf: this scipy's t.ppf (cdflib's cdft) stops at about 1e-8 relative, while
    t.cdf (Cephes' incomplete beta) is accurate to the last digits, so the root of t.cdf(x) - p is the better golden."""
    if p == 0.5:
        return 0.0
    upper = p > 0.5
    target = 1 - p if upper else p
    x = float(stats.t.ppf(target, dof))
    for _ in range(6):
        x -= (float(stats.t.cdf(x, dof)) - target) / float(stats.t.pdf(x, dof))
    return -x if upper else x


# The quantiles the gates and interval code ask for (one- and two-sided levels), and the tails beyond them.
normal_quantiles = []
for p in (1e-300, 1e-20, 1e-9, 0.001, 0.005, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.995, 0.999, 1 - 1e-9):
    normal_quantiles.append({"p": p, "ppf": float(stats.norm.ppf(p))})

student_t = []
for dof in (1, 2, 3.5, 7, 19.25, 30, 120, 1e4):
    for t in (-30.0, -4.0, -1.96, -0.5, 0.0, 0.75, 2.0, 6.0, 40.0):
        student_t.append({"t": t, "dof": dof, "cdf": float(stats.t.cdf(t, dof)), "sf": float(stats.t.sf(t, dof))})
    for p in (0.001, 0.025, 0.05, 0.5, 0.9, 0.95, 0.975, 0.995):
        student_t.append({"p": p, "dof": dof, "ppf": float(stats.t.ppf(p, dof)), "ppf_refined": refined_t_ppf(p, dof)})

binomial = []
for n, p in ((1, 0.5), (10, 0.5), (25, 0.3), (200, 0.5), (1000, 0.01), (5000, 0.5)):
    for k in sorted({0, 1, n // 10, n // 3, n // 2, n - 1, n}):
        binomial.append({"k": k, "n": n, "p": p, "cdf": float(stats.binom.cdf(k, n, p))})

with open("tails.json", "w") as f:
    json.dump({"generator": f"scipy {scipy.__version__}", "chi2": chi2, "chi2_quantiles": chi2_quantiles, "normal": normal, "normal_quantiles": normal_quantiles,
               "student_t": student_t, "binomial": binomial}, f, indent=1)
