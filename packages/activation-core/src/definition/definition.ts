import type { NumNode } from '../ir/nodes.js';
import type { ActivationDocs } from './docs.js';
import type { ParamSpecs, ParamValues } from './param-spec.js';

export const currentSpecVersion = 1;

/** Builders receive one expression per declared parameter. */
export type ParamRefs<P extends ParamSpecs> = { readonly [K in keyof P]: NumNode };

/** A validated, frozen activation definition: pure data, serialisable to JSON. */
export interface ActivationDefinition<Id extends string = string, P extends ParamSpecs = ParamSpecs> {
  readonly id: Id;
  readonly specVersion: number;
  readonly params: P;
  readonly forward: NumNode;
  /** A derivative supplied by the author (it may refer to the output `y`); derived from `forward` when absent. */
  readonly derivative?: NumNode;
  /**
   * d/dx written with the output `y` and without the input, for a backward pass given the saved
   * output: backends then read neither x nor recompute f. It may still refer to x inside a `select`
   * on parameters alone (a form that holds only for some parameter values), which kernels decide
   * before they run.
   */
  readonly derivativeFromOutput?: NumNode;
  /** Parameter derivatives supplied by the author, by parameter name. */
  readonly paramDerivatives: Readonly<Partial<Record<keyof P & string, NumNode>>>;
  readonly docs: ActivationDocs;
}

/** The parameter values accepted by a definition, for `ActivationMap` augmentation. */
export type ParamValuesOf<D> = D extends ActivationDefinition<string, infer P> ? ParamValues<P> : never;
