// The destination side of `crx copy`: its own --dest-* credentials and trust, never the source's
// username or password; and the progress line, drawn only on a terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { parseArgs, UsageError } from '../../src/cli/args';
import { GLOBAL_FLAGS } from '../../src/cli/connect';
import { DESTINATION_FLAGS, destinationArgs, hasDestinationFlags } from '../../src/cli/destination';
import { progressLine } from '../../src/cli/progress';

const parse = (argv: string[]) => parseArgs(argv, { ...GLOBAL_FLAGS, ...DESTINATION_FLAGS });

test('the destination takes its own --dest-* options and shares only the Docker config, proxy, time limits and verbosity', () => {
  const args = parse([
    '--username', 'source-user', '--password-stdin', '--insecure', '--ca-file', 'src.pem', '--trust-realm', 'auth.src.example',
    '--dest-ca-file', 'dst.pem', '--dest-docker-config', 'dst.json', '--proxy', 'http://proxy:3128', '--timeout', '5', '-v',
  ]);
  assert.ok(hasDestinationFlags(args));
  const destination = destinationArgs(args);
  assert.deepEqual(Object.fromEntries(destination.flags), {
    'ca-file': ['dst.pem'], 'docker-config': ['dst.json'], proxy: ['http://proxy:3128'], timeout: ['5'], verbose: ['true'],
  });
});

test('without --dest-* options the destination gets no credentials but the Docker config', () => {
  const args = parse(['--username', 'u', '--password-stdin', '--docker-config', 'shared.json']);
  assert.equal(hasDestinationFlags(args), false);
  assert.deepEqual(Object.fromEntries(destinationArgs(args).flags), { 'docker-config': ['shared.json'] });
});

test('only one side may read its password from standard input', () => {
  assert.throws(() => destinationArgs(parse(['--password-stdin', '--dest-password-stdin'])), UsageError);
});

test('progress is drawn on a terminal only, and ends its line', () => {
  const terminal = Object.assign(new PassThrough(), { isTTY: true });
  const line = progressLine(terminal, 'copying');
  line.update({ transferred: 0, total: 2_000_000 });
  line.update({ transferred: 2_000_000, total: 2_000_000 });
  line.done();
  const text = terminal.read()?.toString() ?? '';
  assert.match(text, /copying 0 B of 2\.00 MB \(0%\)/);
  assert.match(text, /copying 2\.00 MB of 2\.00 MB \(100%\)\n$/);
  const pipe = new PassThrough();
  const quiet = progressLine(pipe, 'copying');
  quiet.update({ transferred: 1, total: 2 });
  quiet.done();
  assert.equal(pipe.read(), null);
});
