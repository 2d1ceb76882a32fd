export type { Dataset, DatasetSplit } from './data/dataset.js';
export { validateDataset, selectRows } from './data/dataset.js';
export { splitDataset } from './data/split.js';
export type { SplitOptions } from './data/split.js';
export { loadMnist, loadMnistDigits, mnistPixels } from './data/mnist.js';
export type { MnistOptions } from './data/mnist.js';
export { syntheticDataset, syntheticKinds } from './data/synthetic.js';
export type { SyntheticKind, SyntheticOptions } from './data/synthetic.js';
export { parseCsv } from './data/csv.js';
export type { CsvOptions } from './data/csv.js';

export { SeededRandom } from './random/seeded-random.js';
export { activationGain, leakyGain, secondMomentUnderNormal } from './init/activation-gain.js';
export { initializeWeights, initializerNames, parseInitializerName } from './init/initializers.js';
export type { FanMode, InitializedWeights, InitializerName, InitializerSpec, WeightShape } from './init/initializers.js';
export { orthogonalMatrix } from './init/orthogonal.js';

export type { Layer, LayerContext, LayerGradients, LayerPass, LayerSpecJSON, ParameterRole, TrainableParameter } from './model/layer.js';
export type { ActivationLayerSpec } from './model/activation-binding.js';
export type { DenseLayerSpec } from './model/dense-layer.js';
export type { DropoutLayerSpec } from './model/dropout-layer.js';
export type { LayerSpec, ModelSpec } from './model/model-spec.js';
export { mlpSpec } from './model/model-spec.js';
export { buildModel, validateModelSpec } from './model/build-model.js';
export type { BuildModelOptions } from './model/build-model.js';
export { SequentialModel } from './model/sequential-model.js';
export type { ModelPass } from './model/sequential-model.js';

export { train, checkTrainingInputs } from './training/train.js';
export type { EarlyStoppingSpec, EpochRecord, StepProgress, TrainingResult, TrainOptions } from './training/train-options.js';
export { evaluateModel } from './training/evaluate.js';
export type { DeviceDataset, Evaluation } from './training/evaluate.js';
export { checkLossKind, computeLoss, lossKinds, oneHot } from './training/loss.js';
export type { LossKind, LossTargets } from './training/loss.js';
export { Optimizer, checkOptimizerKind, optimizerKinds } from './training/optimizer.js';
export type { OptimizerSpec, RegularizationSpec } from './training/optimizer.js';
export { createSchedule, scheduleKinds, checkLearningRate } from './training/schedule.js';
export type { LearningRateSchedule, ScheduleContext, ScheduleKind, ScheduleSpec } from './training/schedule.js';

export { diagnoseModel } from './diagnostics/diagnose-model.js';
export type { LayerDiagnostics, ModelDiagnostics } from './diagnostics/diagnose-model.js';
export { histogram } from './diagnostics/histogram.js';
export type { Histogram } from './diagnostics/histogram.js';
export { deadSplit, unitStatistics } from './diagnostics/unit-statistics.js';
export type { UnitStatistics } from './diagnostics/unit-statistics.js';

export { saveModel } from './persistence/save-model.js';
export { loadModel, parseModelFile } from './persistence/load-model.js';
export type { LoadedModel, LoadModelOptions } from './persistence/load-model.js';
export { modelFileFormat, modelFileVersion } from './persistence/model-file.js';
export type { ModelFileJSON, SavedParameter } from './persistence/model-file.js';
export { writeFileAtomic } from './persistence/atomic-write.js';

export { htmlReport } from './report/html-report.js';
export type { ReportOptions } from './report/html-report.js';
export { depthReport } from './report/depth-report.js';
export type { DepthProfile } from './report/depth-report.js';
export { metricsCsv, metricsJson } from './report/metrics-files.js';
export type { RunRecord } from './report/run-record.js';
export { lineChart } from './report/svg-line-chart.js';
export type { LineChartOptions, Series } from './report/svg-line-chart.js';
export { histogramChart } from './report/svg-histogram.js';

export { runCli, main } from './cli/main.js';
export { helpText } from './cli/help-text.js';
export type { CliIo } from './cli/cli-io.js';
export { openTrainingBackend, isTrainingBackend, backendChoices } from './cli/training-backend.js';
export type { BackendChoice, OpenedBackend } from './cli/training-backend.js';
export { resolveActivationId, loadPluginModule } from './cli/resolve-activation.js';
