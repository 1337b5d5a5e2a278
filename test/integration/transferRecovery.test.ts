// Transfers interrupted at their very end, against a real docker-registry through the fault proxy:
// the bytes (or the upload) arrived, only the response was lost. The client must finish the job.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../src/registry/client';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { startFaultProxy, type Fault, type ProxiedRequest, type RunningFaultProxy } from '../harness/faultProxy';
import { rawPushBlob, rawPutManifest } from '../harness/fixturesUpload';
import { blobOf, buildImage, deterministicBytes, imageBlobs } from '../harness/fixtures';
import { RegistryError } from '../../src/registry/errors';

const BLOB = blobOf('application/octet-stream', deterministicBytes(300 * 1024, 'recovery'));
const IMAGE = buildImage({ label: 'recovery' });
const FAST_RETRY = { baseDelayMs: 10, maxDelayMs: 200, maxRetries: 3 };

let registry: RunningRegistry;
let proxy: RunningFaultProxy;
let dir: string;
/** The fault for the next request that matches, then none. */
let nextFault: { matches: (request: ProxiedRequest) => boolean; fault: Fault } | undefined;

before(async () => {
  registry = await startRegistry();
  await rawPushBlob({ url: registry.url }, 'recovery/blobs', BLOB);
  for (const blob of imageBlobs(IMAGE).filter((b) => b !== IMAGE.manifest)) await rawPushBlob({ url: registry.url }, 'recovery/image', blob);
  await rawPutManifest({ url: registry.url }, 'recovery/image', 'v1', IMAGE.manifest);
  proxy = await startFaultProxy({
    upstream: registry.url,
    chooseFault: (request) => {
      if (!nextFault?.matches(request)) return undefined;
      const { fault } = nextFault;
      nextFault = undefined;
      return fault;
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'crx-recovery-'));
});

after(async () => {
  await proxy?.close();
  await registry?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const client = (): RegistryClient => new RegistryClient({ host: proxy.host, auth: { kind: 'anonymous' } }, { retry: FAST_RETRY });

test('a download cut after its last byte resumes into the registry\'s 416 and completes', async () => {
  // docker-registry answers the resume at the end with 416 and a Content-Length of the whole blob.
  nextFault = { matches: (r) => r.method === 'GET' && r.url.includes('/blobs/'), fault: { kind: 'shortBody', at: 1, extra: 1000, closeAfterMs: 300 } };
  const target = join(dir, 'complete.bin');
  await client().downloadBlob('recovery/blobs', BLOB, target);
  assert.equal(nextFault, undefined, 'the fault was injected');
  assert.ok((await readFile(target)).equals(BLOB.bytes));
  assert.deepEqual((await readdir(dir)).filter((name) => name.includes('complete')), ['complete.bin']);
});

test('an upload whose final answer is lost succeeds when the registry has the blob', async () => {
  const content = blobOf('application/octet-stream', deterministicBytes(200 * 1024, 'recovery-upload'));
  // The registry stores the blob; the client sees a reset, retries the PUT and is told the session is gone.
  nextFault = { matches: (r) => r.method === 'PUT' && r.url.includes('/blobs/uploads/'), fault: { kind: 'dropBeforeHeaders' } };
  const descriptor = await client().uploadBlob('recovery/uploads', content.bytes);
  assert.equal(nextFault, undefined, 'the fault was injected');
  assert.equal(descriptor.digest, content.digest);
  const stored = await fetch(`${registry.url}/v2/recovery/uploads/blobs/${content.digest}`);
  assert.equal(stored.status, 200);
  assert.ok(Buffer.from(await stored.arrayBuffer()).equals(content.bytes));
});

test('a manifest whose body is cut short fails with a RegistryError that says so', async () => {
  nextFault = { matches: (r) => r.method === 'GET' && r.url.includes('/manifests/'), fault: { kind: 'shortBody', at: 0.5, extra: 100 } };
  await assert.rejects(client().getManifest('recovery/image', 'v1'), (error: unknown) => {
    assert.ok(error instanceof RegistryError, `a RegistryError, not ${String(error)}`);
    assert.match(error.message, /connection was lost while reading manifest recovery\/image:v1/);
    return true;
  });
  assert.equal(nextFault, undefined, 'the fault was injected');
  assert.equal((await client().getManifest('recovery/image', 'v1')).digest, IMAGE.manifest.digest);
});
