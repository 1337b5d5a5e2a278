// Mocha runner loaded by VS Code's extension host (extensionTestsPath). It runs every compiled
// out/test/extension/**/*.test.js with the `tdd` interface (suite/test/setup/teardown) and prints
// `N passed, N failed` as its last line. When CRX_TEST_RESULTS_FILE is set (by the launcher),
// the counts are also written there as JSON, because the launcher prints the tier's closing line.
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Mocha from 'mocha';

export interface SuiteCounts {
  passed: number;
  failed: number;
  pending: number;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.CRX_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of testFiles(__dirname)) mocha.addFile(file);
  await mocha.loadFilesAsync();

  const counts = await new Promise<SuiteCounts>((resolve) => {
    const runner = mocha.run(() => resolve({
      passed: runner.stats?.passes ?? 0,
      failed: runner.stats?.failures ?? 0,
      pending: runner.stats?.pending ?? 0,
    }));
  });
  const resultsFile = process.env.CRX_TEST_RESULTS_FILE;
  if (resultsFile) await writeFile(resultsFile, JSON.stringify(counts));
  const skipped = counts.pending ? `, ${counts.pending} skipped` : '';
  console.log(`${counts.passed} passed, ${counts.failed} failed${skipped}`);
  if (counts.failed > 0) throw new Error(`${counts.failed} extension test(s) failed`);
  if (counts.passed === 0) throw new Error('no extension test ran');
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => join(dir, name));
}
