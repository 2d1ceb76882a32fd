import { writeFileAtomic } from '../persistence/atomic-write.js';
import type { ReportOptions } from '../report/html-report.js';
import { htmlReport } from '../report/html-report.js';
import { metricsCsv, metricsJson } from '../report/metrics-files.js';
import type { RunRecord } from '../report/run-record.js';
import { nodeFs, nodePath } from '../node-builtins.js';

/** Writes metrics.json, metrics.csv and report.html into `directory`; returns their paths. */
export async function writeOutputs(directory: string, cwd: string, runs: readonly RunRecord[], report: ReportOptions): Promise<string[]> {
  const { mkdir } = nodeFs();
  const { join, resolve } = nodePath();
  const target = resolve(cwd, directory);
  await mkdir(target, { recursive: true });
  const files: [string, string][] = [
    ['metrics.json', metricsJson(runs, report.settings)],
    ['metrics.csv', metricsCsv(runs)],
    ['report.html', htmlReport(runs, report)],
  ];
  for (const [name, content] of files) await writeFileAtomic(join(target, name), content);
  return files.map(([name]) => join(target, name));
}
