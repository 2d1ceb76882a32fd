/**
 * PyTorch on the CPU, timed in a /usr/bin/python3 child process (bench/pytorch_bench.py) that reads
 * the same input files. It runs once per thread count, before the in-process peers, so the two never
 * compete for cores; its medians are then reported case by case.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Case, Direction } from '../cases.js';
import type { Note, Peer, Plan, Runner } from './peer.js';

const python = '/usr/bin/python3';
const script = fileURLToPath(new URL('../pytorch_bench.py', import.meta.url));

interface TorchResult {
  readonly id: string;
  readonly direction: Direction;
  readonly size: number;
  readonly secondsPerCall: number;
  readonly note: Note | null;
}

interface TorchReport {
  readonly version: string;
  readonly threads: number;
  readonly capability: string;
  readonly results: readonly TorchResult[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function isTorchResult(value: unknown): value is TorchResult {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    (value.direction === 'forward' || value.direction === 'backward' || value.direction === 'backward-from-output') &&
    typeof value.size === 'number' &&
    typeof value.secondsPerCall === 'number' &&
    (value.note === null || value.note === 'composite' || value.note === 'allocating')
  );
}

function parseReport(text: string): TorchReport {
  const value: unknown = JSON.parse(text);
  if (
    isRecord(value) &&
    typeof value.version === 'string' &&
    typeof value.threads === 'number' &&
    typeof value.capability === 'string' &&
    Array.isArray(value.results) &&
    value.results.every(isTorchResult)
  ) {
    return { version: value.version, threads: value.threads, capability: value.capability, results: value.results };
  }
  throw new Error('unexpected output from pytorch_bench.py');
}

function torchAvailable(): boolean {
  const probe = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
  return probe.status === 0;
}

function runScript(plan: Plan): Promise<TorchReport> {
  const input = JSON.stringify({
    threads: plan.threads,
    sizes: plan.sizes,
    ops: plan.ops.map(({ id, direction, params }) => ({ id, direction, params })),
    xFile: plan.inputFiles.x,
    gradFile: plan.inputFiles.grad,
    length: plan.inputFiles.length,
    measure: plan.measure,
  });
  return new Promise((resolve, reject) => {
    const child = spawn(python, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`pytorch_bench.py exited with ${code ?? 'a signal'}`));
        return;
      }
      try {
        resolve(parseReport(stdout));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.stdin.end(input);
  });
}

const caseKey = (id: string, direction: Direction, size: number): string => `${direction} ${id} ${size}`;

/** Times each op in a child process of its own, right before the in-process peers time the same op. */
export function createPytorchPeer(): Peer {
  const results = new Map<string, TorchResult>();
  return {
    name: 'torch',
    prepare: async (plan) => {
      results.clear();
      if (!torchAvailable()) return { available: false, description: `torch: skipped (${python} -c "import torch" failed)` };
      const report = await runScript({ ...plan, ops: [] });
      return {
        available: true,
        description: `torch ${report.version} via ${python}, set_num_threads(${plan.threads}) -> ${report.threads}, ${report.capability}, out=/grad_input= outputs`,
      };
    },
    prepareOp: async (plan, op) => {
      const report = await runScript({ ...plan, ops: [op] });
      for (const result of report.results) results.set(caseKey(result.id, result.direction, result.size), result);
    },
    setup: (c: Case): Promise<Runner | undefined> => {
      const result = results.get(caseKey(c.op.id, c.op.direction, c.size));
      if (result === undefined) return Promise.resolve(undefined);
      return Promise.resolve({ kind: 'measured', secondsPerCall: result.secondsPerCall, ...(result.note === null ? {} : { note: result.note }) });
    },
    close: () => Promise.resolve(),
  };
}
