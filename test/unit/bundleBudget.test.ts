// The extension bundle stays small: Azure sign-in (@azure/identity, MSAL), the public suffix list
// and the proxy agents live in files of their own that are required only when needed. This builds
// the bundles the way esbuild.mjs --production does and checks what went where.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { BuildOptions, Metafile } from 'esbuild';

const ROOT = resolve(__dirname, '..', '..', '..');
/**
 * Bytes of the minified extension.js, parsed at every activation: 320 KiB. What is in it is the
 * extension's own code and the HTTP client: 197 KB on the morning of 2026-12-01, 240 KB once the
 * Docker Hub source, ACR's metadata and locks, Azure discovery and Log in to Docker came, 272 KB with
 * the GitHub source and local OCI layouts with Push Image, 313 KiB with the image filesystem (its tar
 * reader and layer cache share the registry client, so they cannot be a file of their own). A library that only some users need belongs
 * in a file loaded on demand (esbuild.mjs); the ones that are there are checked by name below.
 */
const EXTENSION_BUDGET = 320 * 1024;
const ON_DEMAND_ONLY = [/node_modules\/@azure\/identity\//, /node_modules\/@azure\/msal-/, /node_modules\/tldts/, /node_modules\/https?-proxy-agent\//, /node_modules\/debug\//];

let dir: string;
const metafiles: Record<string, Metafile> = {};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crx-bundle-budget-'));
  const esbuild = await import('esbuild');
  const { bundleOptions } = await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href) as { bundleOptions(o: object): Record<string, BuildOptions> };
  for (const [name, options] of Object.entries(bundleOptions({ production: true }))) {
    const outputs = options.outfile ? { outfile: join(dir, `${name}.js`) } : { outdir: dir };
    const result = await esbuild.build({ ...options, ...outputs, absWorkingDir: ROOT, metafile: true, logLevel: 'error' });
    metafiles[name] = result.metafile;
  }
});
after(() => rm(dir, { recursive: true, force: true }));

function inputsOf(name: string): string[] {
  return Object.keys(metafiles[name].inputs);
}

test(`extension.js is at most ${EXTENSION_BUDGET} bytes minified and holds no Azure identity, MSAL, public suffix list or proxy agent`, async () => {
  const size = (await stat(join(dir, 'extension.js'))).size;
  assert.ok(size <= EXTENSION_BUDGET, `extension.js is ${size} bytes, over the budget of ${EXTENSION_BUDGET}`);
  for (const bundle of ['extension', 'cli']) {
    const bundled = inputsOf(bundle).filter((input) => ON_DEMAND_ONLY.some((pattern) => pattern.test(input)));
    assert.deepEqual(bundled, [], `${bundle} bundles code meant to load on demand`);
  }
  const text = await readFile(join(dir, 'extension.js'), 'utf8');
  assert.ok(!/msal/i.test(text), 'extension.js mentions MSAL');
});

test('extension.js requires vscode once, so its API object is not copied for every module that imports it', async () => {
  const text = await readFile(join(dir, 'extension.js'), 'utf8');
  assert.equal(text.match(/require\("vscode"\)/g)?.length, 1);
});

test('the on-demand files hold what they are for', () => {
  const chunkInputs = inputsOf('chunks');
  for (const pattern of [/node_modules\/@azure\/msal-node\//, /node_modules\/@azure\/identity\//, /node_modules\/tldts\//, /node_modules\/https-proxy-agent\//]) {
    assert.ok(chunkInputs.some((input) => pattern.test(input)), `no on-demand file holds ${pattern}`);
  }
});

test('no module of the project is bundled both into extension.js and into an on-demand file (two copies would split instanceof checks and caches)', () => {
  const ownModules = (name: string): string[] => inputsOf(name).filter((input) => input.startsWith('src/'));
  const inExtension = new Set(ownModules('extension'));
  for (const name of Object.keys(metafiles).filter((n) => n !== 'extension' && n !== 'cli')) {
    assert.deepEqual(ownModules(name).filter((input) => inExtension.has(input)), [], `${name} repeats modules of extension.js`);
  }
});

test('loading extension.js (with a stand-in for vscode) loads none of the on-demand files; each loads on its own', async () => {
  const probe = `
    const Module = require('node:module');
    const load = Module._load;
    const stub = () => new Proxy(function () {}, { get: (_t, key) => key === Symbol.toPrimitive ? () => 0 : stub(), construct: () => stub(), apply: () => stub() });
    const api = require('node:fs').readFileSync(process.argv[2], 'utf8');
    const names = [...api.matchAll(/^\\s*export (?:class|enum|namespace|const|function|let) (\\w+)/gm)].map((match) => match[1]);
    const vscode = Object.fromEntries(names.map((name) => [name, stub()]));
    Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
    const dir = process.argv[1];
    const extension = require(dir + '/extension.js');
    const loaded = Object.keys(require.cache).filter((path) => path.startsWith(dir) && !path.endsWith('/extension.js'));
    const { DefaultAzureCredential } = require(dir + '/azureIdentity.js');
    const { getDomain } = require(dir + '/publicSuffix.js');
    const { proxyAgentsFor } = require(dir + '/proxyAgents.js');
    console.log(JSON.stringify({
      activate: typeof extension.activate, loaded,
      credential: typeof new DefaultAzureCredential().getToken,
      domain: getDomain('auth.docker.io'),
      agents: Object.keys(proxyAgentsFor('http://127.0.0.1:3128', { rejectUnauthorized: true })).sort(),
    }));`;
  const vscodeApi = require.resolve('@types/vscode/index.d.ts', { paths: [ROOT] });
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', probe, dir, vscodeApi], { timeout: 60_000 });
  assert.deepEqual(JSON.parse(stdout), { activate: 'function', loaded: [], credential: 'function', domain: 'docker.io', agents: ['http', 'https'] });
});
