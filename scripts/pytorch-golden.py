"""Golden reference values for the activation functions, computed by PyTorch.

Writes test-support/pytorch-golden.json, which the
TypeScript tests read (see test-support/pytorch-golden.ts) so that our
definitions are checked against an independent implementation.

Regenerate the golden file with:

    /usr/bin/python3 scripts/pytorch-golden.py

(`/usr/bin/python3` is the Debian interpreter that has PyTorch; install it with
`apt-get install python3-torch`.)

Everything is computed in float64. For each case the file records the forward
values, the derivative d y_i / d x_i obtained by autograd
(`y.backward(torch.ones_like(y))` on one tensor holding all inputs) and, for
prelu, the per-element derivative with respect to the weight. JSON cannot hold
non-finite numbers or the sign of zero, so NaN, Infinity, -Infinity and -0 are
written as the strings "NaN", "Infinity", "-Infinity" and "-0".

The "notes" arrays are generated from what torch returned: gradients at kinks
and NaN, non-finite or sign-losing results, and inputs where torch's CPU
kernels give a different answer depending on whether an element goes through
the scalar or the vectorised code path (so the stored value depends on where
the input sits in the tensor).
"""

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import torch
import torch.nn.functional as F

DTYPE = torch.float64

OUTPUT = Path(__file__).resolve().parent.parent / "test-support" / "pytorch-golden.json"

BASE_INPUTS = [
    -100.0, -20.0, -6.0, -3.0, -2.0, -1.0, -0.5, -1e-3, -0.0, 0.0, 1e-3, 0.5,
    1.0, 2.0, 3.0, 6.0, 20.0, 100.0, math.nan, math.inf, -math.inf,
]

# Repeating one input this many times makes torch's CPU kernels handle it in
# their vectorised loop; a one-element tensor goes through the scalar loop.
VECTOR_BLOCK = 64

# Relative difference below which the two kernel paths count as agreeing.
PATH_TOLERANCE = 1e-12


# ---------------------------------------------------------------------------
# Numbers


def encode(value: float):
    """A float as JSON can hold it: non-finite numbers and -0 become strings."""
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if value == math.inf:
        return "Infinity"
    if value == -math.inf:
        return "-Infinity"
    if value == 0.0 and math.copysign(1.0, value) < 0:
        return "-0"
    return value


def decode(value) -> float:
    """The inverse of encode."""
    return float(value) if isinstance(value, str) else value


def encode_all(values) -> list:
    return [encode(v) for v in values]


def show(value: float) -> str:
    """A float for a note: the JSON spelling, numbers without a trailing .0."""
    encoded = encode(value)
    if isinstance(encoded, str):
        return encoded
    return str(int(encoded)) if encoded.is_integer() and abs(encoded) < 1e15 else repr(encoded)


def same_float(a: float, b: float) -> bool:
    """Equality that tells -0 from +0 and lets NaN equal NaN."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def close(a: float, b: float) -> bool:
    if same_float(a, b):
        return True
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= PATH_TOLERANCE * max(abs(a), abs(b))


def index_of(inputs, x: float) -> int:
    return next(i for i, value in enumerate(inputs) if same_float(value, x))


# ---------------------------------------------------------------------------
# Autograd


def forward_and_grad(fn, inputs):
    """fn applied to one float64 tensor of the inputs, and d y_i / d x_i from autograd."""
    x = torch.tensor(inputs, dtype=DTYPE, requires_grad=True)
    y = fn(x)
    y.backward(torch.ones_like(y))
    return y.detach().tolist(), x.grad.tolist()


def single_path_values(fn, x: float, copies: int):
    """Forward and gradient at x, computed on a tensor of `copies` copies of x."""
    forward, grad = forward_and_grad(fn, [x] * copies)
    return forward[0], grad[0]


def prelu_weight_grads(inputs, alpha: float):
    """d y_i / d weight for each element separately (one backward pass per element)."""
    grads = []
    for value in inputs:
        x = torch.tensor([value], dtype=DTYPE)
        weight = torch.tensor([alpha], dtype=DTYPE, requires_grad=True)
        y = F.prelu(x, weight)
        y.backward(torch.ones_like(y))
        grads.append(weight.grad.item())
    return grads


def gelu_tanh():
    """GELU with the tanh approximation, and a note if torch's own is missing."""
    try:
        F.gelu(torch.zeros(1, dtype=DTYPE), approximate="tanh")
        return (lambda x: F.gelu(x, approximate="tanh")), None
    except TypeError:
        def formula(x):
            inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)
            return 0.5 * x * (1.0 + torch.tanh(inner))
        note = ("This torch version lacks F.gelu(approximate='tanh'); the values come from "
                "0.5*x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3))) written with torch ops.")
        return formula, note


