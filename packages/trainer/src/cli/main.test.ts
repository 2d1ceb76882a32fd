import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './main.js';

let cwd = '';
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'rectify-cli-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) }, cwd });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const small = ['--backend', 'reference', '--data', 'xor', '--rows', '300', '--hidden', '8', '--epochs', '2', '--lr', '0.01', '--probe-rows', '64'];

describe('rectify-train', () => {
  it('compares activations side by side and writes metrics and the report', async () => {
    const { code, stdout, stderr } = await run('compare', ...small, '--activations', 'relu,gelu', '--out', 'out');
    expect(stderr).not.toMatch(/error/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^relu\s+\d+\.\d+%/m);
    expect(stdout).toMatch(/^gelu\s+\d+\.\d+%/m);
    expect((await readdir(join(cwd, 'out'))).sort()).toEqual(['metrics.csv', 'metrics.json', 'report.html']);
    const metrics = JSON.parse(await readFile(join(cwd, 'out', 'metrics.json'), 'utf8')) as { runs: { label: string; result: { history: unknown[] } }[] };
    expect(metrics.runs.map((entry) => entry.label)).toEqual(['relu', 'gelu']);
    expect(metrics.runs[0]?.result.history).toHaveLength(3);
  });

  it('prints plain epoch lines when not on a terminal, and saves the model', async () => {
    const { code, stderr } = await run('train', ...small, '--activation', 'prelu', '--out', 'out', '--save', 'model.json');
    expect(code).toBe(0);
    expect(stderr).toMatch(/^prelu\s+epoch 2: train loss/m);
    expect(stderr).not.toContain('\r');
    expect((await readdir(cwd)).filter((name) => name.startsWith('model.'))).toHaveLength(2);
  });

  it('keeps learnable activation parameters fixed with --no-learn-params', async () => {
    const savedNames = async (...flags: string[]): Promise<string[]> => {
      const { code, stderr } = await run('train', ...small, '--activation', 'prelu', '--param', 'alpha=0.1', '--out', 'out', '--save', 'model.json', ...flags);
      expect(stderr).not.toMatch(/error/);
      expect(code).toBe(0);
      const saved = JSON.parse(await readFile(join(cwd, 'model.json'), 'utf8')) as { parameters: { name: string }[] };
      return saved.parameters.map((parameter) => parameter.name);
    };
    const learned = await savedNames();
    expect(learned.filter((name) => name.endsWith('.alpha')).length).toBeGreaterThan(0);
    expect(await savedNames('--no-learn-params')).toEqual(learned.filter((name) => !name.endsWith('.alpha')));
  });

  it('runs both experiments', async () => {
    const dying = await run('experiment', 'dying-relu', ...small, '--out', 'dying');
    expect(dying.code).toBe(0);
    expect(dying.stdout).toMatch(/leaky_relu lr 0\.03/);
    expect(dying.stdout).toMatch(/L0 dead@end/);
    const depth = await run('experiment', 'depth', '--backend', 'reference', '--data', 'xor', '--rows', '200', '--depth', '6', '--width', '8', '--out', 'depth');
    expect(depth.code).toBe(0);
    expect(depth.stdout).toMatch(/layer\s+sigmoid\s+tanh\s+relu\s+selu/);
    expect(await readFile(join(cwd, 'depth', 'report.html'), 'utf8')).toContain('<svg');
  });

  it('reports bad input as a typed error with a non-zero exit code', async () => {
    const cases: [string[], RegExp][] = [
      [['train', ...small, '--batch-size', '0'], /\[INVALID_OPTION\].*batch size must be a positive integer, got 0/],
      [['train', ...small, '--lr', '-1'], /learning rate must be a finite number >= 0, got -1/],
      [['train', ...small, '--dropout', '1'], /rate must be in \[0, 1\), got 1/],
      [['train', ...small, '--activation', 'leaky_rlu'], /\[UNKNOWN_ACTIVATION\].*Did you mean "leaky_relu"/],
      [['train', ...small, '--init', 'he'], /Unknown initialiser "he"/],
      [['train', ...small, '--epohcs', '3'], /Unknown option --epohcs/],
      [['train', ...small, '--restore-best'], /--restore-best needs --early-stopping/],
      [['fly'], /Unknown command "fly"/],
    ];
    for (const [argv, message] of cases) {
      const { code, stderr } = await run(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
    }
  });

  it('restores the best epoch when asked to', async () => {
    const { code, stderr } = await run('train', ...small, '--epochs', '6', '--lr', '0.3', '--early-stopping', '6', '--restore-best', '--out', 'out');
    expect(stderr).not.toMatch(/error/i);
    expect(code).toBe(0);
    const metrics = JSON.parse(await readFile(join(cwd, 'out', 'metrics.json'), 'utf8')) as { runs: { result: { history: { testLoss: number }[]; restoredEpoch?: number; final: { testLoss: number } } }[] };
    const result = metrics.runs[0]?.result;
    const best = Math.min(...(result?.history.slice(1).map((record) => record.testLoss) ?? []));
    expect(result?.restoredEpoch).toBeLessThan(6);
    expect(result?.final.testLoss).toBe(best);
  });

  it('loads a CSV and names a bad row', async () => {
    await writeFile(join(cwd, 'bad.csv'), 'x,y,label\n1,2,0\n3,oops,1\n');
    const { code, stderr } = await run('train', '--backend', 'reference', '--data', 'csv:bad.csv');
    expect(code).toBe(2);
    expect(stderr).toMatch(/line 3 \(row 1\), column "y"/);
  });

  it('registers plugins from --plugin modules and trains with them', async () => {
    // Inside the package, so the module resolves @rectify/activation-core as a plugin package would.
    const directory = await mkdtemp(join(fileURLToPath(new URL('../..', import.meta.url)), '.plugin-'));
    try {
      const plugin = join(directory, 'half-relu.mjs');
      await writeFile(
        plugin,
        `import { defineActivation, definePlugin, max, mul, x } from '@rectify/activation-core';
export const halfRelu = definePlugin({ name: 'half', version: '1.0.0', namespace: 'half', activations: [
  defineActivation({ id: 'half/relu', specVersion: 1, params: {}, forward: () => mul(0.5, max(x, 0)), docs: { name: 'Half ReLU', latex: 'f(x)=max(x,0)/2', description: 'Half a ReLU.' } }),
] });
`,
      );
      const { code, stdout, stderr } = await run('compare', ...small, '--plugin', plugin, '--activations', 'relu,half/relu', '--out', 'out');
      expect(stderr).not.toMatch(/error/);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^half\/relu\s+\d+\.\d+%/m);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('prints help', async () => {
    expect((await run('--help')).stdout).toMatch(/experiment dying-relu/);
  });
});
