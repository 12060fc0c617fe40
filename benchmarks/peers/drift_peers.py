#!/usr/bin/python3
"""Times the scipy/numpy peers of benchmarks/MlSystems.Benchmarks/Drift on this machine and prints medians.

Run: /usr/bin/python3 benchmarks/peers/drift_peers.py  (Debian: apt-get install python3-numpy python3-scipy).
Each figure is the median of 7 runs on fresh seeded inputs of 1e6 vs 1e6 doubles, like the C# benchmarks.
"""
import json
import statistics
import sys
import time

import numpy as np
from scipy import stats


def psi_numpy(ref, cur, bins=10):
    edges = np.quantile(ref, np.arange(1, bins) / bins)
    r = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=bins) / len(ref)
    c = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=bins) / len(cur)
    r = np.where(r == 0, 1e-4, r)
    c = np.where(c == 0, 1e-4, c)
    return float(np.sum((r - c) * np.log(r / c)))


def median_seconds(fn, runs=7):
    times = []
    rng = np.random.default_rng(1)
    for _ in range(runs):
        ref = rng.normal(0, 1, 1_000_000)
        cur = rng.normal(0.01, 1, 1_000_000)
        start = time.perf_counter()
        fn(ref, cur)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


results = {
    "scipy.stats.ks_2samp": median_seconds(lambda r, c: stats.ks_2samp(r, c)),
    "numpy PSI (quantile + searchsorted + bincount)": median_seconds(psi_numpy),
}
json.dump(results, sys.stdout, indent=1)
print()
