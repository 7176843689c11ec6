"""Prints what the shipped reader has learned: the heaviest features of each kind and each status.

    python -m pledgewatch.reading.explain [--top N] [--kind KIND] [--weights DIR]

A linear model is its weights: this is the way to see why it reads "patrol" as `air` or "pledged"
as `committed`, and to spot a feature that should not matter (a name, an outlet's boilerplate). The
dense meaning columns (`reading.embedding`) have no names: each kind and status prints how many there
are and the norm of their weights (their inputs are standardised and scaled to about 0.1).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from pledgewatch.reading.model import KINDS, STATUSES, ModelError, load_model


def heaviest(coef: np.ndarray, names: list[str], top: int) -> list[tuple[str, float]]:
    order = np.argsort(coef)
    picked = [*order[::-1][:top], *order[:top]]
    return [(names[i], float(coef[i])) for i in picked]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pledgewatch.reading.explain", description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=12, help="features shown on each side (default 12)")
    parser.add_argument("--kind", choices=[str(k) for k in KINDS], help="only this kind (and no statuses)")
    parser.add_argument("--weights", type=Path, help="a folder with reader.npz and reader.json (default: shipped)")
    args = parser.parse_args(argv)
    try:
        model = load_model(args.weights)
    except ModelError as error:
        print(f"pledgewatch explain: {error}", file=sys.stderr)
        return 2
    names = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    rows = [
        (f"kind {k}", model.kind_coef[n], model.kind_dense[n])
        for n, k in enumerate(KINDS)
        if not args.kind or str(k) == args.kind
    ]
    if not args.kind:
        rows += [(f"status {s}", model.status_coef[n], model.status_dense[n]) for n, s in enumerate(STATUSES)]
    for title, coef, dense in rows:
        print(f"== {title}")
        for name, weight in heaviest(coef, names, args.top):
            print(f"  {weight:+7.3f}  {name}")
        print(f"  meaning columns: {len(dense)}, weight norm {float(np.linalg.norm(dense)):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
