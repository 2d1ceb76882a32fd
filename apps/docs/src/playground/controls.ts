import type { ParamSpec, Registry } from '@rectify/activation-core';
import type { NumberRange } from './playground-state.js';

/**
 * The number a control's text asks for, brought into `range` (whole numbers rounded); `current`
 * when the text is not a number, so a typing slip never reaches the model.
 */
export function controlNumber(text: string, range: NumberRange, current: number): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) return current;
  const clamped = Math.min(range.max, Math.max(range.min, value));
  return range.integer === true ? Math.round(clamped) : clamped;
}

export interface ParamControl {
  readonly name: string;
  readonly value: number;
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly step: number | 'any';
  readonly description: string;
  /** Names of the values of a choice parameter (GELU's approximation), undefined otherwise. */
  readonly choices: readonly string[] | undefined;
}

/** One control per parameter of an activation, showing `params` over the definition's defaults. */
export function paramControls(registry: Registry, id: string, params: Readonly<Record<string, number>>): ParamControl[] {
  if (!registry.has(id)) return [];
  return Object.entries(registry.get(id).params).map(([name, spec]: [string, ParamSpec]) => ({
    name,
    value: params[name] ?? spec.default,
    min: spec.min,
    max: spec.max,
    step: spec.integer === true ? 1 : 'any',
    description: spec.description,
    choices: spec.choices,
  }));
}

/** A parameter value typed into a control, or undefined when it is not a number (the registry checks ranges). */
export function paramNumber(text: string): number | undefined {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Gradient norms as log10 for the chart; 0 (no gradient at all, as below dead units) and non-finite values become gaps. */
export const log10OrGap = (value: number | null): number | null => (value !== null && value > 0 && Number.isFinite(value) ? Math.log10(value) : null);
