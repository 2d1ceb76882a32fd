/**
 * Benchmark of @rectify/backend-cpu against the copy ceiling, TensorFlow.js (cpu and wasm),
 * onnxruntime-node and PyTorch, on the same seeded random-normal inputs.
 *
 *   pnpm bench [--quick] [--ops relu,elu] [--threads 1,2] [--json out.json]
 */
import { rm, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { Case, OpSpec } from './cases.js';
import { allOps, bytesPerElement, fullSizes, opLabel, quickSizes } from './cases.js';
import { createInputs, writeInputFiles } from './inputs.js';
import type { MeasureOptions } from './measure.js';
import { fullMeasure, measureAsync, measureSync, quickMeasure } from './measure.js';
import { copyPeer } from './peers/copy.js';
import { onnxruntimePeer } from './peers/onnxruntime.js';
import type { Peer, Plan, Runner } from './peers/peer.js';
import { createPytorchPeer } from './peers/pytorch.js';
import { createRectifyPeer } from './peers/rectify.js';
import { createTfjsPeer } from './peers/tfjs.js';
import type { Row } from './report.js';
import { ceilingName, latencyTable, legend, oursName, throughputTable } from './report.js';

interface Options {
  readonly quick: boolean;
  readonly ops: readonly OpSpec[];
  readonly threads: readonly number[];
  readonly json: string | undefined;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      ops: { type: 'string' },
      threads: { type: 'string', default: '1,2' },
      json: { type: 'string' },
    },
  });
  const wanted = values.ops?.split(',').map((id) => id.trim());
  const known = new Set(allOps.map((op) => op.id));
  const unknown = wanted?.filter((id) => !known.has(id)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown op(s) ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  const threads = values.threads.split(',').map(Number);
  if (threads.some((t) => !Number.isInteger(t) || t < 1)) throw new Error(`--threads takes positive integers, got ${values.threads}`);
  return {
    quick: values.quick,
    ops: wanted === undefined ? allOps : allOps.filter((op) => wanted.includes(op.id)),
    threads,
    json: values.json,
  };
}

async function time(runner: Runner, options: MeasureOptions): Promise<number> {
  switch (runner.kind) {
    case 'measured':
      return runner.secondsPerCall;
    case 'sync':
      return measureSync(runner, options).secondsPerCall;
    case 'async':
      return (await measureAsync(runner, options)).secondsPerCall;
  }
}

async function measureCase(peer: Peer, c: Case, measure: MeasureOptions): Promise<Row | undefined> {
  const runner = await peer.setup(c);
  if (runner === undefined) return undefined;
  try {
    const secondsPerCall = await time(runner, measure);
    return {
      threads: c.threads,
      op: opLabel(c.op),
      direction: c.op.direction,
      size: c.size,
      peer: peer.name,
      secondsPerCall,
      gbPerSecond: (c.size * (peer.name === ceilingName ? 8 : bytesPerElement(c.op.direction))) / secondsPerCall / 1e9,
      ...(runner.note === undefined ? {} : { note: runner.note }),
    };
  } finally {
    if (runner.kind !== 'measured') await runner.dispose();
  }
}

async function main(): Promise<void> {
  const options = parseOptions();
  const sizes = options.quick ? quickSizes : fullSizes;
  const measure = options.quick ? quickMeasure : fullMeasure;
  const inputs = createInputs(Math.max(...sizes));
  const inputFiles = await writeInputFiles(inputs);
  // The PyTorch peer goes first: it measures each op in its own process during prepareOp().
  const peers: readonly Peer[] = [createPytorchPeer(), copyPeer, createRectifyPeer(), createTfjsPeer('cpu'), createTfjsPeer('wasm'), onnxruntimePeer];
  const comparedPeers = ['tfjs-cpu', 'tfjs-wasm', 'ort', 'torch'];
  const rows: Row[] = [];

  console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores; ${options.quick ? 'quick' : 'full'} run`);
  console.log(`inputs: random normal (seeded), sizes ${sizes.join(', ')}; median of repeated samples (~${measure.targetSeconds}s each)`);
  try {
    for (const threads of options.threads) {
      const plan: Plan = { threads, ops: options.ops, sizes, inputs, inputFiles, measure };
      console.log(`\n== threads ${threads} ==`);
      const available: Peer[] = [];
      for (const peer of peers) {
        const info = await peer.prepare(plan);
        console.log(`  ${peer.name}: ${info.description}`);
        if (info.available) available.push(peer);
      }
      const section: Row[] = [];
      for (const op of options.ops) {
        for (const peer of available) await peer.prepareOp?.(plan, op);
        for (const size of sizes) {
          process.stderr.write(`  measuring ${opLabel(op)} at ${size}...\n`);
          for (const peer of available) {
            const row = await measureCase(peer, { op, size, threads, inputs }, measure);
            if (row !== undefined) section.push(row);
          }
        }
      }
      for (const peer of peers) await peer.close();
      rows.push(...section);
      console.log(`\nthroughput, threads ${threads} (tfjs-cpu and tfjs-wasm are single-threaded)`);
      console.log(throughputTable(section, comparedPeers));
      if (sizes.includes(1_000)) {
        console.log(`\nµs per call at 1,000 elements, threads ${threads}`);
        console.log(latencyTable(section, 1_000, comparedPeers));
      }
      console.log(legend);
      if (!section.some((row) => row.peer === oursName)) console.log('(no rows for ours: rectify: not built yet)');
    }
  } finally {
    await rm(inputFiles.x, { force: true });
    await rm(inputFiles.grad, { force: true });
  }
  if (options.json !== undefined) {
    await writeFile(options.json, `${JSON.stringify(rows, null, 2)}\n`);
    console.log(`wrote ${rows.length} rows to ${options.json}`);
  }
}

await main();
