import * as assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RegistryConfig } from '../../src/ui/registryConfig';
import type { RegistryNode } from '../../src/ui/tree/nodes';
import { startAcrServer, type RunningAcr } from '../harness/acrServer';
import { startArmServer, type RunningArm } from '../harness/armServer';
import { runCommand } from '../harness/runCommand';
import { seedSampleContent } from '../harness/seed';
import { TestEntraProvider } from './azureEntra';
import { withDialogs } from './dialogs';
import { api, labelOf, logText, menuCommandsFor, seededRegistryUrl, setRegistries, setSetting, walk } from './helpers';

const ADMIN = { user: 'acradmin', password: 'acr-admin-password' };
const ARM_TOKEN = 'entra-token-for-resource-manager';
const ACR_TOKEN = 'entra-token-for-container-registry';
const PROVIDER_ID = 'crx-test-entra';

/**
 * Discovery through Azure Resource Manager and Log in to Docker, in real VS Code: the project's ARM
 * look-alike (two subscriptions, one registry a page), a test Entra provider named by the setting,
 * and the ACR look-alike over HTTPS in front of a real docker-registry for the registry itself.
 */
suite('Azure discovery and Log in to Docker', () => {
  let acr: RunningAcr;
  let arm: RunningArm;
  let entra: TestEntraProvider;
  let dockerConfigDir: string;
  const anonymous = (): RegistryConfig => ({ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' });

  suiteSetup(async function () {
    this.timeout(120_000);
    acr = await startAcrServer({ tls: true, users: { [ADMIN.user]: ADMIN.password }, aadTokens: { [ACR_TOKEN]: 'developer@example.com' } });
    await seedSampleContent(acr.url, { username: ADMIN.user, password: ADMIN.password, caCertPath: acr.caCertPath, extraRepositories: 0 });
    arm = await startArmServer({
      tokens: [ARM_TOKEN],
      subscriptions: [
        { subscriptionId: 'aaaaaaaa-0000-0000-0000-000000000001', displayName: 'Contoso Development', tenantId: 'tenant-dev', registries: [
          { name: 'crxtestacr', resourceGroup: 'rg-dev', loginServer: acr.host },
          { name: 'sandboxacr', resourceGroup: 'rg-sandbox', loginServer: 'sandboxacr.azurecr.io' },
        ] },
        { subscriptionId: 'bbbbbbbb-0000-0000-0000-000000000002', displayName: 'Contoso Production', tenantId: 'tenant-prod', registries: [
          { name: 'prodacr', resourceGroup: 'rg-prod', loginServer: 'prodacr.azurecr.io', sku: 'Premium' },
        ] },
        { subscriptionId: 'cccccccc-0000-0000-0000-000000000003', displayName: 'Contoso Restricted', tenantId: 'tenant-prod', registries: [], forbidden: true },
      ],
    });
    // Resource Manager look-alikes are asked for their own audience, http://127.0.0.1:<port>/.default.
    entra = new TestEntraProvider(PROVIDER_ID, (scopes) => (scopes.some((scope) => /^http:\/\/127\.0\.0\.1:\d+\/\.default$/.test(scope)) ? ARM_TOKEN : ACR_TOKEN));
    await entra.signIn();
    dockerConfigDir = await mkdtemp(join(tmpdir(), 'crx-docker-config-'));
    await setSetting('azureAuthenticationProvider', PROVIDER_ID);
    await setSetting('azureResourceManagerUrl', arm.url);
    await setSetting('caCertificates', [acr.caCertPath]);
  });
  suiteTeardown(async () => {
    for (const key of ['azureAuthenticationProvider', 'azureResourceManagerUrl', 'caCertificates']) await setSetting(key, undefined);
    await setRegistries([anonymous()]);
    entra?.dispose();
    await arm?.close();
    await acr?.close();
    if (dockerConfigDir) await rm(dockerConfigDir, { recursive: true, force: true });
  });

  test('Add Azure Container Registry lists the subscriptions (every page), adds the picked registry, which then browses', async function () {
    this.timeout(60_000);
    await setRegistries([anonymous()]);
    const before = arm.requests.length;
    const { dialogs } = await withDialogs([
      { kind: 'quickPick', expect: /^Add Azure Container Registry — 3 registries in 3 subscriptions/, answer: 'crxtestacr' },
    ], () => vscode.commands.executeCommand('registryExplorer.addAzureRegistry'));
    assert.deepEqual(dialogs.asked[0].choices, [
      '$(add) Add all 3 registries not in the explorer yet',
      'Contoso Development', 'crxtestacr', 'sandboxacr',
      'Contoso Production', 'prodacr',
      'Contoso Restricted', '$(warning) Could not list the registries of this subscription',
    ]);
    const pages = arm.requests.slice(before).map((r) => decodeURIComponent(r.url));
    assert.equal(pages.filter((url) => url.startsWith('/subscriptions?')).length, 3, `three pages of subscriptions: ${pages.join(' ')}`);
    assert.ok(pages.some((url) => url.startsWith('/subscriptions/aaaaaaaa-0000-0000-0000-000000000001/') && url.includes('$skiptoken=1')), 'the second page of registries');
    assert.ok(arm.requests.slice(before).every((r) => r.authorized), 'every ARM request carried the Resource Manager token');
    assert.ok(entra.asked.some((scopes) => scopes.includes(`${arm.url}/.default`)), 'the token was asked for the configured Resource Manager only');
    assert.ok(!entra.asked.some((scopes) => scopes.includes('https://management.azure.com/.default')), 'no public-cloud token was asked for');

    const saved = vscode.workspace.getConfiguration('registryExplorer').get<RegistryConfig[]>('registries');
    assert.deepEqual(saved, [anonymous(), { name: 'crxtestacr', url: `https://${acr.host}`, auth: 'azure', tenantId: 'tenant-dev' }]);
    const explorer = await api();
    const tags = (await explorer.children(await walk(explorer, ['crxtestacr', 'samples/hello']))).map(labelOf);
    assert.ok(tags.includes('1.0') && tags.includes('latest'), `tags: ${tags}`);
    const exchanges = acr.requests.filter((r) => r.path === '/oauth2/exchange');
    assert.ok(exchanges.some((r) => r.status === 200 && r.tenant === 'tenant-dev'), JSON.stringify(exchanges));
  });

  test('an Azure registry row offers Log in to Docker besides the registry commands; other rows do not', async () => {
    const explorer = await api();
    const azureRow = explorer.treeItem(await walk(explorer, ['crxtestacr']));
    const seededRow = explorer.treeItem(await walk(explorer, ['Seeded']));
    const azureMenu = menuCommandsFor(String(azureRow.contextValue), /./);
    for (const command of ['registryExplorer.dockerLogin', 'registryExplorer.signIn', 'registryExplorer.removeRegistry', 'registryExplorer.renameRegistry']) {
      assert.ok(azureMenu.includes(command), `${command} missing for ${azureRow.contextValue}`);
    }
    assert.ok(!menuCommandsFor(String(seededRow.contextValue), /./).includes('registryExplorer.dockerLogin'));
  });

  test('Log in to Docker asks, naming the file, then writes a token docker and skopeo use; other keys stay', async function () {
    this.timeout(60_000);
    const configPath = join(dockerConfigDir, 'config.json');
    await writeFile(configPath, JSON.stringify({ auths: { 'docker.example': { auth: 'dXNlcjpwYXNz' } }, detachKeys: 'ctrl-e,e' }));
    const previous = process.env.DOCKER_CONFIG;
    process.env.DOCKER_CONFIG = dockerConfigDir;
    try {
      const explorer = await api();
      const row = await walk(explorer, ['crxtestacr']) as RegistryNode;
      const seededRow = await walk(explorer, ['Seeded']) as RegistryNode;
      // From the palette: the only registry signing in with Entra ID needs no picking.
      const cancelled = await withDialogs([{ kind: 'question', expect: /^Log Docker in to 127\.0\.0\.1:\d+\?$/, answer: 'Cancel' }],
        () => vscode.commands.executeCommand('registryExplorer.dockerLogin'));
      assert.ok(cancelled.dialogs.asked[0].detail?.includes(configPath), cancelled.dialogs.asked[0].detail);
      assert.ok(!(await readFile(configPath, 'utf8')).includes('identitytoken'), 'Cancel wrote nothing');

      // From the context menu of a selection that also holds a registry without Entra sign-in: that one is left out.
      await withDialogs([{ kind: 'question', expect: /^Log Docker in to 127\.0\.0\.1:\d+\?$/, answer: 'Write Token' }],
        () => vscode.commands.executeCommand('registryExplorer.dockerLogin', row, [row, seededRow]));
      const config = JSON.parse(await readFile(configPath, 'utf8')) as { auths: Record<string, { auth?: string; identitytoken?: string }>; detachKeys: string };
      assert.equal(config.detachKeys, 'ctrl-e,e');
      assert.deepEqual(config.auths['docker.example'], { auth: 'dXNlcjpwYXNz' });
      const entry = config.auths[acr.host];
      assert.equal(Buffer.from(entry.auth ?? '', 'base64').toString(), '00000000-0000-0000-0000-000000000000:');
      assert.match(entry.identitytoken ?? '', /^[\w-]+\.[\w-]+\.[\w-]+$/);

      const certDir = join(dockerConfigDir, 'certs');
      await mkdir(certDir, { recursive: true });
      await copyFile(acr.caCertPath as string, join(certDir, 'ca.crt'));
      const { stdout } = await runCommand('skopeo', ['inspect', '--raw', '--retry-times', '0', '--cert-dir', certDir, '--authfile', configPath, `docker://${acr.host}/samples/hello:1.0`],
        { timeoutMs: 60_000, secrets: [entry.identitytoken ?? ''] });
      assert.match(JSON.parse(stdout.toString('utf8')).mediaType, /manifest/);
      const logs = await logText(explorer.logUri);
      assert.ok(!logs.includes(entry.identitytoken ?? 'x') && !logs.includes(ACR_TOKEN) && !logs.includes(ARM_TOKEN), 'a token reached the log');
    } finally {
      if (previous === undefined) delete process.env.DOCKER_CONFIG;
      else process.env.DOCKER_CONFIG = previous;
    }
  });

  test('an account without subscriptions is told so, with Add Registry by URL', async () => {
    await setRegistries([anonymous()]);
    const empty = await startArmServer({ tokens: [ARM_TOKEN], subscriptions: [] });
    await setSetting('azureResourceManagerUrl', empty.url);
    try {
      const { dialogs } = await withDialogs([], () => vscode.commands.executeCommand('registryExplorer.addAzureRegistry'));
      assert.deepEqual(dialogs.asked.filter((a) => a.kind === 'info').map((a) => [a.text, a.choices]), [
        ['The signed-in account has no Azure subscriptions in AzureCloud.', ['Add Registry by URL…', 'Choose Cloud']],
      ], JSON.stringify(dialogs.asked));
    } finally {
      await setSetting('azureResourceManagerUrl', arm.url);
      await empty.close();
    }
  });

  test('a Resource Manager that refuses the sign-in gives a message with what to do; nothing is added', async () => {
    await setRegistries([anonymous()]);
    const refusing = await startArmServer({ tokens: ['another-token'], subscriptions: [] });
    await setSetting('azureResourceManagerUrl', refusing.url);
    try {
      const { dialogs } = await withDialogs([], () => vscode.commands.executeCommand('registryExplorer.addAzureRegistry'));
      assert.deepEqual(dialogs.messages('error').length, 1, JSON.stringify(dialogs.asked));
      assert.match(dialogs.messages('error')[0], /did not accept the sign-in for subscriptions: HTTP 401 \(InvalidAuthenticationToken\).*right cloud \(AzureCloud\)/);
      assert.equal(refusing.requests.length, 1);
      assert.deepEqual(vscode.workspace.getConfiguration('registryExplorer').get('registries'), [anonymous()]);
    } finally {
      await setSetting('azureResourceManagerUrl', arm.url);
      await refusing.close();
    }
  });
});
