"""Run the benchmarks and print each measurement beside its floor (see bench/README.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import (
    cards,
    days,
    gui,
    history,
    households,
    journal,
    load,
    pricing,
    printing,
    reconcile,
    sale,
    scale,
    startup,
)

BENCHES = {"pricing": pricing.run, "startup": startup.run, "journal": journal.run,
           "cards": cards.run, "printing": printing.run, "gui": gui.run,
           "days": days.run, "reconcile": reconcile.run, "sale": sale.run,
           "history": history.run, "households": households.run, "load": load.run,
           "scale": scale.run}


def main(names: list[str]) -> None:
    results = {}
    for name in names or list(BENCHES):
        print(f"== {name}")
        for row in BENCHES[name]():
            results[f"{name}.{row['what']}"] = row
            ratio = row["value"] / row["floor"]
            print(f"  {row['what']:<64} {row['value']:>10.3f} {row['unit']:<6} "
                  f"floor {row['floor']:>9.3f} ({row['floor_what']})  ratio {ratio:5.2f}")
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
