// Prints how long `require(<extension.js>)` takes, in ms of wall and CPU time, with a stand-in for the `vscode` module
// (every name @types/vscode exports, each an object that accepts any use), as the extension host
// loads it before activate().
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const api = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
const names = [...api.matchAll(/^\s*export (?:class|enum|namespace|const|function|let) (\w+)/gm)].map((match) => match[1]);
const stub = () => new Proxy(function () {}, { get: (_t, key) => (key === Symbol.toPrimitive ? () => 0 : stub()), construct: () => stub(), apply: () => stub() });
const vscode = Object.fromEntries(names.map((name) => [name, stub()]));
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
// The extension host has long loaded Node's own modules (crypto, http, tls, …) when an extension
// activates; with --host-like they are loaded first, so only the extension's own code is timed.
if (process.argv.includes('--host-like')) {
  const source = readFileSync(process.argv[2], 'utf8');
  for (const [, name] of source.matchAll(/require\("(node:[\w/]+)"\)/g)) require(name);
}
const started = process.hrtime.bigint();
const cpu = process.cpuUsage();
require(process.argv[2]);
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (used.user + used.system) / 1000 }));
