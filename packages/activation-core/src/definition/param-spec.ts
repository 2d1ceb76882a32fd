/** Declares one parameter of an activation. */
export interface ParamSpec {
  readonly default: number;
  /** Lower bound, inclusive unless `exclusiveMin`; unbounded when absent. */
  readonly min?: number;
  /** Upper bound, inclusive unless `exclusiveMax`; unbounded when absent. */
  readonly max?: number;
  readonly exclusiveMin?: boolean;
  readonly exclusiveMax?: boolean;
  /** Only whole numbers are accepted. */
  readonly integer?: boolean;
  /** Names for the integer values 0..n-1; callers may pass the name instead of the number. */
  readonly choices?: readonly string[];
  /** Trained by gradient descent (PReLU's slope). Backward returns a gradient only for learnable parameters. */
  readonly learnable?: boolean;
  /** May be given one value per channel; the channel axis is 1, as in PyTorch. */
  readonly perChannel?: boolean;
  readonly description: string;
}

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** A parameter value as callers pass it. */
export type ParamValue = number | string | ArrayLike<number>;

type ValueOfSpec<S extends ParamSpec> =
  | (S extends { readonly choices: readonly (infer Choice)[] } ? Choice | number : number)
  | (S extends { readonly perChannel: true } ? ArrayLike<number> : never);

/** The parameter values a caller may pass for a definition with these specs; every entry is optional. */
export type ParamValues<P extends ParamSpecs> = [keyof P] extends [never]
  ? Readonly<Record<string, never>>
  : { readonly [K in keyof P]?: ValueOfSpec<P[K]> };

export function describeRange(spec: ParamSpec): string {
  const low = spec.min === undefined ? '(-inf' : `${spec.exclusiveMin === true ? '(' : '['}${spec.min}`;
  const high = spec.max === undefined ? 'inf)' : `${spec.max}${spec.exclusiveMax === true ? ')' : ']'}`;
  return `${low}, ${high}`;
}

export function inRange(spec: ParamSpec, value: number): boolean {
  if (spec.min !== undefined && (spec.exclusiveMin === true ? value <= spec.min : value < spec.min)) return false;
  if (spec.max !== undefined && (spec.exclusiveMax === true ? value >= spec.max : value > spec.max)) return false;
  return true;
}

/** Parameters whose declared range is above 0 (validation rejects any value outside it). */
export function positiveParamNames(params: ParamSpecs): Set<string> {
  const names = Object.entries(params).filter(([, spec]) => spec.min !== undefined && (spec.min > 0 || (spec.min === 0 && spec.exclusiveMin === true)));
  return new Set(names.map(([name]) => name));
}
