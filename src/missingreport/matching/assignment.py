"""Optimal one-to-one assignment on a sparse bipartite graph (no scipy).

Given weighted edges ``(left, right, weight)``, :func:`optimal_assignment` returns a
matching (each left and each right node used at most once) of maximum total weight.
Nodes need not all be matched: a node left alone counts 0.

The graph is split into connected components (union-find); a one-edge component is
its own answer, a component with one node on a side takes its heaviest edge, and
any other is solved exactly by the Hungarian method in its sparse,
shortest-augmenting-path form (Dijkstra with node potentials, as in
Jonker-Volgenant). To allow "unmatched", each left node gets a private dummy partner
of cost 1 and every real edge costs ``1 - weight`` (weights are in [0, 1]), so a
min-cost assignment of all left nodes is a max-weight matching. Cost per
component: O(L * E log V), and components from blocking are mostly tiny.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable

__all__ = ["brute_force_assignment", "optimal_assignment", "solve_component"]


def _find(parent: dict[int, int], node: int) -> int:
    root = node
    while parent[root] != root:
        root = parent[root]
    while parent[node] != root:
        parent[node], node = root, parent[node]
    return root


def _components(edges: dict[tuple[int, int], float]) -> list[list[tuple[int, int, float]]]:
    parent: dict[int, int] = {}
    for i, j in edges:
        a, b = 2 * i, 2 * j + 1
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[rb] = ra
    groups: dict[int, list[tuple[int, int, float]]] = {}
    for (i, j), w in edges.items():
        groups.setdefault(_find(parent, 2 * i), []).append((i, j, w))
    return list(groups.values())


def solve_component(edges: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Max-weight matching of one graph given by its edges (weights in [0, 1])."""
    lefts = sorted({i for i, _, _ in edges})
    rights = sorted({j for _, j, _ in edges})
    if len(edges) == 1:
        return list(edges)
    if len(lefts) == 1 or len(rights) == 1:
        best = max(edges, key=lambda e: (e[2], -e[0], -e[1]))
        return [best]
    lpos = {node: k for k, node in enumerate(lefts)}
    rpos = {node: k for k, node in enumerate(rights)}
    n_left, n_right = len(lefts), len(rights)
    # adjacency with costs 1 - w; right node n_right + k is left k's dummy (cost 1)
    adj: list[list[tuple[int, float]]] = [[] for _ in range(n_left)]
    weight: dict[tuple[int, int], float] = {}
    for i, j, w in sorted(edges):
        li, rj = lpos[i], rpos[j]
        adj[li].append((rj, 1.0 - w))
        weight[(li, rj)] = w
    for li in range(n_left):
        adj[li].append((n_right + li, 1.0))
    n_nodes = n_right + n_left
    pot_left = [0.0] * n_left
    pot_right = [0.0] * n_nodes
    match_left = [-1] * n_left
    match_right = [-1] * n_nodes
    for source in range(n_left):
        dist = [math.inf] * n_nodes
        prev = [-1] * n_nodes
        done = [False] * n_nodes
        reached = [(source, 0.0)]
        heap: list[tuple[float, int]] = []
        for rj, cost in adj[source]:
            reduced = cost - pot_left[source] - pot_right[rj]
            if reduced < dist[rj]:
                dist[rj], prev[rj] = reduced, source
                heapq.heappush(heap, (reduced, rj))
        target, final = -1, 0.0
        while heap:
            d, rj = heapq.heappop(heap)
            if done[rj] or d > dist[rj]:
                continue
            done[rj] = True
            owner = match_right[rj]
            if owner < 0:
                target, final = rj, d
                break
            reached.append((owner, d))
            for rk, cost in adj[owner]:
                if done[rk]:
                    continue
                nd = d + cost - pot_left[owner] - pot_right[rk]
                if nd < dist[rk]:
                    dist[rk], prev[rk] = nd, owner
                    heapq.heappush(heap, (nd, rk))
        if target < 0:  # cannot happen: the dummy partner is always free
            raise AssertionError("no augmenting path")
        for li, d in reached:
            pot_left[li] += final - d
        for rk in range(n_nodes):
            if done[rk] and rk != target:
                pot_right[rk] -= final - dist[rk]
        rj = target
        while True:
            li = prev[rj]
            nxt = match_left[li]
            match_left[li], match_right[rj] = rj, li
            if li == source:
                break
            rj = nxt
    result = [
        (lefts[li], rights[rj], weight[(li, rj)])
        for li, rj in enumerate(match_left)
        if rj < n_right
    ]
    return result


def optimal_assignment(
    edges: Iterable[tuple[int, int, float]],
) -> list[tuple[int, int, float]]:
    """Maximum-total-weight one-to-one matching over ``edges`` (weights in [0, 1]).

    A repeated ``(left, right)`` keeps its largest weight. Returns ``(left, right,
    weight)`` sorted by ``left``.
    """
    best: dict[tuple[int, int], float] = {}
    for i, j, w in edges:
        if not 0.0 <= w <= 1.0 or math.isnan(w):
            raise ValueError(f"edge weight {w!r} is not in [0, 1]")
        if w > best.get((i, j), -1.0):
            best[(i, j)] = w
    result: list[tuple[int, int, float]] = []
    for component in _components(best):
        result.extend(solve_component(component))
    result.sort()
    return result


def brute_force_assignment(
    edges: Iterable[tuple[int, int, float]],
) -> tuple[float, list[tuple[int, int, float]]]:
    """Exhaustive max-weight matching (exponential: for tests on a few edges)."""
    edge_list = sorted(edges)
    best_total = 0.0
    best_pick: list[tuple[int, int, float]] = []

    def walk(
        k: int,
        used_l: frozenset[int],
        used_r: frozenset[int],
        total: float,
        pick: list[tuple[int, int, float]],
    ) -> None:
        nonlocal best_total, best_pick
        if k == len(edge_list):
            if total > best_total + 1e-12:
                best_total, best_pick = total, list(pick)
            return
        walk(k + 1, used_l, used_r, total, pick)
        i, j, w = edge_list[k]
        if i not in used_l and j not in used_r:
            pick.append(edge_list[k])
            walk(k + 1, used_l | {i}, used_r | {j}, total + w, pick)
            pick.pop()

    walk(0, frozenset(), frozenset(), 0.0, [])
    return best_total, best_pick
