"""Evaluations per second of the Jincheng pack on pre-validated projects, and pack load time.

    python benchmarks/evaluate.py

Target (issue 3): ≥ 20,000 evaluations/s per core and a pack load ≤ 50 ms on a 2-core machine.
The projects are a fixed, seeded mix of stages (just started … accepted and filed), with changes,
evaluated on dates spread over 2024–2026; validation is done before timing.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from pathlib import Path

import govrules
from govrules._pack import parse_pack

STAGES = [
    "collective_decision",
    "expert_review",
    "demand_submitted",
    "tech_review",
    "financial_review",
    "budget_approved",
    "budget_approval_reported",
    "approved",
    "procurement_filed",
    "contract_signed",
    "confidentiality_agreement",
    "supervisor_engaged",
    "construction_started",
    "completed",
    "security_testing",
    "crypto_assessment",
    "software_testing",
    "initial_acceptance",
    "technical_acceptance",
    "accepted",
    "acceptance_filed",
    "performance_evaluated",
]


def projects(count: int, seed: int = 2026) -> list[tuple[govrules.Project, dt.date]]:
    rng = random.Random(seed)
    result = []
    for index in range(count):
        start = dt.date(2024, 1, 2) + dt.timedelta(days=rng.randrange(700))
        milestones, day = {}, start
        for name in STAGES[: rng.randrange(1, len(STAGES) + 1)]:
            day += dt.timedelta(days=rng.randrange(1, 25))
            milestones[name] = day
        changes = [
            {
                "date": day,
                "amount": rng.choice([30000, 100000, -100000, 150000]),
                "reason": rng.choice(["policy", "optimization", "business", "other"]),
            }
            for _ in range(rng.randrange(3))
        ]
        project = govrules.Project.model_validate(
            {
                "id": f"bench-{index}",
                "name": "基准项目",
                "budget": rng.choice([99000, 300000, 1280000, 5000000]),
                "deployment": rng.choice(["gov_cloud", "gov_cloud", "gov_cloud", "public_cloud"]),
                "milestones": milestones,
                "changes": changes,
            }
        )
        result.append((project, day + dt.timedelta(days=rng.randrange(120))))
    return result


def main() -> None:
    path = govrules.load_pack("jincheng").path
    raw = path.read_bytes()
    loads = []
    for _ in range(20):
        t0 = time.perf_counter()
        parse_pack(raw, str(path))  # uncached: parse, validate, compile
        loads.append(time.perf_counter() - t0)
    pack = govrules.load_pack("jincheng")
    sample = projects(500)
    findings = sum(len(govrules.evaluate(p, pack, d).obligations) for p, d in sample) / len(sample)
    rates = []
    for _ in range(5):
        t0 = time.perf_counter()
        for project, as_of in sample:
            govrules.evaluate(project, pack, as_of)
        rates.append(len(sample) / (time.perf_counter() - t0))
    print(f"pack: {Path(path).name}, {len(pack.rules)} rules")
    print(f"pack load (parse + validate + compile): median {statistics.median(loads) * 1000:.1f} ms (target ≤ 50 ms)")
    print(
        f"evaluations/s, one core: median {statistics.median(rates):,.0f} (best {max(rates):,.0f}; "
        f"target ≥ 20,000); {findings:.1f} obligations per report on average"
    )


if __name__ == "__main__":
    main()
