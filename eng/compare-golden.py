#!/usr/bin/python3
"""Compares regenerated golden data under tests/*/Data/ with what is committed, number by number.

The scripts beside the test data are run first (see .ci/run); this reads every file they changed, compares it with the
committed version and restores the committed one. Numbers may differ in their last bits between machines (numpy and
the C library round exp, log and friends differently on different CPUs), so numbers agree when within a relative
1e-12 or an absolute 1e-300 (or both are NaN, or equal infinities); everything else (text, structure, row and key counts) must be identical.
Exits 1, naming the file and the first difference, when anything else differs.

Usage: /usr/bin/python3 eng/compare-golden.py   (from the repository root)
"""
import csv
import io
import json
import math
import subprocess
import sys

RELATIVE = 1e-12


def numbers_agree(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    # The relative test fails for values that underflow differently (1e-320 against 0): those agree below 1e-300.
    return abs(a - b) <= RELATIVE * max(abs(a), abs(b)) or abs(a - b) <= 1e-300


def as_number(text):
    try:
        return float(text)
    except ValueError:
        return None


def compare_json(old, new, where):
    if isinstance(old, bool) or isinstance(new, bool) or old is None or new is None or isinstance(old, str) or isinstance(new, str):
        return None if old == new else f"{where}: {old!r} became {new!r}"
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return None if numbers_agree(float(old), float(new)) else f"{where}: {old!r} became {new!r}"
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return f"{where}: {len(old)} items became {len(new)}"
        for i, (a, b) in enumerate(zip(old, new)):
            if (d := compare_json(a, b, f"{where}[{i}]")) is not None:
                return d
        return None
    if isinstance(old, dict) and isinstance(new, dict):
        if old.keys() != new.keys():
            return f"{where}: keys {sorted(old)} became {sorted(new)}"
        for k in old:
            if (d := compare_json(old[k], new[k], f"{where}.{k}")) is not None:
                return d
        return None
    return f"{where}: {type(old).__name__} became {type(new).__name__}"


def compare_text(old, new):
    old_rows, new_rows = list(csv.reader(io.StringIO(old))), list(csv.reader(io.StringIO(new)))
    if len(old_rows) != len(new_rows):
        return f"{len(old_rows)} rows became {len(new_rows)}"
    for r, (a, b) in enumerate(zip(old_rows, new_rows)):
        if len(a) != len(b):
            return f"row {r + 1}: {len(a)} fields became {len(b)}"
        for c, (x, y) in enumerate(zip(a, b)):
            nx, ny = as_number(x), as_number(y)
            same = numbers_agree(nx, ny) if nx is not None and ny is not None else x == y
            if not same:
                return f"row {r + 1}, field {c + 1}: {x!r} became {y!r}"
    return None


def main():
    changed = subprocess.run(["git", "diff", "--name-only", "--", ":(glob)tests/*/Data/**"], capture_output=True, text=True, check=True).stdout.split()
    untracked = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "--", ":(glob)tests/*/Data/**"], capture_output=True, text=True, check=True).stdout.split()
    failures = [f"{path}: written by a script but not committed" for path in untracked]
    for path in changed:
        old = subprocess.run(["git", "show", f"HEAD:{path}"], capture_output=True, text=True, check=True).stdout
        with open(path, encoding="utf-8") as f:
            new = f.read()
        difference = compare_json(json.loads(old), json.loads(new), "$") if path.endswith(".json") else compare_text(old, new)
        if difference is not None:
            failures.append(f"{path}: {difference}")
        subprocess.run(["git", "checkout", "--quiet", "--", path], check=True)
    print(f"golden data: {len(changed)} regenerated file(s) differ from the committed ones only within {RELATIVE:g} relative" if not failures else "")
    for failure in failures:
        print(f"golden data differs from what its script generates: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
