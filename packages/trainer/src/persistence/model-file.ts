import type { ActivationDefinitionJSON } from '@rectify/activation-core';
import type { ModelSpec } from '../model/model-spec.js';

export const modelFileFormat = 'rectify-model';
/** Version of the JSON layout; a file with a higher version is refused, lower ones are read. */
export const modelFileVersion = 1;

export interface SavedParameter {
  readonly name: string;
  readonly shape: readonly number[];
  /** Offset in float32 elements within the weights file. */
  readonly offset: number;
  readonly length: number;
}

/** The JSON half of a saved model. The weights live in `weightsFile` next to it, little-endian float32. */
export interface ModelFileJSON {
  readonly format: typeof modelFileFormat;
  readonly version: number;
  readonly spec: ModelSpec;
  /** Definitions of the activations the model uses, so a loader can check (or register) them. */
  readonly activations: Readonly<Record<string, ActivationDefinitionJSON>>;
  readonly parameters: readonly SavedParameter[];
  /** File name (same directory), named by the weights' checksum so the JSON only ever points at a complete file. */
  readonly weightsFile: string;
  readonly weightsBytes: number;
  readonly weightsCrc32: number;
  readonly metadata?: Readonly<Record<string, unknown>>;
}
