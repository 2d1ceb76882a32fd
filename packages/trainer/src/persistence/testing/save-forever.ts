/**
 * Child process of the interrupted-save test: saves generation 0 of a large model to the path in
 * argv, then keeps saving further generations (different weights) to the same path until killed.
 * Prints `saving N` before and `saved N` after each save.
 */
import { builtinActivations, createReferenceTrainingBackend, createRegistry } from '@rectify/activation-core';
import { buildModel } from '../../model/build-model.js';
import { mlpSpec } from '../../model/model-spec.js';
import { saveModel } from '../save-model.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: save-forever.ts MODEL.json');
const backend = createReferenceTrainingBackend({ registry: createRegistry({ activations: builtinActivations }) });
// About 3.2 million parameters: 13 MB of weights, long enough to write that a kill lands mid-save.
const spec = mlpSpec({ inputs: 800, hidden: [1600, 1200], outputs: 10, activation: { id: 'relu' } });

for (let generation = 0; ; generation++) {
  const model = buildModel(backend, spec, { seed: generation });
  process.stdout.write(`saving ${generation}\n`);
  await saveModel(model, path, { generation });
  process.stdout.write(`saved ${generation}\n`);
  model.dispose();
}
