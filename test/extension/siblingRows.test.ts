import * as assert from 'node:assert/strict';
import type { RegistryService } from '../../src/registry/types';
import type { RegistryConfig } from '../../src/ui/registryConfig';
import type { TreeNode } from '../../src/ui/tree/nodes';
import { buildImage } from '../harness/fixtures';
import { pushImage } from './tagRowHelpers';
import { api, labelOf, seededRegistryUrl, setRegistries, setSetting, walk } from './helpers';

const SEEDED: RegistryConfig = { name: 'Seeded', url: '', auth: 'anonymous' };
/** Repositories whose keys start with `sibling/app`'s key without lying under it. */
const OTHERS = ['sibling/app-x', 'sibling/app/sub'];

suite('Rows of repositories whose names extend another\'s', () => {
  let client: RegistryService;
  suiteSetup(async () => {
    SEEDED.url = seededRegistryUrl();
    await setSetting('tagDetails', 'off');
    await setRegistries([SEEDED]);
    client = await (await api()).clientFor(SEEDED);
    for (const repository of ['sibling/app', ...OTHERS]) await pushImage(client, repository, buildImage({ label: repository }), 'v1');
  });
  suiteTeardown(async () => {
    await setSetting('tagDetails', undefined);
  });

  test('refreshing sibling/app lists sibling/app again, not sibling/app-x nor sibling/app/sub', async () => {
    const explorer = await api();
    explorer.refresh();
    const rows = new Map<string, TreeNode>();
    for (const repository of ['sibling/app', ...OTHERS]) {
      const row = await walk(explorer, ['Seeded', repository]);
      rows.set(repository, row);
      assert.deepEqual((await explorer.children(row)).map(labelOf), ['v1']);
      await pushImage(client, repository, buildImage({ label: `${repository} again` }), 'v2');
    }
    explorer.refresh(rows.get('sibling/app'));
    assert.deepEqual((await explorer.children(rows.get('sibling/app')!)).map(labelOf).sort(), ['v1', 'v2'], 'the refreshed repository is listed again');
    for (const repository of OTHERS) {
      assert.deepEqual((await explorer.children(rows.get(repository)!)).map(labelOf), ['v1'], `${repository} keeps its listing until it is refreshed itself`);
      explorer.refresh(rows.get(repository));
      assert.deepEqual((await explorer.children(rows.get(repository)!)).map(labelOf).sort(), ['v1', 'v2']);
    }
  });
});
