import type { OptimizerFactors, ResolvedOptimizer } from '@rectify/activation-core';

/**
 * One optimiser step in place (PyTorch's formulas, dampening 0), each element in float64 from its
 * float32 values and rounded once per stored value. `first` is the velocity or Adam's m, `second`
 * Adam's v.
 */
export function optimizerStepInPlace(optimizer: ResolvedOptimizer, factors: OptimizerFactors, param: Float32Array, grad: Float32Array, first: Float32Array | undefined, second: Float32Array | undefined): void {
  const { kind, l1, l2, momentum, beta1, beta2, epsilon } = optimizer;
  const { decay, stepSize, biasCorrection2Sqrt } = factors;
  const n = param.length;
  const penalised = l1 !== 0 || l2 !== 0;
  const gradientAt = (i: number, w: number): number => {
    const g = grad[i] ?? 0;
    return penalised ? g + l2 * w + l1 * Math.sign(w) : g;
  };
  if (kind === 'sgd') {
    for (let i = 0; i < n; i++) {
      const w = param[i] ?? 0;
      param[i] = decay * w - stepSize * gradientAt(i, w);
    }
  } else if (kind === 'momentum' || kind === 'nesterov') {
    if (first === undefined) throw new Error('optimizer step: missing velocity');
    const nesterov = kind === 'nesterov';
    for (let i = 0; i < n; i++) {
      const w = param[i] ?? 0;
      const g = gradientAt(i, w);
      const velocity = momentum * (first[i] ?? 0) + g;
      first[i] = velocity;
      param[i] = decay * w - stepSize * (nesterov ? g + momentum * velocity : velocity);
    }
  } else {
    if (first === undefined || second === undefined) throw new Error('optimizer step: missing moments');
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    const inverseCorrection = 1 / biasCorrection2Sqrt;
    for (let i = 0; i < n; i++) {
      const w = param[i] ?? 0;
      const g = gradientAt(i, w);
      const m = beta1 * (first[i] ?? 0) + oneMinusBeta1 * g;
      const v = beta2 * (second[i] ?? 0) + oneMinusBeta2 * g * g;
      first[i] = m;
      second[i] = v;
      param[i] = decay * w - (stepSize * m) / (Math.sqrt(v) * inverseCorrection + epsilon);
    }
  }
}
