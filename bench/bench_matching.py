"""Benchmark of the neighbour-help matching engine (zorgzaam.help.matching).

    .venv/bin/python bench/bench_matching.py [--volunteers N] [--quick] [--seed S]

Prints the machine (with its CPU calibration), then: rank latency (top 20 of N volunteers,
one thread) and its speed-up over a plain Python loop; assign wall time and quality (flow vs
exact optimum vs greedy), also with scarce volunteers (top-20 only, adaptive depth, greedy
against the optimum over every feasible pair); memory of the engine. Synthetic data:
volunteers clustered around villages near (52.0 N, 4.7 E), travel radius 2-15 km, 20 skills,
12 languages.
"""

from __future__ import annotations

import os

# one thread for NumPy/BLAS: must be set before numpy is imported
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import math  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

try:
    import zorgzaam.help.matching  # noqa: F401
except ImportError:  # not installed: run from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _common import machine  # noqa: E402

from zorgzaam.help.matching import (  # noqa: E402
    Assignment,
    HelpNeed,
    Vocabulary,
    VolunteerPool,
    Weights,
    assign,
    build_candidate_graph,
    rank,
)
from zorgzaam.help.matching.assignment import solve_flow  # noqa: E402
from zorgzaam.help.matching.ranking import rank_core  # noqa: E402
from zorgzaam.help.matching.reference import (  # noqa: E402
    RefVolunteer,
    exact_assignment_cost,
    reference_rank,
)

SKILLS = Vocabulary.skills(
    [
        "boodschappen",
        "vervoer",
        "begeleiding_arts",
        "tuin",
        "klusjes",
        "computer",
        "telefoon",
        "gezelschap",
        "wandelen",
        "administratie",
        "koken",
        "oppas",
        "huisdieren",
        "taalmaatje",
        "fietsen",
        "voorlezen",
        "mantelzorg_respijt",
        "verhuizen",
        "schoonmaken",
        "post",
    ]
)
LANGUAGES = Vocabulary.languages(
    ["nl", "en", "de", "ar", "tr", "pl", "ber", "ti", "uk", "fy", "pap", "so"]
)
TODAY = (dt.date(2026, 12, 1) - dt.date(1970, 1, 1)).days
RADII = np.array([2.0, 3.0, 5.0, 8.0, 10.0, 15.0])
RADIUS_P = np.array([0.15, 0.2, 0.3, 0.2, 0.1, 0.05])
SKILL_P = 1.0 / np.arange(1, 21) ** 0.8
SKILL_P /= SKILL_P.sum()
OTHER_LANG_P = np.array([0.0, 0.3, 0.08, 0.1, 0.1, 0.06, 0.05, 0.03, 0.04, 0.04, 0.02, 0.02])


class World:
    """Synthetic villages, grouped into municipalities."""

    def __init__(self, rng: np.random.Generator, n_munis: int = 120, villages: int = 6) -> None:
        centre_lat = rng.uniform(51.5, 52.5, n_munis)
        centre_lon = rng.uniform(4.0, 5.4, n_munis)
        km_lat = 1 / 111.2
        km_lon = 1 / (111.2 * math.cos(math.radians(52.0)))
        self.muni_of_village = np.repeat(np.arange(n_munis), villages)
        off = rng.normal(0, 4.0, (n_munis * villages, 2))
        self.v_lat = centre_lat[self.muni_of_village] + off[:, 0] * km_lat
        self.v_lon = centre_lon[self.muni_of_village] + off[:, 1] * km_lon
        self.weight = rng.pareto(1.5, n_munis * villages) + 1  # some villages are bigger
        self.weight /= self.weight.sum()
        self.names = np.array([f"GM{1000 + m}" for m in range(n_munis)])
        self.km = (km_lat, km_lon)

    def place(self, rng: np.random.Generator, n: int, spread_km: float = 1.5):
        village = rng.choice(self.v_lat.size, n, p=self.weight)
        noise = rng.normal(0, spread_km, (n, 2))
        lat = self.v_lat[village] + noise[:, 0] * self.km[0]
        lon = self.v_lon[village] + noise[:, 1] * self.km[1]
        return lat, lon, self.names[self.muni_of_village[village]]


