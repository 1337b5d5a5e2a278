// Every operation of RegistryClient on a real docker-registry: anonymous, basic (htpasswd),
// token (A1's token server) and TLS with a self-signed CA. See test/harness/registryScenario.ts.
import { test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { RegistryClient } from '../../src/registry/client';
import { startRegistry } from '../harness/registryServer';
import { runRegistryScenario } from '../harness/registryScenario';
import { skopeoAccessFor } from '../harness/skopeo';
import { startTokenServer } from '../harness/tokenServer';

const USER = 'scenario-user';
const PASSWORD = 'scenario-password-42';

test('anonymous registry: every operation', async () => {
  const registry = await startRegistry();
  try {
    const client = new RegistryClient({ host: registry.host, auth: { kind: 'anonymous' } });
    await runRegistryScenario({ url: registry.url, host: registry.host, client, skopeo: await skopeoAccessFor(registry), seed: {} });
  } finally {
    await registry.close();
  }
});

test('basic auth (htpasswd): every operation', async () => {
  const registry = await startRegistry({ auth: { kind: 'htpasswd', users: { [USER]: PASSWORD } } });
  try {
    const client = new RegistryClient({ host: registry.host, auth: { kind: 'basic', username: USER, password: PASSWORD } });
    const credentials = { username: USER, password: PASSWORD };
    await runRegistryScenario({ url: registry.url, host: registry.host, client, skopeo: await skopeoAccessFor(registry, credentials), seed: credentials });
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
    const client = new RegistryClient({ host: registry.host, auth: { kind: 'basic', username: USER, password: PASSWORD } });
    const credentials = { username: USER, password: PASSWORD };
    await runRegistryScenario({ url: registry.url, host: registry.host, client, skopeo: await skopeoAccessFor(registry, credentials), seed: credentials });
  } finally {
    await registry.close();
    await tokens.close();
  }
});

test('TLS with a self-signed CA and basic auth: every operation', async () => {
  const registry = await startRegistry({ tls: true, auth: { kind: 'htpasswd', users: { [USER]: PASSWORD } } });
  try {
    const ca = await readFile(registry.caCertPath as string, 'utf8');
    const client = new RegistryClient({ host: registry.host, scheme: 'https', caCertificates: [ca], auth: { kind: 'basic', username: USER, password: PASSWORD } });
    const credentials = { username: USER, password: PASSWORD };
    await runRegistryScenario({
      url: registry.url,
      host: registry.host,
      client,
      skopeo: await skopeoAccessFor(registry, credentials),
      seed: { ...credentials, caCertPath: registry.caCertPath },
    });
  } finally {
    await registry.close();
  }
});
