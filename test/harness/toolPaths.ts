// Where scripts/ensure-tools.sh put the pinned tools. The versions are read from
// scripts/tool-versions.sh so the shell scripts and the TypeScript harness cannot disagree.
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Repository root, from out/test/harness/ (compiled) or test/harness/ (source). */
const twoUp = resolve(__dirname, '..', '..');
export const repoRoot = basename(twoUp) === 'out' ? dirname(twoUp) : twoUp;

function pinnedVersion(name: string): string {
  const file = join(repoRoot, 'scripts', 'tool-versions.sh');
  const match = new RegExp(`^${name}='([^']+)'`, 'm').exec(readFileSync(file, 'utf8'));
  if (!match) throw new Error(`${file} does not define ${name}`);
  return match[1];
}

function toolsDir(): string {
  return process.env.CRX_TOOLS_DIR ?? join(repoRoot, '.tools');
}

/** The code-server wrapper (runs it under Node 24); `CRX_CODE_SERVER` overrides. */
export function codeServerExecutable(): string {
  return process.env.CRX_CODE_SERVER ?? join(toolsDir(), `code-server-${pinnedVersion('CODE_SERVER_VERSION')}`, 'bin', 'code-server');
}

/** Debian's chromium, which playwright-core drives; `CRX_CHROMIUM` overrides. */
export function chromiumExecutable(): string {
  return process.env.CRX_CHROMIUM ?? '/usr/bin/chromium';
}

/** The packaged extension built by `npm run package`. */
export const packagedVsixPath = join(repoRoot, 'dist-vsix', 'container-registry-explorer.vsix');

/** Screenshots and logs of UI runs (git-ignored). */
export const testResultsDir = join(repoRoot, 'test-results');
