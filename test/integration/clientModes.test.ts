// Every operation of RegistryClient on a real docker-registry: anonymous, basic (htpasswd),
// token (the harness's own token server) and TLS with a self-signed CA. See test/harness/registryScenario.ts.
import { test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { RegistryClient } from '../../src/registry/client';
import type { RegistryEndpoint } from '../../src/registry/types';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { runRegistryScenario } from '../harness/registryScenario';
import { skopeoAccessFor } from '../harness/skopeo';
import { startTokenServer } from '../harness/tokenServer';

const USER = 'scenario-user';
const PASSWORD = 'scenario-password-42';

/** The whole scenario against `registry`, signed in as USER (client, skopeo and seeding alike) or anonymous. */
async function runScenarioOn(registry: RunningRegistry, signedIn: boolean, tls: Pick<RegistryEndpoint, 'scheme' | 'caCertificates'> = {}): Promise<void> {
  const credentials = signedIn ? { username: USER, password: PASSWORD } : undefined;
  const client = new RegistryClient({ host: registry.host, ...tls, auth: credentials ? { kind: 'basic', ...credentials } : { kind: 'anonymous' } });
  await runRegistryScenario({
    url: registry.url,
    host: registry.host,
    client,
    skopeo: await skopeoAccessFor(registry, credentials),
    seed: { ...credentials, caCertPath: registry.caCertPath },
  });
}

test('anonymous registry: every operation', async () => {
  const registry = await startRegistry();
  try {
    await runScenarioOn(registry, false);
  } finally {
    await registry.close();
  }
});

test('basic auth (htpasswd): every operation', async () => {
  const registry = await startRegistry({ auth: { kind: 'htpasswd', users: { [USER]: PASSWORD } } });
  try {
    await runScenarioOn(registry, true);
  } finally {
    await registry.close();
  }
});

test('token auth: every operation', async () => {
  const tokens = await startTokenServer({ users: { [USER]: PASSWORD } });
  const registry = await startRegistry({
    auth: { kind: 'token', realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certPath },
  });
  try {
    await runScenarioOn(registry, true);
  } finally {
    await registry.close();
    await tokens.close();
  }
});

test('TLS with a self-signed CA and basic auth: every operation', async () => {
  const registry = await startRegistry({ tls: true, auth: { kind: 'htpasswd', users: { [USER]: PASSWORD } } });
  try {
    const ca = await readFile(registry.caCertPath as string, 'utf8');
    await runScenarioOn(registry, true, { scheme: 'https', caCertificates: [ca] });
  } finally {
    await registry.close();
  }
});
