// Bundles the extension and the CLI. `--production` minifies; otherwise source maps are emitted.
// Code that only some users need is bundled into files of its own beside them (LAZY_CHUNKS) and
// required by its file name when first needed, so activating the extension or starting the CLI
// does not parse it: Azure sign-in without VS Code's (@azure/identity and MSAL), the public suffix
// list (a token service on another host) and the proxy agents (a proxy is set). Only self-contained
// code goes there: each file bundles its own copy of what it imports, so a module with error classes
// or shared state in two files would split `instanceof` checks and caches.
import * as esbuild from 'esbuild';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

export const LAZY_CHUNKS = ['src/registry/auth/azureIdentity.ts', 'src/registry/auth/publicSuffix.ts', 'src/registry/transport/proxyAgents.ts'];
const chunkNames = LAZY_CHUNKS.map((path) => basename(path, '.ts'));
const entryOf = (path) => ({ in: path, out: basename(path, '.ts') });

/**
 * Leaves `./<chunk>.js` to be required at run time from the bundle's own folder. The HTTP client
 * imports the proxy agent packages for a proxy policy that this project never uses (it builds its
 * own agents): those imports get classes that require the proxy chunk only when constructed.
 */
const lazyChunks = {
  name: 'lazy-chunks',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^\\./(${chunkNames.join('|')})\\.js$`) }, (args) => ({ path: args.path, external: true }));
    build.onResolve({ filter: /^https?-proxy-agent$/ }, (args) => ({ path: args.path, namespace: 'lazy-proxy-agent' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-proxy-agent' }, (args) => {
      const name = args.path === 'https-proxy-agent' ? 'HttpsProxyAgent' : 'HttpProxyAgent';
      return { contents: `export class ${name} { constructor(...args) { return new (require('./proxyAgents.js').${name})(...args); } }`, loader: 'js' };
    });
  },
};

/**
 * Every `import * as vscode from 'vscode'` would otherwise copy the whole API object once per
 * importing module (esbuild's namespace interop, 40 copies at activation); they all share one
 * namespace module instead, which copies it once.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-once'
      ? { path: 'vscode', external: true }
      : { path: 'vscode', namespace: 'vscode-once' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/** esbuild options for every file in dist/, keyed by what it is. */
export function bundleOptions({ production = false, sourcemap = !production } = {}) {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: production,
    sourcemap,
    sourcesContent: false,
    logLevel: 'warning',
    legalComments: 'none',
  };
  return {
    extension: { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [lazyChunks, vscodeOnce] },
    cli: { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [lazyChunks] },
    chunks: { ...common, entryPoints: LAZY_CHUNKS.map(entryOf), outdir: 'dist' },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const builds = Object.values(bundleOptions({ production: process.argv.includes('--production') }));
  if (process.argv.includes('--watch')) {
    for (const options of builds) await (await esbuild.context(options)).watch();
  } else {
    await Promise.all(builds.map((options) => esbuild.build(options)));
  }
}
