// The soak's servers: a real docker-registry in token mode, the harness's token server, and the fault
// proxy in front of the registry. Content is seeded straight into the registry with the harness's
// raw uploader (not the client under test); `readBlob` reads straight from the registry, so the
// soak can check uploads without trusting the client.
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { rawPushBlob, rawPutManifest, type RawTarget } from '../harness/fixturesUpload';
import { startFaultProxy, type RunningFaultProxy } from '../harness/faultProxy';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { startTokenServer, type RunningTokenServer } from '../harness/tokenServer';
import { blobOf } from '../harness/fixtures';
import type { SoakPlan } from './plan';
import { seededBytes, type FaultSchedule } from './schedule';

export const SOAK_USER = 'soak-user';
export const SOAK_PASSWORD = 'soak-Secret-7f3a';

export interface SoakEnvironment {
  registry: RunningRegistry;
  tokens: RunningTokenServer;
  proxy: RunningFaultProxy;
  /** Status and digest of a blob as the registry itself serves it (404: status only). */
  readBlob(repository: string, digest: string): Promise<{ status: number; digest?: string; size?: number }>;
  close(): Promise<void>;
}

export async function startSoakEnvironment(schedule: FaultSchedule): Promise<SoakEnvironment> {
  const tokens = await startTokenServer({ users: { [SOAK_USER]: SOAK_PASSWORD } });
  let registry: RunningRegistry | undefined;
  try {
    registry = await startRegistry({ auth: { kind: 'token', realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certPath } });
    const proxy = await startFaultProxy({ upstream: registry.url, chooseFault: (r) => schedule.chooseFault(r) });
    const started = registry;
    return {
      registry,
      tokens,
      proxy,
      readBlob: (repository, digest) => readBlobDirect(started, tokens, repository, digest),
      async close() {
        await proxy.close();
        await started.close();
        await tokens.close();
      },
    };
  } catch (error) {
    await registry?.close();
    await tokens.close();
    throw error;
  }
}

export async function seedSoakContent(environment: SoakEnvironment, seed: number, plan: SoakPlan): Promise<void> {
  const target: RawTarget = { url: environment.registry.url, username: SOAK_USER, password: SOAK_PASSWORD };
  for (const job of plan.downloads) {
    const blob = blobOf('application/octet-stream', seededBytes(seed, job.blob.label, job.blob.size));
    if (blob.digest !== job.blob.digest) throw new Error(`seeded content for ${job.id} does not match its plan`);
    await rawPushBlob(target, job.repository, blob);
  }
  for (const image of plan.images) {
    for (const blob of image.blobs) await rawPushBlob(target, image.repository, blob);
    const [root] = image.manifests.slice(-1);
    for (const manifest of image.manifests) await rawPutManifest(target, image.repository, manifest === root ? image.tag : manifest.digest, manifest);
  }
}

function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within 30 s from ${new URL(url).pathname}`)));
    req.on('error', reject);
    req.end();
  });
}

async function readBlobDirect(registry: RunningRegistry, tokens: RunningTokenServer, repository: string, digest: string): Promise<{ status: number; digest?: string; size?: number }> {
  const tokenUrl = new URL(tokens.realm);
  tokenUrl.searchParams.set('service', tokens.service);
  tokenUrl.searchParams.set('scope', `repository:${repository}:pull`);
  const basic = `Basic ${Buffer.from(`${SOAK_USER}:${SOAK_PASSWORD}`).toString('base64')}`;
  const tokenResponse = await get(tokenUrl.toString(), { authorization: basic });
  if (tokenResponse.status !== 200) throw new Error(`token server answered ${tokenResponse.status}`);
  const { token } = JSON.parse(tokenResponse.body.toString('utf8')) as { token: string };
  const blob = await get(`${registry.url}/v2/${repository}/blobs/${digest}`, { authorization: `Bearer ${token}` });
  if (blob.status !== 200) return { status: blob.status };
  return { status: 200, digest: `sha256:${createHash('sha256').update(blob.body).digest('hex')}`, size: blob.body.length };
}
