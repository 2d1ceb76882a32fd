import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinActivations, createReferenceTrainingBackend, createRegistry } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { loadModel } from './load-model.js';

const child = fileURLToPath(new URL('./testing/save-forever.ts', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const backend = createReferenceTrainingBackend({ registry: createRegistry({ activations: builtinActivations }) });

/** When to kill: a delay after generation 1's save starts, or the moment a file whose name matches appears. */
type Trigger = { readonly delayMs: number } | { readonly file: RegExp };

/**
 * Starts a process that saves generation after generation of a model to `path`, and kills it with
 * SIGKILL during the save of generation 1 as `trigger` says (or, without one, once that save is done).
 * Returns what the process had printed and how long the save of generation 1 ran before the kill.
 */
function killDuringSecondSave(path: string, trigger?: Trigger): Promise<{ output: string; ranMs: number }> {
  return new Promise((resolve, reject) => {
    const process = spawn(globalThis.process.execPath, ['--conditions=@rectify/source', '--import', 'tsx', child, path], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    let started = 0;
    let killedAt = 0;
    const kill = (): void => {
      if (killedAt !== 0) return;
      killedAt = performance.now();
      process.kill('SIGKILL');
    };
    const watcher = watch(dirname(path), (_event, name) => {
      if (started !== 0 && trigger !== undefined && 'file' in trigger && name !== null && trigger.file.test(name)) kill();
    });
    process.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (started === 0 && output.includes('saving 1\n')) {
        started = performance.now();
        if (trigger !== undefined && 'delayMs' in trigger) setTimeout(kill, trigger.delayMs);
      }
      if (trigger === undefined && output.includes('saved 1\n')) kill();
    });
    process.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    process.on('error', reject);
    process.on('exit', (_code, signal) => {
      watcher.close();
      if (signal === 'SIGKILL') resolve({ output, ranMs: killedAt - started });
      else reject(new Error(`the saving process exited by itself: ${errors}`));
    });
  });
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a process killed while it saves a model', () => {
  it('leaves the previous model intact, or the new one complete, never a mix', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'rectify-kill-'));
    const outcomes: string[] = [];
    try {
      // How long one save takes here, for the timed kills.
      const { ranMs: saveMs } = await killDuringSecondSave(join(directory, 'calibration.json'));
      const triggers: [string, (name: string) => Trigger][] = [
        ['while writing the new weights', (name) => ({ file: new RegExp(`^\\.${escape(name)}\\.[0-9a-f]{8}\\.bin\\..*\\.tmp$`) })],
        ['once the new weights were in place', (name) => ({ file: new RegExp(`^${escape(name)}\\.[0-9a-f]{8}\\.bin$`) })],
        ['while writing the new JSON', (name) => ({ file: new RegExp(`^\\.${escape(name)}\\.json\\..*\\.tmp$`) })],
        ['at half the save time', () => ({ delayMs: Math.round(saveMs / 2) })],
        ['at 90% of the save time', () => ({ delayMs: Math.round(saveMs * 0.9) })],
      ];
      for (const [trial, [when, trigger]] of triggers.entries()) {
        const name = `model-${trial}`;
        const path = join(directory, `${name}.json`);
        const { output, ranMs } = await killDuringSecondSave(path, trigger(name));
        const said = output.includes('saved 1\n');
        const { file, model } = await loadModel(backend, path);
        const generation = file.metadata?.['generation'];
        // Whole files only: generation 0 (the kill came before the rename of the JSON) or generation 1
        // (after it, possibly before the process could say so); loadModel verified the weights' checksum.
        expect([0, 1], when).toContain(generation);
        if (said) expect(generation, when).toBe(1);
        expect(model.parameters.length).toBe(6);
        model.dispose();
        outcomes.push(`${when} (${Math.round(ranMs)} of ${Math.round(saveMs)} ms): ${generation === 0 ? 'previous model intact' : 'new model complete'}`);
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
    console.info(`interrupted saves: ${outcomes.join('; ')}`);
    // A kill while the new weights were being written must leave the previous model.
    expect(outcomes[0]).toMatch(/previous model intact/);
  }, 120_000);
});
