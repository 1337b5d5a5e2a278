// crx says what went wrong and what to do, in the same words as the extension, with its own flags
// as the advice; --verbose adds the transport's raw account (error codes) beside them.
import { after, before, test } from 'node:test';
import { closedPort } from '../harness/closedPort';
import assert from 'node:assert/strict';
import { buildCli, crx } from '../harness/crxProcess';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';

let plain: RunningRegistry;
let tls: RunningRegistry;

before(async () => {
  await buildCli();
  plain = await startRegistry();
  tls = await startRegistry({ tls: true });
});
after(async () => {
  await plain?.close();
  await tls?.close();
});

test('a refused port: "Nothing is listening", within 2 s, exit 1; --verbose adds ECONNREFUSED', async () => {
  const host = `127.0.0.1:${await closedPort()}`;
  const started = Date.now();
  const result = await crx(['catalog', host]);
  const ms = Date.now() - started;
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stderr, `crx catalog: Nothing is listening on ${host} — is the registry running?\n`);
  assert.ok(ms < 2_000, `crx took ${ms} ms`);
  const verbose = await crx(['catalog', host, '--verbose']);
  assert.match(verbose.stderr, new RegExp(`crx catalog: Nothing is listening on ${host} — is the registry running\\?\\n  \\(.*ECONNREFUSED`));
});

test('https:// to a plain-HTTP registry: "This server speaks plain HTTP: use http://…"', async () => {
  const result = await crx(['catalog', `https://${plain.host}`]);
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stderr, `crx catalog: This server speaks plain HTTP: use http://${plain.host}\n`);
});

test('a registry whose certificate is signed by an unknown CA: not trusted, use --ca-file; with it the listing works', async () => {
  const result = await crx(['catalog', `https://${tls.host}`]);
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stderr, `crx catalog: The TLS certificate of ${tls.host} is not trusted: trust its CA with --ca-file <pem>\n`);
  const trusted = await crx(['catalog', `https://${tls.host}`, '--ca-file', tls.caCertPath as string]);
  assert.equal(trusted.code, 0, trusted.stderr);
});

test('a refused sign-in says how to give credentials on the command line', async () => {
  const basic = await startRegistry({ auth: { kind: 'htpasswd', users: { alice: 'alice-pass' } } });
  try {
    const result = await crx(['catalog', basic.host, '--username', 'alice', '--password-stdin'], { input: 'Not-Alices-Pass' });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /rejected .*alice.*: give --username with --password-stdin, or sign in with docker login/);
    assert.doesNotMatch(result.stderr, /Not-Alices-Pass/);
  } finally {
    await basic.close();
  }
});
