// The shipped bundles are minified without keepNames: error classes must be told apart by instanceof
// and name themselves with literals. This bundles the error code the way esbuild.mjs --production does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '..', '..', '..');
let dir: string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let bundle: any;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crx-bundle-names-'));
  const esbuild = await import('esbuild');
  const outfile = join(dir, 'bundle.js');
  await esbuild.build({
    stdin: {
      contents: [
        "export * as errors from './src/registry/errors';",
        "export { isCancellation } from './src/ui/errors';",
        "export { probeAcr } from './src/registry/operations/acr';",
        "export { RegistryClient } from './src/registry/client';",
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, logLevel: 'warning', outfile,
  });
  bundle = ((await import(pathToFileURL(outfile).href)) as { default: unknown }).default;
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('every error class keeps its name in a minified bundle', () => {
  const classes = Object.entries(bundle.errors as Record<string, unknown>).filter(([, value]) => typeof value === 'function' && (value as { prototype: unknown }).prototype instanceof Error);
  assert.ok(classes.length >= 10, `found ${classes.length} error classes`);
  for (const [name, ErrorClass] of classes) assert.equal(new (ErrorClass as new (m: string) => Error)('m').name, name);
});

test('cancellations are recognised in a minified bundle', async () => {
  assert.equal(bundle.isCancellation(new bundle.errors.AbortedError()), true);
  assert.equal(bundle.isCancellation(new bundle.errors.NotFoundError('x')), false);
  const client = new bundle.RegistryClient({ host: '127.0.0.1:9', auth: { kind: 'anonymous' } });
  const aborted = AbortSignal.abort();
  await assert.rejects(bundle.probeAcr({ transport: client.transport }, aborted), (error: unknown) => error instanceof bundle.errors.AbortedError);
});
