#!/usr/bin/python3
"""Golden values for the MlSystems.Statistics kernels, computed with numpy and scipy.

Run from this folder: /usr/bin/python3 generate_kernels.py  (Debian: apt-get install python3-numpy python3-scipy).
Writes kernels.json: the input samples themselves and what numpy/scipy compute from them, every double
written with repr() so it round-trips exactly.
"""
import json
import math
import warnings

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261128)
warnings.simplefilter("ignore", RuntimeWarning)


def sample(name, values):
    return {"name": name, "values": [float(v) for v in values]}


samples = [
    sample("normal_1000", rng.normal(0.0, 1.0, 1000)),
    sample("shifted_normal_777", rng.normal(1e9, 1.0, 777)),
    sample("lognormal_513", rng.lognormal(0.0, 2.0, 513)),
    sample("uniform_64", rng.uniform(-5.0, 5.0, 64)),
    sample("integers_with_ties_300", rng.integers(0, 7, 300).astype(float)),
    sample("tiny_3", [3.5, -1.25, 2.0]),
    sample("single_1", [42.0]),
    sample("signed_zeros_9", [0.0, -0.0, 1.0, -1.0, 0.0, -0.0, 2.5, -2.5, 0.0]),
    sample("large_magnitudes_200", rng.normal(0.0, 1e150, 200)),
]

def finite_or_none(value):
    """JSON has no NaN or infinity; scipy gives them where a fourth power overflows."""
    return float(value) if np.isfinite(value) else None


probabilities = [0.0, 0.001, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.999, 1.0, 1.0 / 3.0]

moments = []
quantiles = []
for s in samples:
    x = np.array(s["values"])
    moments.append({
        "name": s["name"],
        "sum_exact": math.fsum(x),
        "mean": float(np.mean(x)),
        "var_ddof0": float(np.var(x)),
        "var_ddof1": float(np.var(x, ddof=1)) if len(x) > 1 else None,
        "min": float(np.min(x)),
        "max": float(np.max(x)),
        "skew": finite_or_none(stats.skew(x)) if len(x) > 1 else None,
        "kurtosis": finite_or_none(stats.kurtosis(x)) if len(x) > 1 else None,
    })
    quantiles.append({
        "name": s["name"],
        "probabilities": probabilities,
        "quantiles": [float(q) for q in np.quantile(x, probabilities)],
    })

edge_sets = {
    "deciles_of_normal": [float(v) for v in np.quantile(np.array(samples[0]["values"]), np.linspace(0.1, 0.9, 9))],
    "integers": [1.0, 2.0, 3.0, 4.0, 5.0],
    "one_edge": [0.0],
    "wide_40": [float(v) for v in np.linspace(-3.0, 3.0, 40)],
}
bins = []
for s in samples:
    x = np.array(s["values"])
    for edge_name, edges in edge_sets.items():
        # x falls in bin j when edges[j-1] <= x < edges[j]: the number of edges <= x.
        index = np.searchsorted(np.array(edges), x, side="right")
        bins.append({
            "sample": s["name"],
            "edges": edge_name,
            "counts": [int(c) for c in np.bincount(index, minlength=len(edges) + 1)],
        })

ecdf = []
pairs = [("normal_1000", "lognormal_513"), ("integers_with_ties_300", "uniform_64"), ("tiny_3", "single_1"),
         ("uniform_64", "normal_1000"), ("integers_with_ties_300", "integers_with_ties_300"),
         ("signed_zeros_9", "tiny_3")]
by_name = {s["name"]: np.array(s["values"]) for s in samples}
for a, b in pairs:
    row = {"first": a, "second": b}
    for alternative in ("two-sided", "greater", "less"):
        r = stats.ks_2samp(by_name[a], by_name[b], alternative=alternative, method="asymp")
        row[alternative] = {
            "statistic": float(r.statistic),
            "location": float(r.statistic_location),
            "sign": int(r.statistic_sign),
        }
    ecdf.append(row)

with open("kernels.json", "w") as f:
    json.dump({
        "generator": f"numpy {np.__version__}, scipy {scipy.__version__}",
        "samples": samples,
        "edgeSets": edge_sets,
        "moments": moments,
        "quantiles": quantiles,
        "bins": bins,
        "ecdf": ecdf,
    }, f, indent=1)
