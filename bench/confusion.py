"""Where the reader goes wrong on an annotated set: confusion of kinds and of statuses, and how well
its confidence is calibrated (a reliability table), from a prediction file and the set's gold.

    .venv/bin/pledgewatch extract ../shared/corpus/check/articles -o check.jsonl
    .venv/bin/python bench/confusion.py ../shared/corpus/check check.jsonl [--json]

Kinds: each required gold record is matched with the predicted records of its article and actor
whose evidence is the same sentence; the kind of the first such record (its own kind when one has
it) is the column, "(none)" when the reader stated nothing of that actor there. Statuses: the same,
among predicted records of the same actor and kind. Reliability: every predicted (actor, kind,
status) of an article with its highest confidence, in bins of 0.1, against the share of them in the
required gold (triples only optional in the gold are left out, as `score.py` leaves them out).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def same_sentence(a: str | None, b: str | None) -> bool:
    x, y = " ".join((a or "").split()).lower(), " ".join((b or "").split()).lower()
    if not x or not y:
        return False
    if x in y or y in x:
        return True
    wx, wy = x.split(), y.split()
    common = set(zip(wx, wx[1:], wx[2:], strict=False)) & set(zip(wy, wy[1:], wy[2:], strict=False))
    return len(common) >= 0.5 * max(1, min(len(wx), len(wy)) - 2)


def confusions(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> tuple[Counter, Counter]:
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in pred:
        by_article[p["article"]].append(p)
    kinds: Counter[tuple[str, str]] = Counter()
    statuses: Counter[tuple[str, str]] = Counter()
    for g in gold:
        if g.get("optional"):
            continue
        here = [
            p
            for p in by_article[g["article"]]
            if p["actor"] == g["actor"] and same_sentence(p["evidence"], g["evidence"])
        ]
        kind = g["kind"] if any(p["kind"] == g["kind"] for p in here) else (here[0]["kind"] if here else "(none)")
        kinds[(g["kind"], kind)] += 1
        same_kind = [p for p in here if p["kind"] == g["kind"]]
        if same_kind:
            status = g["status"] if any(p["status"] == g["status"] for p in same_kind) else same_kind[0]["status"]
            statuses[(g["status"], status)] += 1
    return kinds, statuses


def reliability(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[dict[str, Any]]:
    required = {(g["article"], g["actor"], g["kind"], g["status"]) for g in gold if not g.get("optional")}
    optional = {(g["article"], g["actor"], g["kind"], g["status"]) for g in gold if g.get("optional")} - required
    best: dict[tuple[str, str, str, str], float] = {}
    for p in pred:
        key = (p["article"], p["actor"], p["kind"], p["status"])
        if key not in optional and p.get("confidence") is not None:
            best[key] = max(best.get(key, 0.0), float(p["confidence"]))
    bins: dict[int, list[bool]] = defaultdict(list)
    for key, confidence in best.items():
        bins[min(int(confidence * 10), 9)].append(key in required)
    return [
        {"confidence": f"{b / 10:.1f}-{(b + 1) / 10:.1f}", "records": len(v), "right": round(sum(v) / len(v), 3)}
        for b, v in sorted(bins.items())
    ]


def table(counts: Counter, title: str) -> str:
    rows = sorted({g for g, _ in counts})
    cols = sorted({p for _, p in counts})
    width = max(len(c) for c in [*rows, *cols, title]) + 1
    lines = [title.ljust(width) + "".join(c[:11].rjust(12) for c in cols)]
    for r in rows:
        lines.append(r.ljust(width) + "".join(str(counts.get((r, c), "")).rjust(12) for c in cols))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("set", type=Path, help="annotated folder (articles/, gold.jsonl)")
    parser.add_argument("pred", type=Path, help="predicted records, JSON lines")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    args = parser.parse_args()
    ids = {p.stem for p in (args.set / "articles").glob("*.json")}
    gold = [g for g in load(args.set / "gold.jsonl") if g["article"] in ids]
    pred = [p for p in load(args.pred) if p["article"] in ids]
    kinds, statuses = confusions(gold, pred)
    rel = reliability(gold, pred)
    if args.json:
        out = {
            "kinds": [[g, p, n] for (g, p), n in sorted(kinds.items())],
            "statuses": [[g, p, n] for (g, p), n in sorted(statuses.items())],
            "reliability": rel,
        }
        print(json.dumps(out, indent=1))
        return
    print(table(kinds, "gold kind \\ read"))
    print()
    print(table(statuses, "gold status \\ read"))
    print()
    print("confidence   records   right")
    for row in rel:
        print(f"{row['confidence']:10s} {row['records']:9d} {row['right']:7.3f}")


if __name__ == "__main__":
    main()
