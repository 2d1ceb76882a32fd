/**
 * Microseconds per call of every benchmarked op at one small size (1,000 elements by default), ours
 * only, one thread, with the main benchmark's inputs, buffers and timing: a quick check of the
 * per-call cost, which the full run measures beside all the peers.
 *
 *   pnpm bench:small-calls [--size 1000]
 */
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { allOps, opLabel } from './cases.js';
import { createInputs, writeInputFiles } from './inputs.js';
import { fullMeasure, measureSync } from './measure.js';
import { createRectifyPeer } from './peers/rectify.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '1000' } } });
const size = Number(values.size);
if (!Number.isInteger(size) || size < 1) throw new Error(`--size takes a positive integer, got ${values.size}`);

const inputs = createInputs(size);
const inputFiles = await writeInputFiles(inputs);
const peer = createRectifyPeer();
try {
  const info = await peer.prepare({ threads: 1, ops: allOps, sizes: [size], inputs, inputFiles, measure: fullMeasure });
  console.log(`${info.description}; ${size} elements, median µs per call`);
  console.log('| op | µs per call |\n| --- | --- |');
  for (const op of allOps) {
    const runner = await peer.setup({ op, size, threads: 1, inputs });
    if (runner?.kind !== 'sync') continue;
    console.log(`| ${opLabel(op)} | ${(measureSync(runner, fullMeasure).secondsPerCall * 1e6).toFixed(2)} |`);
    await runner.dispose();
  }
} finally {
  await peer.close();
  await rm(inputFiles.x, { force: true });
  await rm(inputFiles.grad, { force: true });
}
