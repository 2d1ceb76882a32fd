/**
 * The WebGPU benchmark in Debian's headless Chromium (`--enable-unsafe-webgpu`: SwiftShader here):
 * bundles chromium-page.ts, runs it and prints the same table as `bench`.
 * `pnpm --filter @rectify/backend-webgpu bench:chromium`
 */
import { fileURLToPath } from 'node:url';
import { bundlePageScript, runPageScript } from '../../../test-support/chromium-page.js';
import type { ChromiumBenchResult } from './chromium-page.js';
import { formatRow, tableHeader } from './measure-kernels.js';

const script = await bundlePageScript(fileURLToPath(new URL('./chromium-page.ts', import.meta.url)));
const result = await runPageScript<ChromiumBenchResult>(script, { resultName: 'rectifyBench', webgpu: true, timeoutMs: 600_000 });
if ('skipped' in result) {
  console.log(`not measured: ${result.skipped}`);
  process.exit(process.env['CI'] === 'true' ? 1 : 0);
}
if (result.error !== undefined) throw new Error(`the benchmark page failed: ${result.error}`);
console.log(`Chromium, adapter: ${result.adapter}; peer: ${result.peer}`);
console.log(tableHeader);
for (const row of result.rows) console.log(formatRow(row));
console.log(`timing: ${result.timing}`);
