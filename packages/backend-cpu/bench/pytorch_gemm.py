"""Times PyTorch CPU matrix products for bench/gemm.ts.

Reads a JSON plan on stdin ({threads, measure, cases: [{name, m, k, n, transposeA, transposeB,
dense}]}) and prints {version, threads, results: [{name, secondsPerCall}]}. Dense cases are
relu(x @ w + b) through torch.addmm into a preallocated output, then relu_ in place; the other cases
are torch.mm with out= on transposed views, as autograd's backward of a linear layer calls them.
"""
import json
import sys

import torch

from pytorch_bench import measure


def main():
    plan = json.load(sys.stdin)
    torch.set_num_threads(plan["threads"])
    generator = torch.Generator().manual_seed(7)
    results = []
    with torch.no_grad():
        for case in plan["cases"]:
            m, k, n = case["m"], case["k"], case["n"]
            a = torch.randn(k, m, generator=generator).t() if case["transposeA"] else torch.randn(m, k, generator=generator)
            b = torch.randn(n, k, generator=generator).t() if case["transposeB"] else torch.randn(k, n, generator=generator)
            out = torch.empty(m, n)
            if case["dense"]:
                bias = torch.randn(n, generator=generator)

                def run(a=a, b=b, bias=bias, out=out):
                    torch.addmm(bias, a, b, out=out)
                    out.relu_()
            else:

                def run(a=a, b=b, out=out):
                    torch.mm(a, b, out=out)

            results.append({"name": case["name"], "secondsPerCall": measure(run, plan["measure"])})
    json.dump({"version": torch.__version__, "threads": torch.get_num_threads(), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
