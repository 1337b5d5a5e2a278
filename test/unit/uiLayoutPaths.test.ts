import { test } from 'node:test';
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { displayName, hostOf, layoutConfig, layoutFolder } from '../../src/ui/registryLocation';
import { layoutFolderTyped, withFoundLayouts } from '../../src/ui/layouts/layoutPaths';

test('a folder typed where a registry URL goes: absolute paths, ~/, file: URLs and oci:<path>; hosts and URLs are no folder', () => {
  assert.equal(layoutFolderTyped('/srv/images/app'), '/srv/images/app');
  assert.equal(layoutFolderTyped('  oci:/srv/images/app '), '/srv/images/app');
  assert.equal(layoutFolderTyped('~/layouts/app'), join(homedir(), 'layouts/app'));
  assert.equal(layoutFolderTyped('file:///srv/my%20images'), '/srv/my images');
  for (const registry of ['localhost:5000', 'https://ghcr.io', 'myregistry.azurecr.io', 'relative/folder', 'file://remote-host/x']) {
    assert.equal(layoutFolderTyped(registry), undefined, registry);
  }
});

test('a layout entry: its file: URL, folder, display name and oci: host, which is never a registry host', () => {
  const config = layoutConfig('/srv/my images/app/');
  assert.deepEqual(config, { url: 'file:///srv/my%20images/app', source: 'layout', path: '/srv/my images/app' });
  assert.equal(layoutFolder({ url: config.url }), '/srv/my images/app');
  assert.equal(displayName(config), 'app');
  assert.equal(displayName({ ...config, name: 'Builds' }), 'Builds');
  assert.equal(hostOf(config.url), 'oci:/srv/my images/app');
});

test('found layouts show after the configured registries, unless the same folder is configured', () => {
  const registry = { url: 'https://ghcr.io' };
  const saved = layoutConfig('/w/a');
  const found = [layoutConfig('/w/a', { foundInWorkspace: true }), layoutConfig('/w/b', { foundInWorkspace: true })];
  assert.deepEqual(withFoundLayouts([registry, saved], found).map((r) => [r.url, r.foundInWorkspace ?? false]), [
    ['https://ghcr.io', false], ['file:///w/a', false], ['file:///w/b', true],
  ]);
});
