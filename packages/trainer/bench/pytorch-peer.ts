/**
 * PyTorch on the CPU in a /usr/bin/python3 child process (bench/pytorch_mnist.py), fed the same
 * split through float32 files; run before the in-process peers so they never compete for cores.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetSplit } from '@rectify/trainer';
import type { BenchPlan, BenchResult } from './bench-result.js';

const python = '/usr/bin/python3';
const script = fileURLToPath(new URL('pytorch_mnist.py', import.meta.url));

export function torchAvailable(): boolean {
  return spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

const isReport = (value: unknown): value is { version: string; threads: number; samplesPerSecond: number[]; testAccuracy: number } =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as { samplesPerSecond?: unknown }).samplesPerSecond) &&
  typeof (value as { testAccuracy?: unknown }).testAccuracy === 'number';

export async function benchPytorch(data: DatasetSplit, plan: BenchPlan, threads: number): Promise<BenchResult> {
  const directory = await mkdtemp(join(tmpdir(), 'rectify-bench-'));
  try {
    const files = {
      trainInputs: join(directory, 'train-x.f32'),
      trainLabels: join(directory, 'train-y.f32'),
      testInputs: join(directory, 'test-x.f32'),
      testLabels: join(directory, 'test-y.f32'),
    };
    await writeFile(files.trainInputs, data.train.inputs);
    await writeFile(files.trainLabels, data.train.labels);
    await writeFile(files.testInputs, data.test.inputs);
    await writeFile(files.testLabels, data.test.labels);
    const request = JSON.stringify({ ...plan, ...files, threads, trainRows: data.train.rows, testRows: data.test.rows });
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(python, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve(text);
        else reject(new Error(`${script} exited with ${String(code)}`));
      });
      child.stdin.end(request);
    });
    const report: unknown = JSON.parse(output);
    if (!isReport(report)) throw new Error(`unexpected PyTorch report: ${output}`);
    return { peer: `pytorch ${report.version}`, threads: report.threads, samplesPerSecond: report.samplesPerSecond, testAccuracy: report.testAccuracy };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
