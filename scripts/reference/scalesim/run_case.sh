#!/bin/sh
# Runs SCALE-Sim v2 on one reference case and copies its three summary reports next to it.
# Reference-data generator, not part of the product.
#
#   SCALESIM=/path/to/scale-sim-v2-work-tree sh scripts/reference/scalesim/run_case.sh \
#       test/fixtures/reference/scalesim/<case> conv|gemm
#
# SCALESIM is an extracted snapshot of github.com/scalesim-project/scale-sim-v2 (commit
# 22f88b17f1dd3160e18bff5df165035bf8146e83). Python: Debian's python3 with python3-numpy,
# python3-pandas, python3-tqdm, python3-absl. scale.py constructs the simulator with
# save_disk_space=True, so no per-cycle trace file is written; only the three reports are.
set -e
case_dir=$(cd "$1" && pwd)
input_type=${2:-conv}
out=$(mktemp -d)
PYTHONPATH="$SCALESIM" /usr/bin/python3 "$SCALESIM/scalesim/scale.py" \
  -c "$case_dir/scale.cfg" -t "$case_dir/topology.csv" -p "$out" -i "$input_type"
run=$(ls "$out")
for f in COMPUTE_REPORT.csv BANDWIDTH_REPORT.csv DETAILED_ACCESS_REPORT.csv; do
  cp "$out/$run/$f" "$case_dir/$f"
done
rm -rf "$out"
