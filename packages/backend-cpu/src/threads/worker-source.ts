import { controlBlockInts, controlSlot, spinMilliseconds } from './control-block.js';

/**
 * The worker's program, passed as source text (`eval: true`) so it needs no file of its own and works
 * the same from TypeScript sources and from the built package. It waits on its control block in
 * shared memory (polling for a moment after each call, then sleeping), instantiates kernel modules
 * taken synchronously from its message port, runs the requested call and reports it done.
 */
export const workerSource = String.raw`
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { memory, control, index, port } = workerData;
const slot = ${JSON.stringify(controlSlot)};
const block = new Int32Array(control, index * ${controlBlockInts * 4}, ${controlBlockInts});
const kernels = new Map();
let seen = 0;
for (;;) {
  let request = Atomics.load(block, slot.request);
  const pollUntil = performance.now() + ${spinMilliseconds};
  while (request === seen && performance.now() < pollUntil) request = Atomics.load(block, slot.request);
  while (request === seen) {
    Atomics.wait(block, slot.request, seen, 100);
    request = Atomics.load(block, slot.request);
  }
  if (request < 0) break;
  seen = request;
  if (Atomics.exchange(block, slot.modulesPending, 0) !== 0) {
    for (let entry = receiveMessageOnPort(port); entry !== undefined; entry = receiveMessageOnPort(port)) {
      const instance = new WebAssembly.Instance(entry.message.module, { env: { memory } });
      kernels.set(entry.message.id, instance.exports.kernel);
    }
  }
  let status = 1;
  try {
    const args = Array.from(block.subarray(slot.args, slot.args + block[slot.argCount]));
    kernels.get(block[slot.kernel])(...args);
  } catch (error) {
    status = 2;
  }
  Atomics.store(block, slot.status, status);
  Atomics.store(block, slot.done, seen);
  Atomics.notify(block, slot.done);
}
port.close();
`;
