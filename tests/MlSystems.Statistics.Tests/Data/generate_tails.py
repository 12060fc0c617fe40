#!/usr/bin/python3
"""Golden values for the chi-squared and normal tails, from scipy.stats.

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

normal = []
for z in (-40.0, -8.5, -3.0, -1.96, -0.5, 0.0, 1e-9, 0.5, 1.0, 1.6448536269514722, 2.5, 5.0, 9.0, 20.0, 37.5):
    normal.append({"z": z, "sf": float(stats.norm.sf(z)), "cdf": float(stats.norm.cdf(z))})

with open("tails.json", "w") as f:
    json.dump({"generator": f"scipy {scipy.__version__}", "chi2": chi2, "normal": normal}, f, indent=1)
