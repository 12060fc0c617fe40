#!/usr/bin/python3
"""Golden values for the MlSystems.Drift two-sample tests, from numpy and scipy.

Run from this folder: /usr/bin/python3 generate_drift.py  (Debian: apt-get install python3-numpy python3-scipy).
Writes drift.json: the samples and, per pair, what numpy/scipy compute. The PSI rules (reference deciles; Evidently's
Sturges-or-per-value binning and its empty-bin floor) are written out here with numpy, following their definitions.
"""
import json
import warnings

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

warnings.simplefilter("ignore", RuntimeWarning)
rng = np.random.default_rng(7)


def floor_shares(shares):
    """Evidently's empty-bin rule: 1e-4, or the smallest non-zero share / 1e6 when that is <= 1e-4."""
    shares = shares.copy()
    if np.any(shares == 0):
        smallest = np.min(shares[shares != 0])
        shares[shares == 0] = smallest / 10**6 if smallest <= 0.0001 else 0.0001
    return shares


def psi_from_counts(ref_counts, cur_counts, n_ref, n_cur):
    r = floor_shares(ref_counts / n_ref)
    c = floor_shares(cur_counts / n_cur)
    return float(np.sum((r - c) * np.log(r / c)))


def counts_by_edges(x, inner_edges):
    index = np.searchsorted(np.asarray(inner_edges), x, side="right")
    return np.bincount(index, minlength=len(inner_edges) + 1).astype(float)


def psi_quantiles(ref, cur, bins=10):
    edges = np.unique(np.quantile(ref, np.arange(1, bins) / bins))
    return psi_from_counts(counts_by_edges(ref, edges), counts_by_edges(cur, edges), len(ref), len(cur))


def evidently_bins(ref, cur):
    """Evidently's get_binned_data for numeric features, as counts per bin."""
    if len(np.unique(ref)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        return np.histogram(ref, edges)[0].astype(float), np.histogram(cur, edges)[0].astype(float)
    keys = sorted(set(ref) | set(cur))
    r = np.array([np.sum(ref == k) for k in keys], dtype=float)
    c = np.array([np.sum(cur == k) for k in keys], dtype=float)
    return r, c


def psi_evidently(ref, cur):
    r, c = evidently_bins(ref, cur)
    return psi_from_counts(r, c, len(ref), len(cur))


def hellinger(p, q):
    p = p / p.sum()
    q = q / q.sum()
    return float(np.sqrt(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)) / np.sqrt(2))


def numeric(name, values):
    return {"name": name, "values": [float(v) for v in values]}


samples = [
    numeric("normal_2000", rng.normal(0, 1, 2000)),
    numeric("normal_shifted_1500", rng.normal(0.3, 1.1, 1500)),
    numeric("normal_same_2500", rng.normal(0, 1, 2500)),
    numeric("exponential_800", rng.exponential(2.0, 800)),
    numeric("small_ints_1000", rng.integers(0, 6, 1000).astype(float)),
    numeric("small_ints_shifted_700", rng.integers(1, 8, 700).astype(float)),
    numeric("ties_heavy_600", np.round(rng.normal(0, 1, 600), 1)),
]
by_name = {s["name"]: np.array(s["values"]) for s in samples}

pairs = [
    ("normal_2000", "normal_shifted_1500"),
    ("normal_2000", "normal_same_2500"),
    ("normal_2000", "exponential_800"),
    ("small_ints_1000", "small_ints_shifted_700"),
    ("ties_heavy_600", "normal_2000"),
    ("exponential_800", "normal_shifted_1500"),
]
numeric_rows = []
for a, b in pairs:
    ref, cur = by_name[a], by_name[b]
    r, c = evidently_bins(ref, cur)
    numeric_rows.append({
        "reference": a,
        "current": b,
        "psi_quantiles": psi_quantiles(ref, cur),
        "psi_quantiles_20": psi_quantiles(ref, cur, 20),
        "psi_evidently": psi_evidently(ref, cur),
        "jensenshannon": float(distance.jensenshannon(r, c)),
        "jensenshannon_base2": float(distance.jensenshannon(r, c, base=2)),
        "hellinger": hellinger(r, c),
        "wasserstein": float(stats.wasserstein_distance(ref, cur)),
        "reference_std": float(np.std(ref)),
    })

categorical = {
    "colors_ref": {"red": 500, "green": 300, "blue": 200},
    "colors_cur": {"red": 430, "green": 310, "blue": 240, "purple": 20},
    "colors_same": {"red": 1000, "green": 610, "blue": 390},
    "colors_lost": {"red": 900, "green": 100},
}
categorical_rows = []
for a, b in [("colors_ref", "colors_cur"), ("colors_ref", "colors_same"), ("colors_ref", "colors_lost"), ("colors_cur", "colors_ref")]:
    keys = sorted(set(categorical[a]) | set(categorical[b]))
    r = np.array([categorical[a].get(k, 0) for k in keys], dtype=float)
    c = np.array([categorical[b].get(k, 0) for k in keys], dtype=float)
    chi2, p, dof, _ = stats.chi2_contingency(np.vstack([r, c]), correction=False)
    categorical_rows.append({
        "reference": a,
        "current": b,
        "chi2": float(chi2),
        "chi2_p": float(p),
        "chi2_dof": int(dof),
        "cramers_v": float(np.sqrt(chi2 / (r.sum() + c.sum()))),
        "jensenshannon": float(distance.jensenshannon(r, c)),
        "hellinger": hellinger(r, c),
        "linf": float(np.max(np.abs(r / r.sum() - c / c.sum()))),
        "psi": psi_from_counts(r, c, r.sum(), c.sum()),
    })

z_rows = []
for s1, n1, s2, n2 in [(120, 1000, 150, 1000), (5, 200, 30, 250), (0, 50, 0, 80), (40, 40, 10, 10), (1, 100000, 3, 90000)]:
    p1, p2 = s1 / n1, s2 / n2
    pooled = (s1 + s2) / (n1 + n2)
    var = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    z = (p1 - p2) / np.sqrt(var) if var > 0 else 0.0
    z_rows.append({"s1": s1, "n1": n1, "s2": s2, "n2": n2, "z": float(z), "p": float(2 * stats.norm.sf(abs(z)))})

with open("drift.json", "w") as f:
    json.dump({
        "generator": f"numpy {np.__version__}, scipy {scipy.__version__}",
        "samples": samples,
        "numeric": numeric_rows,
        "categories": categorical,
        "categorical": categorical_rows,
        "z": z_rows,
    }, f, indent=1)
