// Prints one line per jest JSON report: which suites ran on that engine and how many tests passed,
// failed and were skipped (with the skip reasons jest reports as pending). Used by .ci/run.
import fs from 'node:fs';
import path from 'node:path';

interface JestReport {
  numPassedTestSuites: number;
  numTotalTestSuites: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: { name: string }[];
}

for (const file of process.argv.slice(2)) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as JestReport;
  const name = path.basename(file, '.json');
  const suites = report.testResults.map((r) => path.relative(process.cwd(), r.name)).sort();
  console.log(
    `${name.padEnd(22)} suites ${report.numPassedTestSuites}/${report.numTotalTestSuites} passed · ` +
      `tests ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`,
  );
  if (suites.length <= 6) console.log(`${''.padEnd(22)} ${suites.join(', ')}`);
}
