import type { ResolvedParams } from '../definition/resolve-params.js';
import type { BackwardVariant, KernelKind } from './prepare-kernel.js';

/**
 * Identifies a call's kernel kind, mode and scalar parameter values (per-channel ones only by their
 * presence), and a backward call's variant (given the saved forward output, without parameter
 * gradients), for backends that cache per-value work such as hoisted values or uniforms.
 */
export function callSignature(kind: KernelKind, training: boolean, params: ResolvedParams, variant: BackwardVariant = {}): string {
  let signature = `${kind}${training ? 'T' : 'E'}${variant.fromOutput === true ? 'y' : ''}${variant.paramGradients === false ? 'x' : ''}`;
  for (const name in params) {
    const param = params[name];
    // String(-0) is "0": -0 gets its own spelling so that its cached values are not shared with +0's.
    signature += param?.kind === 'scalar' ? `|${Object.is(param.value, -0) ? '-0' : param.value}` : '|c';
  }
  return signature;
}