def random_masks(rng: np.random.Generator, n: int, p: np.ndarray, counts: np.ndarray):
    """``n`` masks with ``counts[i]`` distinct bits drawn with probabilities ``p``."""
    masks = np.zeros(n, dtype=np.uint64)
    keys = rng.random((n, p.size)) ** (1.0 / p)  # weighted sampling without replacement
    order = np.argsort(-keys, axis=1)
    for j in range(int(counts.max())):
        take = counts > j
        masks[take] |= np.left_shift(np.uint64(1), order[take, j].astype(np.uint64))
    return masks


def make_pool(
    rng: np.random.Generator, world: World, n: int, max_load: tuple[int, int] = (1, 5)
) -> VolunteerPool:
    lat, lon, muni = world.place(rng, n)
    pyrng = random.Random(int(rng.integers(1 << 62)))
    ids = [str(uuid.UUID(int=pyrng.getrandbits(128), version=4)) for _ in range(n)]
    skills = random_masks(rng, n, SKILL_P, rng.integers(1, 5, n))
    extra = random_masks(rng, n, OTHER_LANG_P[1:] / OTHER_LANG_P[1:].sum(), rng.integers(0, 3, n))
    langs = (extra << np.uint64(1)) | (rng.random(n) < 0.95).astype(np.uint64)
    avail = np.zeros(n, dtype=np.uint64)
    for _ in range(6):
        avail |= np.left_shift(np.uint64(1), rng.integers(0, 21, n).astype(np.uint64))
    has_vog = rng.random(n) < 0.4
    vog = np.where(has_vog, TODAY + rng.integers(-200, 1100, n), 0).clip(0)
    max_loads = rng.integers(max_load[0], max_load[1] + 1, n)
    load = np.minimum(rng.poisson(0.6, n), max_loads)
    far = np.where(rng.random(n) < 0.1, rng.uniform(2, 12, n), 0.0)
    decl_skill = np.where(
        rng.random(n) < 0.05,
        np.left_shift(np.uint64(1), rng.integers(0, 20, n).astype(np.uint64)),
        np.uint64(0),
    )
    return VolunteerPool.from_columns(
        SKILLS,
        LANGUAGES,
        ids=ids,
        municipality=muni,
        lat=lat,
        lon=lon,
        radius_km=rng.choice(RADII, n, p=RADIUS_P),
        skills_mask=skills,
        languages_mask=langs,
        availability=avail,
        vog_expires=vog,
        load=load,
        max_load=max_loads,
        paused=rng.random(n) < 0.05,
        recent_tasks=rng.poisson(1.0, n),
        decline_far_km=far,
        decline_skill_mask=decl_skill,
        decline_other=rng.poisson(0.2, n),
    )