# ---------------------------------------------------------------------------
# Cases


@dataclass
class Spec:
    id: str
    params: dict
    fn: Callable
    kinks: tuple = ()
    note: Optional[str] = None


def specs():
    prelu_weight = torch.tensor([0.25], dtype=DTYPE, requires_grad=True)
    rrelu_lower, rrelu_upper = 0.125, 1.0 / 3.0
    gelu_tanh_fn, gelu_tanh_note = gelu_tanh()
    return [
        Spec("relu", {}, torch.relu, (0.0,)),
        Spec("leaky_relu", {"alpha": 0.01}, lambda x: F.leaky_relu(x, 0.01), (0.0,)),
        Spec("leaky_relu", {"alpha": 0.2}, lambda x: F.leaky_relu(x, 0.2), (0.0,)),
        Spec("prelu", {"alpha": 0.25}, lambda x: F.prelu(x, prelu_weight), (0.0,)),
        Spec("rrelu", {"lower": rrelu_lower, "upper": rrelu_upper},
             lambda x: F.rrelu(x, rrelu_lower, rrelu_upper, training=False), (0.0,)),
        Spec("elu", {"alpha": 1}, lambda x: F.elu(x, 1.0), (0.0,)),
        Spec("elu", {"alpha": 0.5}, lambda x: F.elu(x, 0.5), (0.0,)),
        Spec("selu", {}, F.selu, (0.0,)),
        Spec("celu", {"alpha": 1}, lambda x: F.celu(x, 1.0), (0.0,)),
        Spec("celu", {"alpha": 2}, lambda x: F.celu(x, 2.0), (0.0,)),
        Spec("relu6", {}, F.relu6, (0.0, 6.0)),
        Spec("hardtanh", {"min_val": -1, "max_val": 1}, lambda x: F.hardtanh(x, -1.0, 1.0), (-1.0, 1.0)),
        Spec("hardtanh", {"min_val": -2, "max_val": 0.5}, lambda x: F.hardtanh(x, -2.0, 0.5), (-2.0, 0.5)),
        Spec("threshold", {"threshold": 1, "value": 0}, lambda x: F.threshold(x, 1.0, 0.0), (1.0,)),
        Spec("threshold", {"threshold": -0.5, "value": -2}, lambda x: F.threshold(x, -0.5, -2.0), (-0.5,)),
        Spec("identity", {}, lambda x: x),
        Spec("sigmoid", {}, torch.sigmoid),
        Spec("tanh", {}, torch.tanh),
        Spec("smooth/gelu", {"approximate": "none"}, F.gelu),
        Spec("smooth/gelu", {"approximate": "tanh"}, gelu_tanh_fn, note=gelu_tanh_note),
        Spec("smooth/silu", {"beta": 1}, F.silu),
        Spec("smooth/silu", {"beta": 1.5}, lambda x: x * torch.sigmoid(1.5 * x)),
        Spec("smooth/mish", {}, F.mish),
        # The kink is where beta * x == threshold.
        Spec("smooth/softplus", {"beta": 1, "threshold": 20}, lambda x: F.softplus(x, 1.0, 20.0), (20.0,)),
        Spec("smooth/softplus", {"beta": 2, "threshold": 10}, lambda x: F.softplus(x, 2.0, 10.0), (5.0,)),
        Spec("smooth/hardswish", {}, F.hardswish, (-3.0, 3.0)),
    ]


def case_inputs(kinks) -> list:
    """The shared inputs followed by any kink points of this case not already present."""
    inputs = list(BASE_INPUTS)
    for kink in kinks:
        if not any(same_float(kink, x) for x in inputs):
            inputs.append(kink)
    return inputs


