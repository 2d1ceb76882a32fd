import { describe, it } from 'vitest';
import { builtinActivations, createReferenceBackend, createRegistry } from '../index.js';
import { describeConformance } from './index.js';

describeConformance({ describe, it }, { backend: createReferenceBackend(createRegistry({ activations: builtinActivations })) });
