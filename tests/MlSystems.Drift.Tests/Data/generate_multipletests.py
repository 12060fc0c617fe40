#!/usr/bin/python3
"""Golden values for MultipleTestingCorrection.Adjust, from statsmodels' multipletests.

Run from this folder: /usr/bin/python3 generate_multipletests.py  (Debian: apt-get install python3-statsmodels).
Writes multipletests.json: families of raw p-values (uniform, clustered near zero, with ties, with zeros and ones,
single values) and what multipletests returns for bonferroni, holm and fdr_bh (the corrected p-values, unrounded).
"""
import json

import numpy as np
from statsmodels.stats.multitest import multipletests

rng = np.random.default_rng(13)
METHODS = {"Bonferroni": "bonferroni", "Holm": "holm", "BenjaminiHochberg": "fdr_bh"}


def families():
    yield "single", np.array([0.03])
    yield "evidently-example", np.array([0.01, 0.04, 0.03, 0.2])
    yield "zeros-and-ones", np.array([0.0, 1.0, 0.5, 0.0, 1e-300, 1.0])
    yield "ties", np.array([0.02, 0.02, 0.02, 0.5, 0.5, 0.001, 0.001])
    for size in (3, 10, 57, 250):
        yield f"uniform-{size}", rng.uniform(size=size)
        yield f"near-zero-{size}", rng.uniform(size=size) ** 6
        yield f"mixed-{size}", np.where(rng.uniform(size=size) < 0.3, rng.uniform(size=size) * 1e-5, rng.uniform(size=size))


cases = []
for name, p in families():
    adjusted = {ours: multipletests(p, method=theirs)[1].tolist() for ours, theirs in METHODS.items()}
    cases.append({"name": name, "p": p.tolist(), "adjusted": adjusted})

with open("multipletests.json", "w") as f:
    json.dump({"source": "statsmodels.stats.multitest.multipletests", "cases": cases}, f, indent=1)
    f.write("\n")
