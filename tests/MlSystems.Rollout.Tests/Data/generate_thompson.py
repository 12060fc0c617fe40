"""Exact Thompson-sampling win probabilities, the reference for the bandit policies' propensities. Run with Debian's
python3 (numpy, scipy):

    /usr/bin/python3 tests/MlSystems.Rollout.Tests/Data/generate_thompson.py

For arms with independent posteriors the probability that arm k's draw is the largest is the integral of its density
times every other arm's distribution function, P(k) = ∫ f_k(x) ∏_{j≠k} F_j(x) dx. scipy's adaptive quadrature (QUADPACK)
evaluates it with scipy.stats' densities and distribution functions (Boost's incomplete beta), split at points around
each posterior's bulk so no narrow posterior is stepped over. Writes thompson.json beside this script; .ci/run
regenerates it and fails when it changes.
"""
import json
import os
import warnings

import numpy as np
import scipy
from scipy import integrate, stats

# QUADPACK warns of roundoff when asked for accuracy near the last digit; the sum-to-one check below is the judge.
warnings.simplefilter("ignore", integrate.IntegrationWarning)


def win_probabilities(dists, centres):
    # In the variable v = S_k(x) (arm k's survival function) the integral is P(k) = ∫_0^1 ∏_{j≠k} F_j(S_k⁻¹(v)) dv: a
    # bounded integrand on [0, 1] whatever the posteriors' shapes (no density singularity at a Beta's end), with v fine
    # near 0, where an arm that rarely wins does its winning. It is split at the images of points around every
    # posterior's bulk, so no narrow posterior is stepped over, and asked for relative accuracy only.
    xs = [m + c * s for m, s in centres for c in (-64, -48, -32, -24, -16, -12, -8, -6, -4, -3, -2, -1, 0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64)]
    result = []
    for k, dk in enumerate(dists):
        others = [d for j, d in enumerate(dists) if j != k]
        edges = sorted({0.0, 1.0} | {v for x in xs if 0.0 < (v := float(dk.sf(x))) < 1.0})
        total = 0.0
        for a, b in zip(edges[:-1], edges[1:]):
            value, _ = integrate.quad(lambda v: np.prod([d.cdf(dk.isf(v)) for d in others]), a, b,
                                      epsabs=1e-17, epsrel=1e-12, limit=500)
            total += value
        result.append(total)
    assert abs(sum(result) - 1) < 1e-11, (dists, result, sum(result))
    return result


beta_cases = [
    [(1, 1), (1, 1)],
    [(1, 1), (1, 1), (1, 1)],
    [(11, 21), (16, 16), (1, 1)],
    [(51, 951), (61, 941), (81, 921)],
    [(5001, 95001), (5101, 94901)],
    [(50001, 950001), (50201, 949801), (49901, 950101)],
    [(1, 1e6), (2, 1e6), (1, 1)],
    [(0.5, 0.5), (0.5, 0.5), (1.5, 0.5)],
    [(0.25, 0.25), (0.25, 5.25), (3.25, 0.5)],
    [(1001, 1), (1, 1001)],
    [(3.7, 10.2), (2.25, 8.5)],
    [(1e6, 2), (1e6, 3), (5e5, 1)],
    [(2, 3), (20, 30), (200, 300), (2000, 3000), (1, 1)],
    [(1, 1), (1, 1), (1, 1), (1, 1), (1, 1), (1, 1), (1, 1), (2, 1)],
    # Found by the sum-to-one property: one arm's spread point lands within 1e-18 of 1, next to non-smooth y^0.42.
    [(0.5357966575, 0.2552701303), (587.4893525, 1.41579378), (529.6634439, 3.971915495)],
    [(587.4893525, 1.41579378), (529.6634439, 3.971915495)],
]
normal_cases = [
    [(0, 1), (0, 1)],
    [(1, 0.1), (1.2, 0.5), (0.9, 1e-4)],
    [(0, 1), (3, 1e-6)],
    [(0, 1), (10, 1)],
    [(0.05, 0.002), (0.052, 0.0021), (0.049, 0.01), (0.0, 0.3)],
    [(-1e3, 50), (-990, 0.5), (-1005, 10)],
]

out = {"scipy": scipy.__version__, "beta": [], "normal": []}
for case in beta_cases:
    dists = [stats.beta(a, b) for a, b in case]
    centres = [(d.mean(), d.std()) for d in dists]
    out["beta"].append({"arms": [[float(a), float(b)] for a, b in case], "win": win_probabilities(dists, centres)})
for case in normal_cases:
    dists = [stats.norm(m, s) for m, s in case]
    out["normal"].append({"arms": [[float(m), float(s)] for m, s in case], "win": win_probabilities(dists, case)})

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "thompson.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
