/**
 * Prints the largest forward error in float32 ulps per activation on Dawn (OpenGL ES, Mesa):
 * `EGL_PLATFORM=surfaceless pnpm --filter @rectify/backend-webgpu exec tsx --conditions=@rectify/source bench/accuracy.ts`.
 */
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { measureForwardUlps } from '../src/testing/measure-accuracy.js';
import { testBackend } from '../src/testing/node-gpu.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const backend = await testBackend({ registry });
if (backend === undefined) process.exit(0);
console.log(JSON.stringify(await measureForwardUlps(backend, registry), null, 1));
backend.destroy();