def label(spec: Spec) -> str:
    if not spec.params:
        return spec.id
    return spec.id + " " + json.dumps(spec.params, separators=(",", ":"))


def kernel_path_notes(spec: Spec, inputs, forward, grad) -> list:
    """Inputs where torch's scalar and vectorised CPU loops disagree."""
    notes = []
    for i, x in enumerate(inputs):
        scalar = single_path_values(spec.fn, x, 1)
        vector = single_path_values(spec.fn, x, VECTOR_BLOCK)
        for what, k in (("forward", 0), ("d/dx", 1)):
            if close(scalar[k], vector[k]):
                continue
            stored = (forward, grad)[k][i]
            notes.append(
                f"At x={show(x)} torch's {what} depends on the CPU kernel path: {show(scalar[k])} from the scalar "
                f"loop, {show(vector[k])} from the vectorised loop; the stored value is {show(stored)}.")
    return notes


def build_case(spec: Spec):
    inputs = case_inputs(spec.kinks)
    forward, grad = forward_and_grad(spec.fn, inputs)
    case = {
        "id": spec.id,
        "params": spec.params,
        "inputs": encode_all(inputs),
        "forward": encode_all(forward),
        "grad": encode_all(grad),
    }
    if spec.id == "prelu":
        case["paramGrads"] = {"alpha": encode_all(prelu_weight_grads(inputs, spec.params["alpha"]))}
    case_notes = ([spec.note] if spec.note else []) + kernel_path_notes(spec, inputs, forward, grad)
    if case_notes:
        case["notes"] = case_notes
    return case, inputs, forward, grad


# ---------------------------------------------------------------------------
# Top-level notes


def observations(spec: Spec, case, inputs, forward, grad) -> list:
    name = label(spec)
    notes = []

    points = []
    for kink in spec.kinks:
        points.extend([-0.0, 0.0] if kink == 0 else [kink])
    points.append(math.nan)
    at = ", ".join(f"x={show(x)} -> {show(grad[index_of(inputs, x)])}" for x in points)
    notes.append(f"{name}: d/dx at {at}.")

    if "paramGrads" in case:
        param_grads = [decode(v) for v in case["paramGrads"]["alpha"]]
        picks = (-0.0, 0.0, -1.0, math.nan, -math.inf, math.inf)
        at = ", ".join(f"x={show(x)} -> {show(param_grads[index_of(inputs, x)])}" for x in picks)
        notes.append(f"{name}: d/dalpha (per element) at {at}.")

    nan_forward = [x for x, y in zip(inputs, forward) if math.isnan(y) and not math.isnan(x)]
    if nan_forward:
        notes.append(f"{name}: forward is NaN at x=" + ", ".join(show(x) for x in nan_forward) + ".")
    nan_grad = [x for x, g in zip(inputs, grad) if math.isnan(g) and not math.isnan(x)]
    if nan_grad:
        notes.append(f"{name}: d/dx is NaN at x=" + ", ".join(show(x) for x in nan_grad) + ".")
    y_neg_zero = forward[index_of(inputs, -0.0)]
    if y_neg_zero == 0 and math.copysign(1.0, y_neg_zero) > 0:
        notes.append(f"{name}: forward(-0) is +0 (sign of zero not kept).")

    if spec.id == "smooth/softplus":
        x = spec.params["threshold"] / spec.params["beta"]
        i = index_of(inputs, x)
        if forward[i] != x:
            notes.append(
                f"{name}: at beta*x == threshold (x={show(x)}) forward is {show(forward[i])} and d/dx is "
                f"{show(grad[i])}; torch switches to the linear branch only when beta*x > threshold.")
    return notes


def main():
    cases, notes = [], []
    for spec in specs():
        case, inputs, forward, grad = build_case(spec)
        cases.append(case)
        notes.extend(observations(spec, case, inputs, forward, grad))
        notes.extend(f"{label(spec)}: {note}" for note in case.get("notes", []))
    golden = {"torchVersion": torch.__version__, "notes": notes, "cases": cases}
    OUTPUT.write_text(json.dumps(golden, indent=2, allow_nan=False) + "\n")
    print(f"wrote {len(cases)} cases and {len(notes)} notes to {OUTPUT}")


if __name__ == "__main__":
    main()
