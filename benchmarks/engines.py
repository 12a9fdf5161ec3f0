"""Evaluations per second for each pack: native engine vs durable_rules, on the same projects.

    python benchmarks/engines.py      (needs the durable extra: pip install -e '.[durable]')

Issue 6 expects the native engine to be at least 10× faster; this prints what is measured.
"""

from __future__ import annotations

import statistics
import time

from evaluate import projects

import govrules


def rate(pack: govrules.Pack, sample: list[tuple[govrules.Project, object]], engine: str, rounds: int) -> float:
    results = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for project, as_of in sample:
            govrules.evaluate(project, pack, as_of, engine=engine)  # type: ignore[arg-type]
        results.append(len(sample) / (time.perf_counter() - t0))
    return statistics.median(results)


def main() -> None:
    sample = projects(300)
    print(f"{'pack':<10} {'native/s':>10} {'durable/s':>10} {'ratio':>7}")
    for name in ("jincheng", "yuncheng", "qinyuan", "tengzhou"):
        pack = govrules.load_pack(name)
        for project, as_of in sample[:20]:  # warm up, and check both engines agree on this sample
            native = govrules.evaluate(project, pack, as_of).model_dump_json()
            assert govrules.evaluate(project, pack, as_of, engine="durable").model_dump_json() == native
        fast = rate(pack, sample, "native", 3)
        slow = rate(pack, sample, "durable", 3)
        print(f"{name:<10} {fast:>10,.0f} {slow:>10,.0f} {fast / slow:>6.1f}×")


if __name__ == "__main__":
    main()
