/** The copy ceiling: TypedArray.prototype.set into a preallocated Float32Array (reads n, writes n floats). */
import type { Peer } from './peer.js';
import { caseInput } from './peer.js';

export const copyPeer: Peer = {
  name: 'ceiling',
  prepare: () => Promise.resolve({ available: true, description: 'Float32Array.prototype.set into a preallocated array' }),
  setup: (c) => {
    const source = caseInput(c);
    const target = new Float32Array(c.size);
    return Promise.resolve({
      kind: 'sync',
      run: () => {
        target.set(source);
      },
      dispose: () => undefined,
    });
  },
  close: () => Promise.resolve(),
};
