/**
 * The worker's program, passed as source text (`eval: true`) so it needs no file of its own and works
 * the same from TypeScript sources and from the built package. It instantiates kernel modules against
 * the shared memory and runs the calls it is sent, then raises a flag in shared memory.
 */
export const workerSource = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const memory = workerData.memory;
const kernels = new Map();
parentPort.on('message', (message) => {
  if (message.type === 'kernel') {
    const instance = new WebAssembly.Instance(message.module, { env: { memory } });
    kernels.set(message.id, instance.exports.kernel);
    return;
  }
  const flags = new Int32Array(memory.buffer, message.flagsPointer, 1);
  try {
    kernels.get(message.id)(...message.args);
    Atomics.store(flags, 0, 1);
  } catch (error) {
    Atomics.store(flags, 0, 2);
  }
  Atomics.notify(flags, 0);
});
`;
