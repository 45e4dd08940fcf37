"""Print a markdown table of the SCALE-Sim reference cases (per layer: total and stall cycles,
mapping efficiency, DRAM words per operand). Used to write the fixtures' README.

    python3 scripts/reference/scalesim/summarize.py test/fixtures/reference/scalesim
"""
import configparser
import csv
import os
import sys


def rows(path):
    with open(path) as f:
        r = csv.reader(f)
        head = [h.strip() for h in next(r)]
        return [dict(zip(head, [c.strip() for c in row])) for row in r if row]


def main(root):
    print("| case | array | df | SRAM kB (I/F/O) | mode, bw | layer | total cycles | stall cycles | "
          "mapping eff % | DRAM ifmap rd | DRAM filter rd | DRAM ofmap wr |")
    print("|---|---|---|---|---|---|---:|---:|---:|---:|---:|---:|")
    for case in sorted(os.listdir(root)):
        d = os.path.join(root, case)
        if not os.path.isdir(d):
            continue
        cfg = configparser.ConfigParser()
        cfg.read(os.path.join(d, "scale.cfg"))
        a = cfg["architecture_presets"]
        mode = cfg["run_presets"]["InterfaceBandwidth"]
        bw = f"{mode}, {a['Bandwidth']}" if mode == "USER" else mode
        names = [r[0].strip() for r in csv.reader(open(os.path.join(d, "topology.csv"))) if r][1:]
        comp = rows(os.path.join(d, "COMPUTE_REPORT.csv"))
        det = rows(os.path.join(d, "DETAILED_ACCESS_REPORT.csv"))
        first = [case, f"{a['ArrayHeight']}x{a['ArrayWidth']}", a["Dataflow"],
                 f"{a['IfmapSramSzkB']}/{a['FilterSramSzkB']}/{a['OfmapSramSzkB']}", bw]
        for i, (c, x) in enumerate(zip(comp, det)):
            cells = first if i == 0 else [""] * len(first)
            cells = cells + [names[i] if i < len(names) else str(i),
                             f"{int(c['Total Cycles']):,}", f"{int(c['Stall Cycles']):,}",
                             f"{float(c['Mapping Efficiency %']):.2f}",
                             f"{int(x['DRAM IFMAP Reads']):,}", f"{int(x['DRAM Filter Reads']):,}",
                             f"{int(x['DRAM OFMAP Writes']):,}"]
            print("| " + " | ".join(cells) + " |")

if __name__ == "__main__":
    main(sys.argv[1])
