import * as assert from 'node:assert/strict';
import type { RunningFaultServer } from '../harness/faultServer';
import { HOSTILE_NAMES, startHostileRegistry } from '../harness/hostileRegistry';
import { api, labelOf, seededRegistryUrl, setRegistries, walk } from './helpers';

/** A registry listing path tricks, control characters and absurdly long names beside valid ones (test/harness/hostileRegistry.ts). */
suite('Names that break the OCI grammar', () => {
  let server: RunningFaultServer;
  suiteSetup(async () => {
    server = await startHostileRegistry();
    await setRegistries([{ name: 'Hostile', url: server.url, auth: 'anonymous' }]);
  });
  suiteTeardown(async () => {
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    await server.close();
  });

  test('are hidden from the tree, which says how many it hid', async () => {
    const explorer = await api();
    const repositories = await explorer.children(await walk(explorer, ['Hostile']));
    assert.deepEqual(repositories.map(labelOf), ['good/one', 'good/two', `${HOSTILE_NAMES.length + 1} invalid repository names hidden`]);
    const tags = await explorer.children(await walk(explorer, ['Hostile', 'good/one']));
    assert.deepEqual(tags.map(labelOf), ['v2', 'v1', `${HOSTILE_NAMES.length + 1} invalid tags hidden`]);
  });
});
