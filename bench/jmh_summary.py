#!/usr/bin/env python3
"""Prints a JMH JSON result file as a compact table of medians (with the range over iterations).

Under load from other processes a throughput sample can only be too low, never too high, so the
best iteration ("max") is shown beside the median. Counters named bytes become MB/s, counters named
messages become millions of messages per second; gc.alloc.rate.norm (from -prof gc) is bytes per
operation. With cpu.cores (from io.seedfleet.bench.CpuTimeProfiler) each rate is also given per
CPU-second ("per cpu-s": the iteration's rate divided by the cores the JVM got in it), which does
not depend on how long the benchmark waited for a core on a shared machine.
"""
import json
import statistics
import sys

SCALES = {"bytes": (1e6, "MB/s"), "messages": (1e6, "M msg/s")}


def samples(metric):
    return [v for fork in metric.get("rawData", []) for v in fork]


def row(name, params, metric, cores, scale=1.0, unit=None):
    values = [v / scale for v in samples(metric)] or [metric["score"] / scale]
    per_cpu = None
    if cores and len(cores) == len(values) and unit != "B/op":
        per_cpu = statistics.median(v / c for v, c in zip(values, cores) if c > 0)
    return (name, params, statistics.median(values), min(values), max(values), per_cpu,
            unit or metric["scoreUnit"])


def main(path):
    with open(path) as f:
        results = json.load(f)
    rows = []
    for r in results:
        name = r["benchmark"].rsplit(".", 2)
        name = name[-2] + "." + name[-1]
        params = ",".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
        secondary = r.get("secondaryMetrics", {})
        cores = samples(secondary["cpu.cores"]) if "cpu.cores" in secondary else None
        rows.append(row(name, params, r["primaryMetric"], cores))
        for key, metric in sorted(secondary.items()):
            if key in SCALES:
                scale, unit = SCALES[key]
                rows.append(row(name + ":" + key, params, metric, cores, scale, unit))
            elif key == "gc.alloc.rate.norm":
                rows.append(row(name + ":alloc", params, metric, None, 1.0, "B/op"))
            elif key == "cpu.cores":
                rows.append(row(name + ":cpu", params, metric, None, 1.0, "cores"))
    width = max(len(r[0]) for r in rows)
    pwidth = max([len(r[1]) for r in rows] + [6])
    print(f"{'benchmark':<{width}}  {'params':<{pwidth}}  {'median':>11}  {'min':>11}  {'max':>11}"
          f"  {'per cpu-s':>11}  unit")
    for name, params, med, lo, hi, per_cpu, unit in rows:
        cpu = f"{per_cpu:>11.4g}" if per_cpu is not None else f"{'':>11}"
        print(f"{name:<{width}}  {params:<{pwidth}}  {med:>11.4g}  {lo:>11.4g}  {hi:>11.4g}  {cpu}  {unit}")
    recheck_ratios(rows)


def recheck_ratios(rows):
    """RecheckBenchmark: each recheckAll against sha1Only of the same pool and piece, if both ran."""
    bare = {}
    for name, params, med, lo, hi, per_cpu, unit in rows:
        if name == "RecheckBenchmark.sha1Only:bytes":
            bare[params] = (med, per_cpu)
    lines = []
    for name, params, med, lo, hi, per_cpu, unit in rows:
        if name != "RecheckBenchmark.recheckAll:bytes":
            continue
        fields = dict(p.split("=", 1) for p in params.split(","))
        key = f"hashThreads={fields['hashThreads']},pieceLength={fields['pieceLength']}"
        if key in bare and bare[key][1] and per_cpu:
            lines.append(f"{params:<50}  {per_cpu / bare[key][1]:>9.2f}  {med / bare[key][0]:>9.2f}")
    if lines:
        print("\nrecheckAll / sha1Only (same pool and piece)       per cpu-s       wall")
        print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1])
