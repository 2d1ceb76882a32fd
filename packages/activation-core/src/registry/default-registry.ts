import { builtinActivations } from '../builtins/index.js';
import { createRegistry } from './registry.js';

/** A shared registry holding the built-ins, for convenience; libraries should create their own. */
export const defaultRegistry = /* @__PURE__ */ createRegistry({ activations: builtinActivations });
