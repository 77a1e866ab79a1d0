"""SPEC 7 "app start to a usable customer list" on a big shop, on its own.

    .venv/bin/python benchmarks/startup_bench.py DB [RUNS]

The measurement of ``bench.py`` (:func:`bench.measure_startup`): the app started in a fresh
process each run (Qt offscreen) on the Customers page, timed from launching the process to a
usable list, beside a bare Qt window started the same way (the floor), runs interleaved.
"""

import sys

from bench import measure_startup

if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    figure = measure_startup(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    print(
        f"{figure['samples']} runs: median {figure['ms'] / 1000:.3f} s,"
        f" p95 {figure['p95_ms'] / 1000:.3f} s to the first screen of rows;"
        f" the whole list ({figure['listed']:,} customers) at {figure['whole_list_median_ms'] / 1000:.3f} s;"
        f" floor {figure['floor']['ms'] / 1000:.3f} s; ratio {figure['ms'] / figure['floor']['ms']:.1f}×"
    )
