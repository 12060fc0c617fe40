#!/usr/bin/python3
"""Golden values for MlSystems.Features sliding windows, from pandas' time-based rolling windows.

Run from this folder: /usr/bin/python3 generate_windows.py  (Debian: apt-get install python3-pandas python3-numpy).
Writes windows_events.csv (entity, event time in ticks of 100 ns since the Unix epoch, value) and windows_expected.csv
(per event, the features as of its own time over one 10-minute and one 1-hour sliding window).

The rule checked: a window of length L read at time t holds the events with t - L <= time < t; events at t itself are
not counted, whichever order they came in. That is pandas' closed='left', except that pandas, on a row that shares its
instant with earlier rows, counts those earlier rows. So each event is read through a marker row (value NaN, which every
rolling aggregation skips) placed before all the real rows of its instant: the marker's closed='left' window is exactly
[t - L, t).

The stream has what makes window edges hard: bursts of events at one instant, events exactly one window after another
(at t - L of a later read), and values offset by 1e9 for half the entities. count, sum, mean, min and max are pandas';
pandas' own rolling variance loses most digits on values near 1e9, so the variance is computed exactly (fractions) from
the same window, found here by brute force rather than by pandas.
"""
import csv
from fractions import Fraction

import numpy as np
import pandas as pd

EPOCH_TICKS_START = 17_619_552_000_000_000  # 2025-11-01T00:00:00Z in ticks since the Unix epoch
WINDOWS = {"10m": 10 * 60 * 10_000_000, "1h": 60 * 60 * 10_000_000}
ENTITIES = 150
EVENTS = 6_000

rng = np.random.default_rng(22)
events = []
clock = EPOCH_TICKS_START
for i in range(EVENTS):
    entity = int(rng.integers(ENTITIES))
    roll = rng.integers(10)
    if i > 0 and roll < 3:
        entity, ticks = events[-1][0], events[-1][1]  # a burst: the same entity at the same instant
    elif i > 0 and roll == 3:
        j = int(rng.integers(len(events)))
        entity, ticks = events[j][0], events[j][1] + WINDOWS["10m" if rng.integers(2) == 0 else "1h"]
    else:
        clock += int(rng.integers(0, 30)) * 10_000_000
        ticks = clock
    value = 1e9 + float(rng.integers(-500, 500)) if entity % 2 == 0 else float(rng.integers(1, 40_000)) / 100
    events.append((entity, ticks, value))

frame = pd.DataFrame(events, columns=["entity", "ticks", "value"])
frame["row"] = np.arange(len(frame))
frame["time"] = pd.to_datetime(frame["ticks"] * 100, unit="ns")

columns = {}
for name, length in WINDOWS.items():
    for stat in ("count", "sum", "mean", "min", "max"):
        columns[f"{stat}_{name}"] = np.full(len(frame), np.nan)

for _, group in frame.groupby("entity"):
    markers = group.assign(value=np.nan, marker=0)
    real = group.assign(marker=1, row=-1)
    timeline = pd.concat([markers, real]).sort_values(["time", "marker"], kind="mergesort")
    rows = timeline["row"].to_numpy()
    is_marker = rows >= 0
    series = timeline.set_index("time")["value"]
    for name, length in WINDOWS.items():
        rolling = series.rolling(pd.Timedelta(length * 100, unit="ns"), closed="left")
        for stat in ("count", "sum", "mean", "min", "max"):
            values = getattr(rolling, stat)().to_numpy()
            columns[f"{stat}_{name}"][rows[is_marker]] = values[is_marker]


def exact_variance(values):
    if len(values) < 2:
        return float("nan")
    exact = [Fraction(v) for v in values]
    mean = sum(exact) / len(exact)
    return float(sum((v - mean) ** 2 for v in exact) / (len(exact) - 1))


by_entity = {}
for entity, ticks, value in events:
    by_entity.setdefault(entity, []).append((ticks, value))
for name, length in WINDOWS.items():
    columns[f"variance_{name}"] = np.array([
        exact_variance([v for (s, v) in by_entity[entity] if ticks - length <= s < ticks]) for entity, ticks, _ in events
    ])

with open("windows_events.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["entity", "ticks", "value"])
    for entity, ticks, value in events:
        writer.writerow([f"e{entity}", ticks, repr(value)])

names = [f"{stat}_{name}" for name in WINDOWS for stat in ("count", "sum", "mean", "variance", "min", "max")]
with open("windows_expected.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(names)
    for i in range(len(events)):
        writer.writerow([repr(float(columns[n][i])) for n in names])
