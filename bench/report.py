"""One line of the benchmark table and how it is printed."""

from __future__ import annotations

import platform
import subprocess
from dataclasses import dataclass


@dataclass
class Line:
    name: str
    ours: float
    reference: float | None
    unit: str
    reference_name: str = ""
    target: float | None = None  # minimum ratio ours/reference, or None
    lower_is_better: bool = False
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.reference:
            return None
        return self.ours / self.reference

    @property
    def verdict(self) -> str:
        if self.target is None or self.ratio is None:
            return ""
        ok = self.ratio <= self.target if self.lower_is_better else self.ratio >= self.target
        sign = "≤" if self.lower_is_better else "≥"
        return f"{'met' if ok else 'MISSED'} ({sign} {self.target:.0%})"


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f} {unit}".replace(",", " ")
    return f"{value:.2f} {unit}"


def table(lines: list[Line]) -> str:
    head = "| measurement | Samverka | reference | ratio | target |\n|---|---:|---:|---:|---|\n"
    body = ""
    for line in lines:
        ratio = f"{line.ratio:.0%}" if line.ratio is not None else "–"
        ref = fmt(line.reference, line.unit)
        if line.reference_name:
            ref += f" ({line.reference_name})"
        body += f"| {line.name} | {fmt(line.ours, line.unit)} | {ref} | {ratio} | {line.verdict} {line.note} |\n"
    return head + body


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    cores = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    return f"{platform.system()} {platform.release()}, {cores} cores ({cpu}), Python {platform.python_version()}"
