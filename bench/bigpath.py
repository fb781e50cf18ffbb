"""A large, valid path file for benchmarks and stress tests (deterministic for a given size)."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

KINDS = ["read", "watch", "course", "book", "paper", "code", "practice", "project", "tool"]
TRACKS = ["cv", "nlp", "speech", "rl"]


def big_path_text(items: int = 10_000, *, path_id: str = "big", seed: int = 1) -> str:
    """`items` items in 10 levels, with resources, bilingual titles, tracks and requires."""
    rng = random.Random(seed)
    per_step = 50
    steps_total = max(1, -(-items // per_step))
    steps_per_level = -(-steps_total // 10)
    out = [
        "format: 1",
        f"id: {path_id}",
        "title: {en: A very large path, zh: 一条很长的路径}",
        "summary: Generated for benchmarks.",
        "tracks:",
        *(f"  - id: {t}\n    title: Track {t}" for t in TRACKS),
        "levels:",
    ]
    number = 0
    for step_number in range(steps_total):
        if step_number % steps_per_level == 0:
            level = step_number // steps_per_level
            out += [
                f"  - id: level-{level}",
                f"    title: Level {level}",
                "    estimate: 2-6w",
                "    steps:",
            ]
        out += [
            f"      - id: step-{step_number}",
            f"        title: Step {step_number}",
            "        items:",
        ]
        if step_number % 5 == 4:
            out.insert(len(out) - 1, f"        track: {TRACKS[step_number % 4]}")
        count = min(per_step, items - number)
        for _ in range(count):
            out += [
                f"          - id: item-{number}",
                f"            title: {{en: Item {number} about topic {rng.randint(1, 999)}, "
                f"zh: 第 {number} 项}}",
                f"            kind: {rng.choice(KINDS)}",
                f"            estimate: {rng.randint(1, 8)}h",
                f"            summary: What item {number} teaches, in a **short** sentence.",
                "            resources:",
                f"              - title: Paper {number}",
                f"                url: https://arxiv.org/abs/{1000 + number}",
                "                kind: paper",
                f"              - url: https://github.com/example/project-{number}",
                "                kind: code",
            ]
            if number and rng.random() < 0.3:
                out.append(f"            requires: [item-{rng.randrange(number)}]")
            if rng.random() < 0.2:
                out.append(f"            tags: [stars-{rng.randint(2, 5)}]")
            number += 1
    return "\n".join(out) + "\n"


def write_big_path(folder: Path, items: int = 10_000, path_id: str = "big") -> Path:
    file = folder / f"{path_id}.yaml"
    file.write_text(big_path_text(items, path_id=path_id), encoding="utf-8")
    return file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()
    print(write_big_path(args.folder, args.items))


if __name__ == "__main__":
    main()
