#!/usr/bin/env python3
"""Prints a JMH JSON result file as a compact table of medians (with the range over iterations).

Under load from other processes a throughput sample can only be too low, never too high, so the
best iteration ("max") is shown beside the median. Counters named bytes become MB/s, counters named
messages become millions of messages per second; gc.alloc.rate.norm (from -prof gc) is bytes per
operation.
"""
import json
import statistics
import sys

SCALES = {"bytes": (1e6, "MB/s"), "messages": (1e6, "M msg/s")}


def samples(metric):
    return [v for fork in metric.get("rawData", []) for v in fork]


def row(name, params, metric, scale=1.0, unit=None):
    values = [v / scale for v in samples(metric)] or [metric["score"] / scale]
    return (name, params, statistics.median(values), min(values), max(values), unit or metric["scoreUnit"])


def main(path):
    with open(path) as f:
        results = json.load(f)
    rows = []
    for r in results:
        name = r["benchmark"].rsplit(".", 2)
        name = name[-2] + "." + name[-1]
        params = ",".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
        rows.append(row(name, params, r["primaryMetric"]))
        for key, metric in sorted(r.get("secondaryMetrics", {}).items()):
            if key in SCALES:
                scale, unit = SCALES[key]
                rows.append(row(name + ":" + key, params, metric, scale, unit))
            elif key == "gc.alloc.rate.norm":
                rows.append(row(name + ":alloc", params, metric))
    width = max(len(r[0]) for r in rows)
    pwidth = max([len(r[1]) for r in rows] + [6])
    print(f"{'benchmark':<{width}}  {'params':<{pwidth}}  {'median':>12}  {'min':>12}  {'max':>12}  unit")
    for name, params, med, lo, hi, unit in rows:
        print(f"{name:<{width}}  {params:<{pwidth}}  {med:>12.4g}  {lo:>12.4g}  {hi:>12.4g}  {unit}")


if __name__ == "__main__":
    main(sys.argv[1])
