import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MessageNode, TreeNode } from '../../src/ui/tree/nodes';
import { startRegistry, type RunningRegistry } from '../harness/registryServer';
import { startTinyproxy, type RunningProxy } from '../harness/tinyproxy';
import { api, labelOf, seededRegistryUrl, setRegistries, setSetting, walk } from './helpers';

async function setHttp(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('http').update(key, value, vscode.ConfigurationTarget.Global);
}

/** The registry's rows, asked for afresh (the tree keeps what it loaded until refreshed). */
async function registryRows(): Promise<TreeNode[]> {
  const explorer = await api();
  explorer.refresh();
  return explorer.children(await walk(explorer, ['Private CA']));
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar';

function errorRows(rows: TreeNode[]): MessageNode[] {
  return rows.filter((row): row is MessageNode => row.kind === 'message' && row.severity === 'error');
}

suite('A registry with a private CA behind http.proxy (tinyproxy)', () => {
  let registry: RunningRegistry;
  let proxy: RunningProxy;
  suiteSetup(async function () {
    this.timeout(60_000);
    [registry, proxy] = await Promise.all([startRegistry({ tls: true }), startTinyproxy()]);
    // One image, pushed directly, so that the catalog has something to show.
    const direct = await (await api()).clientFor({ url: registry.url, caCertificates: [registry.caCertPath as string] });
    const config = await direct.uploadBlob('private/app', Buffer.from('{}'));
    const layer = await direct.uploadBlob('private/app', Buffer.from('a layer behind a private CA'));
    const manifest = { schemaVersion: 2, mediaType: OCI_MANIFEST, config: { ...config, mediaType: OCI_CONFIG }, layers: [{ ...layer, mediaType: OCI_LAYER }] };
    await direct.putManifest('private/app', Buffer.from(JSON.stringify(manifest)), { reference: 'v1', mediaType: OCI_MANIFEST });
    await setHttp('proxy', proxy.url);
    await setRegistries([{ name: 'Private CA', url: registry.url, auth: 'anonymous' }]);
  });
  suiteTeardown(async () => {
    await setHttp('proxy', undefined);
    await setHttp('proxyStrictSSL', undefined);
    await setSetting('caCertificates', undefined);
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    await Promise.all([registry?.close(), proxy?.close()]);
  });

  test('registryExplorer.caCertificates (a PEM file path) is trusted through the proxy', async () => {
    await setSetting('caCertificates', [registry.caCertPath]);
    const before = proxy.requestsTo(registry.host).length;
    const rows = await registryRows();
    assert.deepEqual(errorRows(rows).map((row) => row.text), []);
    assert.deepEqual(rows.map(labelOf), ['private/app']);
    assert.ok(proxy.requestsTo(registry.host).length > before, `tinyproxy relayed nothing to ${registry.host}`);
  });

  test('without the CA: an error row says the certificate is not trusted', async () => {
    await setSetting('caCertificates', []);
    const rows = errorRows(await registryRows());
    assert.equal(rows.length, 1);
    assert.match(rows[0].text, new RegExp(`TLS certificate of ${registry.host} is not trusted`));
  });

  test('http.proxyStrictSSL: false is applied through the proxy', async () => {
    await setSetting('caCertificates', []);
    await setHttp('proxyStrictSSL', false);
    try {
      assert.deepEqual((await registryRows()).map(labelOf), ['private/app']);
    } finally {
      await setHttp('proxyStrictSSL', undefined);
    }
  });
});
