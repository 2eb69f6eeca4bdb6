"""The one table every benchmark prints: each figure beside a baseline measured in the same run."""

from __future__ import annotations


def print_table(rows) -> None:
    """rows: (figure, value, unit, baseline name, baseline value, goal or None)."""
    header = ("figure", "value", "baseline (same run)", "ratio", "goal")
    lines = []
    for name, value, unit, base_name, base_value, goal in rows:
        ratio = f"{value / base_value:.2f}x" if base_value else "—"
        lines.append((name, f"{value:.3f} {unit}", f"{base_name}: {base_value:.3f} {unit}",
                      ratio, goal or ""))
    widths = [max(len(str(r[i])) for r in [header, *lines]) for i in range(5)]
    for row in [header, tuple("-" * w for w in widths), *lines]:
        print(" | ".join(str(cell).ljust(width) for cell, width in zip(row, widths)))