def make_requests(
    rng: np.random.Generator, world: World, pool: VolunteerPool, n: int, *, open_: bool = False
):
    """``n`` requests; ``open_``: no required skill, no VOG, half of them at any time (many
    more feasible volunteers per request than k = 20: where capacity, not fit, decides)."""
    lat, lon, muni = world.place(rng, n, spread_km=2.0)
    pool_ids = list(pool)
    reqs = []
    for i in range(n):
        need = SKILLS.terms[int(rng.choice(20, p=SKILL_P))]
        pref = {SKILLS.terms[int(j)] for j in rng.choice(20, int(rng.integers(0, 3)), p=SKILL_P)}
        langs = {"nl"}
        if rng.random() < 0.2:
            langs = {LANGUAGES.terms[int(rng.choice(12, p=OTHER_LANG_P / OTHER_LANG_P.sum()))]}
        recurring = bool(rng.random() < 0.4)
        n_slots = int(rng.integers(2, 8)) if recurring else int(rng.integers(1, 4))
        slots = 0
        for b in rng.choice(21, n_slots, replace=False):
            slots |= 1 << int(b)
        prev = {pool_ids[int(rng.integers(len(pool_ids)))]} if rng.random() < 0.1 else set()
        any_time = open_ and rng.random() < 0.5
        reqs.append(
            HelpNeed(
                id=f"req-{i}",
                municipality=str(muni[i]),
                lat=float(lat[i]),
                lon=float(lon[i]),
                skills=frozenset() if open_ else frozenset({need}),
                slots=(1 << 21) - 1 if any_time else slots,
                date=TODAY + int(rng.integers(0, 30)),
                requires_vog=bool(rng.random() < 0.3) and not open_,
                preferred_skills=frozenset(pref - {need}),
                languages=frozenset(langs),
                recurring=recurring,
                waiting_days=float(rng.integers(0, 30)),
                previous_volunteers=frozenset(prev),
            )
        )
    return reqs


def pct(xs: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(xs), q))


