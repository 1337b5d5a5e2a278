// How token requests travel, against a real docker-registry in token mode: a token request shared by
// concurrent operations belongs to none of them, and token requests go through the transport's
// logging and retry policies like any other request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../src/registry/client';
import { AbortedError, TooLargeError } from '../../src/registry/errors';
import type { AuthConfig } from '../../src/registry/types';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { startTokenServer, type RunningTokenServer, type TokenServerOptions } from '../harness/tokenServer';
import { buildImage } from '../harness/fixtures';

const PASSWORD = 'token-fetch-Secret-7';
const alice: AuthConfig = { kind: 'basic', username: 'alice', password: PASSWORD };

async function withTokenRegistry(options: TokenServerOptions, body: (registry: RunningRegistry, tokens: RunningTokenServer) => Promise<void>): Promise<void> {
  const tokens = await startTokenServer({ users: { alice: PASSWORD }, ...options });
  const registry = await startRegistry({ auth: { kind: 'token', realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certPath } });
  try {
    await body(registry, tokens);
  } finally {
    await registry.close();
    await tokens.close();
  }
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('cancelling one of two downloads that share a token request leaves the other to complete', async () => {
  await withTokenRegistry({ delayMs: 600 }, async (registry, tokens) => {
    const layer = buildImage({ label: 'shared-token', paddingBytes: 200_000 }).layers[0];
    await new RegistryClient({ host: registry.host, auth: alice }).uploadBlob('shared/app', layer.bytes);
    const work = await mkdtemp(join(tmpdir(), 'crx-token-fetch-'));
    try {
      const lines: string[] = [];
      const client = new RegistryClient({ host: registry.host, auth: alice }, { log: (_level, _component, message) => lines.push(message) });
      const tokenAsks = (): number => lines.filter((line) => line.includes('asks for a bearer token')).length;
      const before = tokens.requests.length;
      const cancelled = new AbortController();
      const first = client.downloadBlob('shared/app', layer, join(work, 'first.tgz'), { signal: cancelled.signal });
      await waitFor(() => tokenAsks() === 1, 'the first download to ask for a token');
      const second = client.downloadBlob('shared/app', layer, join(work, 'second.tgz'), { signal: new AbortController().signal });
      await waitFor(() => tokenAsks() === 2, 'the second download to join the token request');
      cancelled.abort();
      await assert.rejects(first, AbortedError);
      await second;
      assert.ok((await readFile(join(work, 'second.tgz'))).equals(layer.bytes));
      assert.equal(tokens.requests.length - before, 1, 'both downloads waited for one token request');
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});

test('a token service that answers 429 with Retry-After once is asked again, and the request is logged', async () => {
  await withTokenRegistry({ throttleFirst: 1 }, async (registry, tokens) => {
    const lines: string[] = [];
    const client = new RegistryClient({ host: registry.host, auth: alice }, { log: (level, component, message) => lines.push(`${level} ${component} ${message}`) });
    await client.ping();
    assert.deepEqual(tokens.requests.map((r) => r.status), [429, 200]);
    assert.ok(tokens.requests[1].receivedAt - tokens.requests[0].receivedAt >= 900, 'Retry-After: 1 was honoured');
    const tokenLines = lines.filter((line) => line.includes(`${tokens.url}/token`));
    assert.ok(tokenLines.some((line) => /^debug http GET .* -> 200/.test(line)), tokenLines.join('\n'));
    assert.ok(tokenLines.some((line) => /^warn http .*HTTP 429, retrying/.test(line)), tokenLines.join('\n'));
    assert.doesNotMatch(lines.join('\n'), new RegExp(`${PASSWORD}|${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`));
  });
});

test('an oversized token response is refused while it streams, without reading the rest', async () => {
  await withTokenRegistry({ oversizedBodyBytes: 256 * 1024 * 1024 }, async (registry, tokens) => {
    const client = new RegistryClient({ host: registry.host, auth: alice });
    await assert.rejects(client.ping(), (error: unknown) => error instanceof TooLargeError && /token response/.test(error.message));
    await waitFor(() => tokens.requests[0]?.bytesSent !== undefined, 'the token server to notice the closed connection');
    // The limit is 1 MiB; socket buffers may hold a few more before the client hangs up.
    assert.ok((tokens.requests[0].bytesSent ?? 0) < 32 * 1024 * 1024, `${tokens.requests[0].bytesSent} bytes were sent`);
  });
});
