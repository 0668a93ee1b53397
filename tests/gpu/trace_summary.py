#!/usr/bin/env python3
"""Where the GPU time of a traced call goes: `ldm bench --trace PREFIX` writes Chrome traces; this sums
the CUDA kernels' durations by kind and lists the costliest kernels. Usage: trace_summary.py TRACE.json
[calls] (calls: how many calls the trace holds, to report per call)."""
import collections
import json
import re
import sys

KINDS = [  # first match wins: cuDNN's convolutions are "implicit_gemm" kernels
    ("attention", r"flash|fmha|attention|sdpa|softmax"),
    ("convolution (incl. layout transposes)", r"conv|implicit|winograd|fprop|dgrad|wgrad|nchwToNhwc|nhwcToNchw"),
    ("gemm (linear)", r"gemm|cutlass|xmma|cublas|matmul|nvjet"),
    ("group/layer norm", r"group_norm|groupnorm|layer_norm|layernorm|RowwiseMoments|ComputeFusedParams|GroupNorm|LayerNorm|welford"),
    ("elementwise / cast / copy", r"elementwise|vectorized|unrolled|copy|cat|CatArray|upsample|reduce"),
]


def main():
    path = sys.argv[1]
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    events = json.load(open(path)).get("traceEvents", [])
    kernels = [e for e in events if e.get("cat") == "kernel" and "dur" in e]
    if not kernels:
        print(f"{path}: no kernel events (the profiler saw no CUDA activity)")
        return
    by_name = collections.Counter()
    count = collections.Counter()
    for e in kernels:
        by_name[e["name"]] += e["dur"]
        count[e["name"]] += 1
    total = sum(by_name.values())
    span = max(e["ts"] + e["dur"] for e in kernels) - min(e["ts"] for e in kernels)
    print(f"{path}: {len(kernels) / calls:.0f} kernels per call, kernel time {total / calls / 1000:.2f} ms per call, "
          f"first-to-last span {span / calls / 1000:.2f} ms per call")
    kinds = collections.Counter()
    for name, us in by_name.items():
        kind = next((k for k, rx in KINDS if re.search(rx, name, re.I)), "other")
        kinds[kind] += us
    for kind, us in kinds.most_common():
        print(f"  {kind:38s} {us / calls / 1000:7.2f} ms  {100 * us / total:5.1f} %")
    print("  costliest kernels (ms per call, launches per call):")
    for name, us in by_name.most_common(12):
        print(f"    {us / calls / 1000:7.3f}  {count[name] / calls:5.0f}  {name[:110]}")


if __name__ == "__main__":
    main()
