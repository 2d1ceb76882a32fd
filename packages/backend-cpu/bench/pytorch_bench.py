"""Times PyTorch CPU activations for the Rectify benchmark.

Reads a JSON plan on stdin (threads, sizes, ops, input files, timing options), reads the same
float32 inputs the TypeScript driver generated, and prints one JSON object with the median time
per call of each case. Outputs are preallocated (out= / grad_input=) wherever PyTorch 1.13 offers it.
"""
import json
import statistics
import sys
import time

import torch

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def prelu_shape(size):
    channels = 64
    while size % channels:
        channels //= 2
    per_channel = size // channels
    spatial = min(per_channel, 4096)
    while per_channel % spatial:
        spatial -= 1
    return (per_channel // spatial, channels, spatial)


def prelu_slopes(channels):
    return torch.tensor([0.25 + 0.01 * (c % 7) for c in range(channels)], dtype=torch.float32)


def forward_call(op_id, x, y):
    """Returns (callable, note) or None when PyTorch has no such function."""
    nn = torch._C._nn
    table = {
        "leaky_relu": lambda: nn.leaky_relu(x, 0.01, out=y),
        "elu": lambda: nn.elu(x, 1.0, 1.0, 1.0, out=y),
        # torch.selu has no out= variant; it is elu with SELU's alpha and scale.
        "selu": lambda: nn.elu(x, SELU_ALPHA, SELU_SCALE, 1.0, out=y),
        "smooth/gelu": lambda: nn.gelu(x, approximate="none", out=y),
        "smooth/silu": lambda: nn.silu(x, out=y),
        "relu6": lambda: nn.hardtanh(x, 0.0, 6.0, out=y),
        "hardtanh": lambda: nn.hardtanh(x, -1.0, 1.0, out=y),
        "threshold": lambda: torch.threshold(x, 1.0, 0.0, out=y),
        # torch.celu has no out= variant; it is elu with input_scale 1 / alpha.
        "celu": lambda: nn.elu(x, 1.0, 1.0, 1.0, out=y),
        "smooth/mish": lambda: nn.mish(x, out=y),
        "smooth/softplus": lambda: nn.softplus(x, 1.0, 20.0, out=y),
        "sigmoid": lambda: torch.sigmoid(x, out=y),
    }
    if op_id == "relu":
        # ATen's relu is clamp_min(x, 0); torch.relu has no out= and aten.relu.out costs ~1 us more per call.
        return (lambda: torch.clamp_min(x, 0.0, out=y)), None
    if op_id == "prelu":
        n, c, s = prelu_shape(x.numel())
        x3 = x.view(n, c, s)
        weight = prelu_slopes(c)
        return (lambda: torch.prelu(x3, weight)), "allocating"
    fn = table.get(op_id)
    return None if fn is None else (fn, None)


def backward_call(op, x, g, gi):
    op_id = op["id"]
    aten = torch.ops.aten
    if op_id == "relu":
        return (lambda: aten.threshold_backward.grad_input(g, x, 0.0, grad_input=gi)), None
    if op_id == "elu":
        return (lambda: aten.elu_backward.grad_input(g, 1.0, 1.0, 1.0, False, x, grad_input=gi)), None
    if op_id == "smooth/silu":
        return (lambda: aten.silu_backward.grad_input(g, x, grad_input=gi)), None
    if op_id == "smooth/gelu":
        approximate = op.get("params", {}).get("approximate", "none")
        return (lambda: aten.gelu_backward.grad_input(g, x, approximate=approximate, grad_input=gi)), None
    return None


def backward_from_output_call(op_id, x, g, gi):
    """elu_backward with is_result, sigmoid_backward and tanh_backward: PyTorch reads the saved output y instead of x."""
    aten = torch.ops.aten
    if op_id == "elu":
        y = torch.nn.functional.elu(x)
        return (lambda: aten.elu_backward.grad_input(g, 1.0, 1.0, 1.0, True, y, grad_input=gi)), None
    if op_id == "sigmoid":
        y = torch.sigmoid(x)
        return (lambda: aten.sigmoid_backward.grad_input(g, y, grad_input=gi)), None
    if op_id == "tanh":
        y = torch.tanh(x)
        return (lambda: aten.tanh_backward.grad_input(g, y, grad_input=gi)), None
    return None


def measure(fn, opts):
    """Median seconds per call; same schedule as bench/measure.ts."""
    start = time.perf_counter()
    calls = 0
    while calls < 3 or time.perf_counter() - start < min(0.02, opts["targetSeconds"] / 20):
        fn()
        calls += 1
    per_call = max((time.perf_counter() - start) / calls, 1e-9)
    calls_per_sample = max(1, -(-opts["minSampleSeconds"] // per_call))
    calls_per_sample = int(calls_per_sample)
    min_samples = opts["minSlowSamples"] if per_call > 0.1 else opts["minSamples"]
    wanted = round(opts["targetSeconds"] / (per_call * calls_per_sample))
    samples = min(opts["maxSamples"], max(min_samples, wanted))
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        for _ in range(calls_per_sample):
            fn()
        times.append((time.perf_counter() - start) / calls_per_sample)
    return statistics.median(times)


def main():
    plan = json.load(sys.stdin)
    torch.set_num_threads(plan["threads"])
    length = plan["length"]
    x_all = torch.from_file(plan["xFile"], False, length, dtype=torch.float32)
    g_all = torch.from_file(plan["gradFile"], False, length, dtype=torch.float32)
    results = []
    for size in plan["sizes"]:
        x = x_all[:size].clone()
        g = g_all[:size].clone()
        out = torch.empty(size, dtype=torch.float32)
        for op in plan["ops"]:
            if op["direction"] == "forward":
                call = forward_call(op["id"], x, out)
            elif op["direction"] == "backward":
                call = backward_call(op, x, g, out)
            else:
                call = backward_from_output_call(op["id"], x, g, out)
            if call is None:
                continue
            fn, note = call
            try:
                fn()
            except (RuntimeError, TypeError) as error:
                print(f"torch: {op['id']}: {error}", file=sys.stderr)
                continue
            results.append({"id": op["id"], "direction": op["direction"], "size": size,
                            "secondsPerCall": measure(fn, plan["measure"]), "note": note})
    capability = next((line.strip() for line in torch.__config__.show().splitlines() if "CPU capability" in line), "")
    json.dump({"version": torch.__version__, "threads": torch.get_num_threads(), "capability": capability,
               "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