def bench_rank(pool: VolunteerPool, reqs: list[HelpNeed], n_loop: int) -> None:
    n = len(pool)
    print(f"\n== rank: top 20 among {n:,} volunteers, {len(reqs)} requests, 1 thread ==")
    for r in reqs[:20]:  # warm-up
        rank(pool, r, k=20)
    times, found, cands = [], [], []
    for r in reqs:
        q = pool.encode_request(r)
        cands.append(pool.candidate_rows(q.muni, r.lat, r.lon).size)
        t0 = time.perf_counter()
        props = rank(pool, r, k=20)
        times.append(time.perf_counter() - t0)
        found.append(len(props))
    ms = [t * 1e3 for t in times]
    print(
        f"latency   p50 {pct(ms, 50):.2f} ms   p90 {pct(ms, 90):.2f} ms   "
        f"p99 {pct(ms, 99):.2f} ms   max {max(ms):.2f} ms   mean {np.mean(ms):.2f} ms"
        f"   (target p50 <= 5, p99 <= 20)"
    )
    print(
        f"grid prefilter keeps {np.mean(cands):,.0f} rows on average "
        f"({100 * np.mean(cands) / n:.2f} % of the pool); "
        f"{np.mean(found):.1f} proposals per request, {found.count(0)} requests with none"
    )

    # plain Python loop (reference_rank) over the same data, on a subset of requests
    names = pool._muni_names
    live = pool.live_rows()
    cols = [
        [pool._ids[i] for i in live.tolist()],
        [names[m] for m in pool.muni[live].tolist()],
        np.degrees(pool.lat_rad[live]).tolist(),
        np.degrees(pool.lon_rad[live]).tolist(),
        pool.radius[live].tolist(),
        pool.skills_mask[live].tolist(),
        pool.langs[live].tolist(),
        pool.avail[live].tolist(),
        pool.vog[live].tolist(),
        pool.load[live].tolist(),
        pool.max_load[live].tolist(),
        pool.paused[live].tolist(),
        pool.recent[live].tolist(),
        [1.0 / x if x > 0 else 0.0 for x in pool.decl_far_inv[live].tolist()],
        pool.decl_skill[live].tolist(),
        pool.decl_other[live].tolist(),
        pool.tie[live].tolist(),
    ]
    rows = [RefVolunteer(*t) for t in zip(*cols, strict=True)]
    del cols
    row_of_live = {int(r): i for i, r in enumerate(live.tolist())}
    # spread over the whole request list, each request timed on its own and the medians
    # compared (rank on the very same requests), so one slow moment does not swing the ratio
    sub = reqs[:: max(1, len(reqs) // n_loop)][:n_loop]
    loop_times, vec_times = [], []
    mismatches = 0
    for r in sub:
        t0 = time.perf_counter()
        ref = reference_rank(rows, r, SKILLS, LANGUAGES, k=20)
        loop_times.append(time.perf_counter() - t0)
        got = rank(pool, r, k=20)
        if [x.id for x in ref] != [p.volunteer_id for p in got]:
            mismatches += 1
    for r in sub:  # apart from the loop (whose lists push the pool out of the caches)
        best = math.inf
        for _ in range(3):
            t0 = time.perf_counter()
            rank(pool, r, k=20)
            best = min(best, time.perf_counter() - t0)
        vec_times.append(best)
    loop = float(np.median(loop_times))
    vec = float(np.median(vec_times))
    w = Weights()
    t0 = time.perf_counter()
    for r in reqs:
        rank_core(pool, r, 20, w)
    core = (time.perf_counter() - t0) / len(reqs)
    # the same loop restricted to the grid candidates: the gain of vectorisation alone
    t0 = time.perf_counter()
    for r in sub:
        q = pool.encode_request(r)
        cand = [rows[row_of_live[int(i)]] for i in pool.candidate_rows(q.muni, r.lat, r.lon)]
        reference_rank(cand, r, SKILLS, LANGUAGES, k=20)
    loop_grid = (time.perf_counter() - t0) / len(sub)
    spread = np.percentile(loop_times, [10, 90]) * 1e3
    print(
        f"plain Python loop over all volunteers: median {loop * 1e3:.0f} ms per request "
        f"(p10-p90 {spread[0]:.0f}-{spread[1]:.0f} ms; {len(sub)} requests; "
        f"same top-20 ids for {len(sub) - mismatches}/{len(sub)})"
    )
    print(
        f"speed-up vs plain loop: {loop / vec:,.0f}x end to end, medians on the same "
        f"{len(sub)} requests (rank {vec * 1e3:.2f} ms, best of 3; target >= 100x); "
        f"{loop / core:,.0f}x for the array part alone ({core * 1e3:.2f} ms: prefilter, "
        f"constraints, scores, top-k; without building the 20 Proposal objects)"
    )
    print(
        f"plain loop over the grid candidates only: {loop_grid * 1e3:.1f} ms, "
        f"so vectorisation alone (same prefilter) gives {loop_grid / vec:,.1f}x"
    )
    del rows


def load_stats(res: Assignment, pool: VolunteerPool) -> tuple[int, float, int]:
    counts = res.volunteer_counts
    if not counts:
        return 0, 0.0, 0
    new = max(counts.values())
    ratio = max((pool.load_of(v) + c) / pool.max_load_of(v) for v, c in counts.items())
    multi = sum(1 for c in counts.values() if c > 1)
    return new, ratio, multi


def gap(opt: float, x: float) -> float:
    return 100.0 * (opt - x) / abs(opt) if opt else 0.0


def bench_assign(world: World, n_vol: int, n_req: int, seed: int) -> None:
    rng = np.random.default_rng(seed + 1)
    pool = make_pool(rng, world, n_vol)
    reqs = make_requests(rng, world, pool, n_req)
    print(f"\n== assign: {n_req:,} requests over {n_vol:,} volunteers (k = 20) ==")
    t0 = time.perf_counter()
    flow = assign(reqs, pool, method="flow")
    t_flow = time.perf_counter() - t0
    t0 = time.perf_counter()
    graph = build_candidate_graph(reqs, pool)
    t_graph = time.perf_counter() - t0
    t0 = time.perf_counter()
    solve_flow(graph)
    t_solve = time.perf_counter() - t0
    t0 = time.perf_counter()
    greedy = assign(reqs, pool, method="greedy")
    t_greedy = time.perf_counter() - t0
    cap = int(graph.vol_capacity.sum())
    print(
        f"graph     {graph.n_edges:,} candidate edges, {graph.n_volunteers:,} volunteers, "
        f"{int(graph.slot_cost.size):,} capacity slots (total remaining capacity {cap:,})"
    )
    print(
        f"flow      wall {t_flow:.2f} s (target <= 30 s; ranking {t_graph:.2f} s, "
        f"min-cost flow {t_solve:.2f} s); assigned {len(flow.proposals):,}, "
        f"unassigned {len(flow.unassigned):,}"
    )
    causes: dict[str, int] = {}
    for u in flow.unassigned:
        key = u.reason.code
        if key == "no_candidate":
            key += f"/{u.reason.params.get('cause')}"
        causes[key] = causes.get(key, 0) + 1
    print(f"          unassigned by reason: {dict(sorted(causes.items()))}")
    f_new, f_ratio, f_multi = load_stats(flow, pool)
    g_new, g_ratio, g_multi = load_stats(greedy, pool)
    print(
        f"flow      total cost {flow.total_cost:,}, objective {flow.objective:,.2f}, "
        f"max new tasks per volunteer {f_new}, max (load/max_load) {f_ratio:.2f}, "
        f"volunteers with >1 new task {f_multi:,}"
    )
    print(
        f"greedy    wall {t_greedy:.2f} s, total cost {greedy.total_cost:,}, objective "
        f"{greedy.objective:,.2f}, gap {gap(flow.objective, greedy.objective):.3f} %, "
        f"assigned {len(greedy.proposals):,}, max new tasks per volunteer {g_new}, "
        f"max (load/max_load) {g_ratio:.2f}, volunteers with >1 new task {g_multi:,}"
    )


def bench_exact(n_vol: int, n_req: int, seed: int) -> None:
    rng = np.random.default_rng(seed + 2)
    world = World(rng, n_munis=5)  # dense: many more feasible pairs than k = 20
    pool = make_pool(rng, world, n_vol)
    reqs = make_requests(rng, world, pool, n_req)
    print(
        f"\n== exact optimum: {n_req:,} requests over {n_vol:,} volunteers "
        f"in {world.names.size} municipalities =="
    )
    flow = assign(reqs, pool, method="flow", adaptive=False)
    greedy = assign(reqs, pool, method="greedy", adaptive=False)
    graph = build_candidate_graph(reqs, pool)
    t0 = time.perf_counter()
    lsa = exact_assignment_cost(graph)
    t_lsa = time.perf_counter() - t0
    print(
        f"same candidate graph (k=20, {graph.n_edges:,} edges): flow cost {flow.total_cost:,}, "
        f"linear_sum_assignment "
        f"cost {lsa:,} ({t_lsa:.2f} s) -> gap {100 * (flow.total_cost - lsa) / lsa:.4f} %"
    )
    full = assign(reqs, pool, method="flow", k=n_vol, adaptive=False)
    full_graph = build_candidate_graph(reqs, pool, k=n_vol)
    ok = ", linear_sum_assignment skipped (matrix too large)"
    if full_graph.n_requests * (full_graph.slot_cost.size + full_graph.n_requests) < 3e7:
        lsa_full = exact_assignment_cost(full_graph)
        ok = f", linear_sum_assignment on it {lsa_full:,} (equal: {lsa_full == full.total_cost})"
    print(
        f"all feasible edges ({full_graph.n_edges:,} edges): flow objective "
        f"{full.objective:,.2f}{ok}"
    )
    print(
        f"k=20 flow objective {flow.objective:,.2f} -> within "
        f"{gap(full.objective, flow.objective):.3f} % of the optimum over all feasible pairs "
        f"(target <= 1 %); greedy {gap(full.objective, greedy.objective):.3f} %"
    )


def bench_scarce(
    n_vol: int, n_req: int, max_load: tuple[int, int], munis: int, *, seed: int
) -> None:
    """Volunteers scarce: top-k alone vs the adaptive depth vs the optimum over every
    feasible pair (the flow on the whole graph), and greedy."""
    rng = np.random.default_rng(seed + 3)
    world = World(rng, n_munis=munis)
    pool = make_pool(rng, world, n_vol, max_load=max_load)
    reqs = make_requests(rng, world, pool, n_req, open_=True)
    print(
        f"\n== scarce: {n_req:,} open requests over {n_vol:,} volunteers (max_load "
        f"{max_load[0]}-{max_load[1]}) in {munis} municipalities =="
    )
    runs = {}
    for label, kw in (
        ("optimum", {"method": "flow", "k": n_vol, "adaptive": False}),
        ("top-20 only", {"method": "flow", "adaptive": False}),
        ("adaptive", {"method": "flow"}),
        ("greedy", {"method": "greedy", "adaptive": False}),
    ):
        t0 = time.perf_counter()
        runs[label] = (assign(reqs, pool, **kw), time.perf_counter() - t0)
    best = runs["optimum"][0]
    full = build_candidate_graph(reqs, pool, k=n_vol)
    print(f"feasible pairs {full.n_edges:,}, remaining capacity {int(full.vol_capacity.sum()):,}")
    for label, (res, secs) in runs.items():
        extra = ""
        if label == "adaptive":
            extra = f", depth {res.depth}, widened {res.widened:,}, complete {res.complete}"
        print(
            f"{label:<12} {secs:6.2f} s  assigned {len(res.proposals):,}  objective "
            f"{res.objective:,.2f}  gap {gap(best.objective, res.objective):.3f} %{extra}"
        )


def bench_memory(pool: VolunteerPool) -> None:
    est = pool.memory_estimate()
    mb = 1024 * 1024
    print(f"\n== memory for {len(pool):,} volunteers ==")
    print(
        f"columns {est['columns'] / mb:.1f} MB + grid buckets {est['buckets'] / mb:.1f} MB "
        f"+ id map {est['id_map'] / mb:.1f} MB = {est['total'] / mb:.1f} MB "
        f"(target <= 500 MB); {est['total'] / len(pool):.0f} bytes per volunteer"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--volunteers", type=int, default=None, help="pool size for rank")
    ap.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    ap.add_argument("--seed", type=int, default=20261201)
    args = ap.parse_args()
    if args.quick:
        n_rank, n_q, n_loop = 20_000, 200, 20
        n_av, n_ar, n_ev, n_er = 10_000, 1_000, 1_000, 100
        scarce_sizes = [(100, 200, (1, 3), 1), (400, 1_000, (1, 5), 2)]
    else:
        n_rank, n_q, n_loop = 1_000_000, 500, 60
        n_av, n_ar, n_ev, n_er = 100_000, 10_000, 5_000, 500
        scarce_sizes = [(100, 200, (1, 3), 1), (2_000, 5_000, (1, 5), 5)]
    if args.volunteers:
        n_rank = args.volunteers
    import ortools
    import scipy

    print(
        machine(
            lines=True,
            threads=f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}",
            versions=f"numpy {np.__version__}, scipy {scipy.__version__}, "
            f"ortools {ortools.__version__}",
        )
    )
    print(f"weights   {Weights()}")
    rng = np.random.default_rng(args.seed)
    world = World(rng)
    t0 = time.perf_counter()
    pool = make_pool(rng, world, n_rank)
    print(f"\nbuilt a pool of {len(pool):,} volunteers in {time.perf_counter() - t0:.1f} s")
    bench_memory(pool)
    reqs = make_requests(rng, world, pool, n_q)
    bench_rank(pool, reqs, n_loop)
    del pool, reqs
    gc.collect()
    bench_assign(world, n_av, n_ar, args.seed)
    bench_exact(n_ev, n_er, args.seed)
    for scarce in scarce_sizes:
        bench_scarce(*scarce, seed=args.seed)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nmax RSS of the benchmark process {rss:.0f} MB")


if __name__ == "__main__":
    main()
