export { describeConformance, ConformanceError } from './conformance.js';
export type { ConformanceOptions, TestApi, Tolerance } from './conformance.js';
export { checkDerivatives } from './derivative-check.js';
export type { DerivativeCheck, DerivativeReport } from './derivative-check.js';
export { isExactInFloat32 } from './exactness.js';
export { ulpDistance } from '../math/ulp.js';
export { specialInputs, normalSamples, seededRandom, aroundKinks } from './inputs.js';
