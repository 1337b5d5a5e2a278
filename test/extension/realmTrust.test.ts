import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { RegistryClient } from '../../src/registry/client';
import type { RegistryConfig } from '../../src/ui/registryConfig';
import type { MessageNode } from '../../src/ui/tree/nodes';
import { buildImage, imageBlobs } from '../harness/fixtures';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { startTokenServer, type RunningTokenServer } from '../harness/tokenServer';
import { api, labelOf, seededRegistryUrl, setRegistries, walk } from './helpers';

const PASSWORD = 'realm-ext-Secret-5';
const REALM_HOST = '127.0.0.2';

type WarningMessage = typeof vscode.window.showWarningMessage;

/**
 * A registry on 127.0.0.1 whose token service is on 127.0.0.2, signed in with Docker credentials:
 * the user is asked once, naming both hosts, before anything is sent there; a yes is remembered in
 * the registry's settings entry. The dialog is answered by replacing showWarningMessage for the test.
 */
suite('Token service on another host', () => {
  let tokens: RunningTokenServer;
  let registry: RunningRegistry;
  let dockerDir: string;
  const previousDockerConfig = process.env.DOCKER_CONFIG;
  const originalWarning = vscode.window.showWarningMessage;
  const asked: string[] = [];
  let answerWith: (items: string[]) => string | undefined = () => undefined;

  suiteSetup(async function () {
    this.timeout(60_000);
    tokens = await startTokenServer({ users: { alice: PASSWORD }, listenHost: REALM_HOST });
    registry = await startRegistry({ auth: { kind: 'token', realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certPath } });
    const seeder = new RegistryClient({ host: registry.host, trustedRealmHosts: [REALM_HOST], auth: { kind: 'basic', username: 'alice', password: PASSWORD } });
    const image = buildImage({ label: 'realm-extension' });
    for (const blob of imageBlobs(image).filter((b) => b !== image.manifest)) await seeder.uploadBlob('realm/app', blob.bytes);
    await seeder.putManifest('realm/app', image.manifest.bytes, { reference: 'v1' });
    dockerDir = await mkdtemp(join(tmpdir(), 'crx-realm-docker-'));
    await writeFile(join(dockerDir, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`alice:${PASSWORD}`).toString('base64') } } }));
    // The extension resolves Docker credentials in this process, from DOCKER_CONFIG.
    process.env.DOCKER_CONFIG = dockerDir;
    const recorder = async (message: string, ...rest: unknown[]): Promise<string | undefined> => {
      const options = rest.find((r): r is vscode.MessageOptions => typeof r === 'object' && r !== null && !Array.isArray(r));
      asked.push(`${message}\n${options?.detail ?? ''}`);
      return answerWith(rest.filter((r): r is string => typeof r === 'string'));
    };
    (vscode.window as { showWarningMessage: WarningMessage }).showWarningMessage = recorder as WarningMessage;
  });

  suiteTeardown(async () => {
    (vscode.window as { showWarningMessage: WarningMessage }).showWarningMessage = originalWarning;
    if (previousDockerConfig === undefined) delete process.env.DOCKER_CONFIG;
    else process.env.DOCKER_CONFIG = previousDockerConfig;
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    await registry?.close();
    await tokens?.close();
    if (dockerDir) await rm(dockerDir, { recursive: true, force: true });
  });

  const realmRegistry = (): RegistryConfig => ({ name: 'Realm', url: registry.url, auth: 'dockerConfig' });

  test('declining sends nothing to the other host and shows an error row naming both hosts', async () => {
    asked.length = 0;
    answerWith = () => undefined;
    await setRegistries([realmRegistry()]);
    const explorer = await api();
    const before = tokens.requests.length;
    const rows = await explorer.children(await walk(explorer, ['Realm']));
    assert.equal(rows[0]?.kind, 'message', rows.map(labelOf).join(', '));
    assert.match((rows[0] as MessageNode).text, new RegExp(`${registry.host.replace(/\./g, '\\.')}.*127\\.0\\.0\\.2`));
    assert.ok(asked.length >= 1, 'the user was asked');
    assert.deepEqual(tokens.requests.slice(before), [], 'nothing reached the token service on 127.0.0.2');
  });

  test('trusting asks once naming both hosts, is remembered in settings, and the tree loads', async () => {
    asked.length = 0;
    answerWith = (items) => items.find((item) => item === `Trust ${REALM_HOST}`);
    await setRegistries([realmRegistry()]);
    const explorer = await api();
    explorer.refresh(); // as Retry on the error row of the previous test
    const repositories = (await explorer.children(await walk(explorer, ['Realm']))).map(labelOf);
    assert.deepEqual(repositories, ['realm/app']);
    assert.equal(asked.length, 1, asked.join('\n---\n'));
    assert.ok(asked[0].includes(registry.host) && asked[0].includes(REALM_HOST), asked[0]);
    const saved = vscode.workspace.getConfiguration('registryExplorer').get<RegistryConfig[]>('registries') ?? [];
    assert.deepEqual(saved.find((r) => r.name === 'Realm')?.trustedRealmHosts, [REALM_HOST]);
    assert.ok(!JSON.stringify(saved).includes(PASSWORD));

    explorer.refresh();
    const tags = (await explorer.children(await walk(explorer, ['Realm', 'realm/app']))).map(labelOf);
    assert.deepEqual(tags, ['v1']);
    assert.equal(asked.length, 1, 'the saved answer is not asked again');
  });
});
