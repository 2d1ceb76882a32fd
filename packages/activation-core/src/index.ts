export { RectifyError, isRectifyError } from './errors.js';
export type { RectifyErrorCode } from './errors.js';

export * from './ir/builders.js';
export type { NumNode, BoolNode, Node, UnaryOp, BinaryOp, CompareOp } from './ir/nodes.js';
export { primitiveNames, unaryOps, binaryOps, compareOps, childrenOf, mapOperands } from './ir/nodes.js';
export { simplify } from './ir/simplify.js';
export type { SimplifyOptions } from './ir/simplify.js';
export { differentiate } from './ir/differentiate.js';
export type { DiffVariable } from './ir/differentiate.js';
export { printExpr } from './ir/print.js';
export { parseExpr } from './ir/parse.js';
export { Interner } from './ir/interner.js';
export { findKinks } from './ir/kinks.js';

export { defineActivation } from './definition/define-activation.js';
export type { ActivationSpec } from './definition/define-activation.js';
export { currentSpecVersion } from './definition/definition.js';
export type { ActivationDefinition, ParamRefs, ParamValuesOf } from './definition/definition.js';
export type { ActivationDocs, LibraryAlias } from './definition/docs.js';
export type { ParamSpec, ParamSpecs, ParamValue, ParamValues } from './definition/param-spec.js';
export { describeRange } from './definition/param-spec.js';
export { definitionFromJSON, definitionToJSON } from './definition/json.js';
export type { ActivationDefinitionJSON } from './definition/json.js';
export { resolveParams, channelLayout } from './definition/resolve-params.js';
export type { ResolvedParam, ResolvedParams, ChannelLayout } from './definition/resolve-params.js';
export { isActivationId, namespaceOf } from './definition/identifiers.js';

export { analyze, containsOp } from './analysis/analyze.js';
export type { ActivationAnalysis } from './analysis/analyze.js';

export {
  referenceForward,
  referenceDerivative,
  referenceParamDerivative,
  referenceBackward,
  referenceAt,
  referenceDerivativeAt,
} from './reference/evaluate.js';
export type { ReferenceOptions, ReferenceBackwardResult } from './reference/evaluate.js';
export { createReferenceBackend } from './reference/reference-backend.js';
export { evaluateExpression } from './reference/evaluate-expression.js';
export type { EvaluationEnvironment } from './reference/evaluate-expression.js';
export { erf as erfFloat64, erfc as erfcFloat64 } from './math/erf.js';
export { mix32, seedKey, uniformAt } from './math/counter-random.js';
export { float32Math } from './math/float32-math-constants.js';

export { createRegistry } from './registry/registry.js';
export type { Registry, RegistryEvent, RegistryListener, RegisterOptions, CreateRegistryOptions } from './registry/registry.js';
export { definePlugin } from './registry/plugin.js';
export type { Plugin, PluginSpec } from './registry/plugin.js';
export { closestMatches } from './registry/suggest.js';
export { defaultRegistry } from './registry/default-registry.js';

export type { Backend, BackwardOptions, BackwardResult, ForwardOptions, ParamsArg, ActivationId } from './backend/types.js';
export { checkForwardCall, checkBackwardCall, checkParamGradients } from './backend/validate-call.js';
export type {
  ActivationBackwardResult,
  ActivationCall,
  DenseForwardResult,
  DeviceTensor,
  DropoutResult,
  LossResult,
  MatmulOptions,
  OptimizerHyperparameters,
  OptimizerKind,
  TrainingBackend,
} from './backend/training-ops.js';
export {
  checkClipRange,
  checkDenseShapes,
  checkDropoutRate,
  checkFiniteNumber,
  checkLabels,
  checkMatmulShapes,
  checkMatrix,
  checkRowIndices,
  checkSameShape,
  checkSeed,
  checkShape,
  checkSoftmaxCrossEntropyShapes,
  dropoutScale,
  dropoutThreshold,
  optimizerFactors,
  optimizerStateCount,
  resolveOptimizer,
} from './backend/validate-training-call.js';
export type { OptimizerFactors, ResolvedOptimizer } from './backend/validate-training-call.js';
export { createReferenceTrainingBackend, ReferenceTensor } from './reference/reference-training-backend.js';
export type { ReferenceTrainingBackend, ReferenceTrainingBackendOptions } from './reference/reference-training-backend.js';

export { builtinActivations } from './builtins/index.js';
export {
  relu,
  leakyRelu,
  prelu,
  rrelu,
  elu,
  selu,
  celu,
  relu6,
  hardtanh,
  threshold,
  identity,
  sigmoid as sigmoidActivation,
  tanh as tanhActivation,
} from './builtins/index.js';

import type { ParamValuesOf } from './definition/definition.js';
import type { celu, elu, hardtanh, identity, leakyRelu, prelu, relu, relu6, rrelu, selu, sigmoid, tanh, threshold } from './builtins/index.js';

/**
 * Activation ids known at compile time, with the parameters each accepts. Plugins add theirs by
 * module augmentation:
 * `declare module '@rectify/activation-core' { interface ActivationMap { 'acme/bent': ParamValuesOf<typeof bent> } }`.
 */
export interface ActivationMap {
  relu: ParamValuesOf<typeof relu>;
  leaky_relu: ParamValuesOf<typeof leakyRelu>;
  prelu: ParamValuesOf<typeof prelu>;
  rrelu: ParamValuesOf<typeof rrelu>;
  elu: ParamValuesOf<typeof elu>;
  selu: ParamValuesOf<typeof selu>;
  celu: ParamValuesOf<typeof celu>;
  relu6: ParamValuesOf<typeof relu6>;
  hardtanh: ParamValuesOf<typeof hardtanh>;
  threshold: ParamValuesOf<typeof threshold>;
  identity: ParamValuesOf<typeof identity>;
  sigmoid: ParamValuesOf<typeof sigmoid>;
  tanh: ParamValuesOf<typeof tanh>;
}

// Lowering toolkit shared by backends: which values to hoist, which branches a call decides, and
// the float64 values of hoisted expressions rounded to float32.
export { prepareKernel } from './lowering/prepare-kernel.js';
export type { BackwardVariant, KernelKind, PreparedKernel } from './lowering/prepare-kernel.js';
export { planHoisting } from './lowering/hoist.js';
export type { HoistPlan, HoistedValue, Variation } from './lowering/hoist.js';
export { specializeSelects } from './lowering/specialize.js';
export type { Specialized } from './lowering/specialize.js';
export { layoutSlots } from './lowering/slot-layout.js';
export type { SlotLayout } from './lowering/slot-layout.js';
export { slotValues, slotValuesLength, writeSlotValues, literalValue } from './lowering/slot-values.js';
export { callSignature } from './lowering/call-signature.js';
export { inputScale, isOneHalf, minusSquareScale } from './lowering/input-scale.js';
export { cubicCoefficients, isBoundedCubic } from './lowering/cubic-coefficients.js';
export { negatedSigmoidPairs } from './lowering/sigmoid-pairs.js';
