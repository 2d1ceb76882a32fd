import { celu } from './celu.js';
import { elu } from './elu.js';
import { hardtanh } from './hardtanh.js';
import { identity } from './identity.js';
import { leakyRelu } from './leaky-relu.js';
import { prelu } from './prelu.js';
import { relu } from './relu.js';
import { relu6 } from './relu6.js';
import { rrelu } from './rrelu.js';
import { selu } from './selu.js';
import { sigmoid } from './sigmoid.js';
import { tanh } from './tanh.js';
import { threshold } from './threshold.js';

export { celu, elu, hardtanh, identity, leakyRelu, prelu, relu, relu6, rrelu, selu, sigmoid, tanh, threshold };

/** Every built-in, to pass to `createRegistry({ activations: builtinActivations })`. */
export const builtinActivations = [relu, leakyRelu, prelu, rrelu, elu, selu, celu, relu6, hardtanh, threshold, identity, sigmoid, tanh] as const;
