"""float64 matrix products n × n × n in PyTorch CPU, for the peak line of `npm run bench`: the best
of several timed repetitions after a warm-up, and which BLAS library torch calls.

Usage: /usr/bin/python3 grader/bench/torch_gemm.py '{"sizes": [256, 512], "threads": 1}'  ->  one JSON line.
"""
import json
import os
import sys
import time

import torch


def blas_library() -> str:
    """The shared BLAS library mapped into this process (Debian's torch links libblas.so.3)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
        return ", ".join(sorted(os.path.realpath(p) for p in paths)) or "unknown"
    except OSError:
        return "unknown"


def main() -> None:
    config = json.loads(sys.argv[1])
    torch.set_num_threads(config.get("threads", 1))
    results = []
    for n in config["sizes"]:
        a = torch.rand(n, n, dtype=torch.float64)
        b = torch.rand(n, n, dtype=torch.float64)
        a @ b
        reps = max(1, int(1e9 / (2 * n**3)))
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            for _ in range(reps):
                a @ b
            best = min(best, (time.perf_counter() - started) / reps)
        results.append({"n": n, "gflops": 2 * n**3 / best / 1e9})
    print(json.dumps({"results": results, "blas": blas_library()}))


if __name__ == "__main__":
    main()
