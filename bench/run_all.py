"""Run every benchmark in this folder, each in its own process."""

import subprocess
import sys
from pathlib import Path

status = 0
for script in sorted(Path(__file__).parent.glob("bench_*.py")):
    print(f"== {script.name}", flush=True)
    status |= subprocess.call([sys.executable, str(script)])
sys.exit(status)
