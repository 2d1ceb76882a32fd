import type { Registry } from '@rectify/activation-core';
import type { OutputStream } from './progress.js';

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly cwd: string;
}

export interface CommandContext {
  readonly io: CliIo;
  readonly registry: Registry;
  /** Names of plugins registered for this run. */
  readonly plugins: readonly string[];
}

export const print = (stream: OutputStream, text = ''): void => {
  stream.write(`${text}\n`);
};
