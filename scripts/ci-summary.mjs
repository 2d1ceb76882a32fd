// Prints CI's closing line "N passed, N failed[, N skipped]" from vitest's JSON reports, summed, and
// exits non-zero when anything failed, including steps before the tests (install, typecheck, lint).
// Usage: node scripts/ci-summary.mjs STATUS REPORT... (STATUS: the steps' exit status, 0 when all passed).
import { existsSync, readFileSync } from 'node:fs';

const [statusText, ...reportPaths] = process.argv.slice(2);
const status = Number(statusText ?? '1');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const reportPath of reportPaths) {
  if (!existsSync(reportPath)) continue;
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A suite that failed to load has no tests but is still a failure.
  failed += (report.testResults ?? []).filter((file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0).length;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || status !== 0 ? 1 : 0);
