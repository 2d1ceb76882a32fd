/**
 * TensorFlow.js 4.22 layers (`tf.sequential`, Adam, sparse categorical cross-entropy) on its
 * JavaScript CPU backend and its WebAssembly backend. Epoch times come from the fit callbacks.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { DatasetSplit } from '@rectify/trainer';
import type { BenchPlan, BenchResult } from './bench-result.js';

export async function benchTfjs(backendName: 'cpu' | 'wasm', data: DatasetSplit, plan: BenchPlan): Promise<BenchResult> {
  tf.env().set('PROD', true);
  if (backendName === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'))}${path.sep}`);
  }
  if (!(await tf.setBackend(backendName))) throw new Error(`tfjs ${backendName} backend failed to initialise`);
  await tf.ready();
  const { train, test } = data;
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu', kernelInitializer: 'heNormal' }),
      tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(plan.learningRate), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const x = tf.tensor2d(train.inputs, [train.rows, 784]);
  const y = tf.tensor1d(train.labels);
  const rates: number[] = [];
  let started = 0;
  await model.fit(x, y, {
    epochs: plan.epochs,
    batchSize: plan.batchSize,
    shuffle: true,
    callbacks: {
      onEpochBegin: () => {
        started = performance.now();
      },
      onEpochEnd: () => {
        rates.push(train.rows / ((performance.now() - started) / 1000));
      },
    },
  });
  const testX = tf.tensor2d(test.inputs, [test.rows, 784]);
  const predicted = tf.tidy(() => (model.predict(testX) as tf.Tensor).argMax(1));
  const values = await predicted.data();
  let correct = 0;
  values.forEach((value, index) => {
    if (value === test.labels[index]) correct += 1;
  });
  tf.dispose([x, y, testX, predicted]);
  model.dispose();
  return { peer: `tfjs-${backendName}`, threads: 1, samplesPerSecond: rates, testAccuracy: correct / test.rows };
}
