"""scipy's Wasserstein distance between a 100,001-row reference column and a shifted current column, for the test
that the CLI is exact above 100,000 reference rows (where a profile would otherwise keep only a sketch).

The columns are integer formulas divided by a power of ten, which give the same doubles in Python and in C#, so the
test builds the CSV files itself and only these figures are committed.
Run with Debian's python3-numpy and python3-scipy: /usr/bin/python3 generate_large_reference.py
"""
import json

import numpy as np
import scipy
from scipy import stats

REFERENCE_ROWS = 100_001
CURRENT_ROWS = 5_000

reference = np.array([(i * 7919 % 100_003) / 1000.0 for i in range(REFERENCE_ROWS)])
current = np.array([(j * 104_729 % 50_021) / 500.0 + 3.0 for j in range(CURRENT_ROWS)])

with open("large_reference_expected.json", "w") as f:
    json.dump(
        {
            "scipy": scipy.__version__,
            "referenceRows": REFERENCE_ROWS,
            "currentRows": CURRENT_ROWS,
            "wasserstein": float(stats.wasserstein_distance(reference, current)),
            "referenceStdDev": float(np.std(reference)),
        },
        f,
        indent=2,
        sort_keys=True,
    )
    f.write("\n")
