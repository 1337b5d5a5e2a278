import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RegistryConfig } from '../../src/ui/registryConfig';
import type { TreeNode } from '../../src/ui/tree/nodes';
import { buildImage } from '../harness/fixtures';
import { startCountingProxy, type RunningCountingProxy } from '../harness/countingProxy';
import { withDialogs } from './dialogs';
import { api, EXTENSION_ID, labelOf, seededRegistryUrl, setRegistries, setSetting, waitFor, walk } from './helpers';
import { description, pushImage } from './tagRowHelpers';

const TAGS = 12;

suite('Tree settings: request bounds, page size, Clear Filter', () => {
  let proxy: RunningCountingProxy;
  /** Manifest and blob requests that reached the proxy, as `METHOD path`. */
  const contentRequests: string[] = [];
  const seeded: RegistryConfig = { name: 'Seeded', url: '', auth: 'anonymous' };
  suiteSetup(async () => {
    seeded.url = seededRegistryUrl();
    await setSetting('pageSize', 100);
    await setRegistries([seeded]);
    const client = await (await api()).clientFor(seeded);
    for (let i = 0; i < TAGS; i++) await pushImage(client, 'rows/many', buildImage({ label: `many-${i}` }), `1.${i}`);
    // Requests wait until five are open (or 200 ms pass): a client that kept more than four in flight would show five.
    proxy = await startCountingProxy({
      upstream: seededRegistryUrl(), gather: 5, gatherMs: 200,
      matches: (method, path) => {
        const content = /^\/v2\/.+\/(manifests|blobs)\/[^/]+$/.test(path);
        if (content) contentRequests.push(`${method} ${path}`);
        return content;
      },
    });
  });
  suiteTeardown(async () => {
    await setSetting('tagDetails', undefined);
    await setSetting('pageSize', 100);
    await setRegistries([seeded]);
    await proxy.close();
  });

  async function drawTags(mode: string): Promise<TreeNode[]> {
    await setSetting('tagDetails', mode);
    await setRegistries([{ name: 'Counted', url: `http://${proxy.host}`, auth: 'anonymous' }]);
    const explorer = await api();
    explorer.refresh();
    proxy.reset();
    contentRequests.length = 0;
    const repository = await walk(explorer, ['Counted', 'rows/many']);
    const tags = (await explorer.children(repository)).filter((n) => n.kind === 'tag');
    assert.equal(tags.length, TAGS);
    return tags;
  }

  test('drawing a tag list makes no manifest request when details are off, and none until a hover when they are on hover', async () => {
    const explorer = await api();
    const off = await drawTags('off');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(contentRequests, []);
    assert.ok(off.every((n) => description(explorer, n) === ''), off.map((n) => description(explorer, n)).join('; '));
    const hover = ((await explorer.resolveTreeItem(off[0])).tooltip as vscode.MarkdownString).value.replace(/\\(.)/g, '$1');
    assert.match(hover, /not loaded: the setting registryExplorer\.tagDetails is off/);
    assert.deepEqual(contentRequests, [], 'a hover fetches nothing either');

    const onHover = await drawTags('onHover');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(contentRequests, []);
    await explorer.resolveTreeItem(onHover[0]);
    assert.equal(contentRequests.length, 2, `the hovered row's manifest and config: ${contentRequests.join(', ')}`);
    await waitFor('the hovered row filled in', () => description(explorer, onHover[0]).startsWith('image'));
  });

  test('when details are visible, every row fills in with at most four requests in flight', async () => {
    const explorer = await api();
    const tags = await drawTags('visible');
    await waitFor('every row filled in', () => tags.every((n) => description(explorer, n).startsWith('image')), 20_000);
    assert.ok(proxy.maxOpen() <= 4, `at most 4 manifest/blob requests at once, saw ${proxy.maxOpen()}`);
    assert.ok(proxy.maxOpen() >= 2, 'rows are filled in several at a time');
    assert.ok(contentRequests.length <= 2 * TAGS, `one manifest and one config per tag: ${contentRequests.length}`);
  });

  test('a new page size applies at once: paged lists are fetched again', async () => {
    await setRegistries([seeded]);
    const explorer = await api();
    explorer.refresh();
    const registry = await walk(explorer, ['Seeded']);
    const repositories = async () => (await explorer.children(registry)).filter((n) => n.kind === 'repository').length;
    assert.ok(await repositories() > 3);
    await setSetting('pageSize', 3);
    await waitFor('three repositories and Load more', async () => await repositories() === 3);
    assert.ok((await explorer.children(registry)).some((n) => n.kind === 'loadMore'));
    await setSetting('pageSize', 100);
    await waitFor('all repositories again', async () => await repositories() > 3);
  });

  test('Clear Filter shows only while a filter is set; from the palette it asks which one when there are several', async () => {
    await setRegistries([seeded]);
    const explorer = await api();
    explorer.refresh();
    const registry = await walk(explorer, ['Seeded']);
    const repository = await walk(explorer, ['Seeded', 'samples/hello']);
    const contexts = recordSetContext('registryExplorer.hasFilter');
    try {
      await withDialogs([{ kind: 'input', expect: /^Filter tags of samples\/hello/, answer: '1' }],
        () => vscode.commands.executeCommand('registryExplorer.filter', repository, [repository]));
      assert.deepEqual(contexts.values, [true]);
      await vscode.commands.executeCommand('registryExplorer.clearFilter');
      assert.deepEqual(contexts.values, [true, false], 'the only filter is cleared from the palette without a question');
      assert.ok(!String(explorer.treeItem(repository).description ?? '').includes('filter'));

      await withDialogs([{ kind: 'input', expect: /^Filter repositories/, answer: 'samples' }],
        () => vscode.commands.executeCommand('registryExplorer.filter', registry, [registry]));
      await withDialogs([{ kind: 'input', expect: /^Filter tags of samples\/hello/, answer: 'l' }],
        () => vscode.commands.executeCommand('registryExplorer.filter', repository, [repository]));
      await withDialogs([{ kind: 'quickPick', expect: /^Clear Filter — Which filter should be cleared\?$/, answer: 'samples/hello' }],
        () => vscode.commands.executeCommand('registryExplorer.clearFilter'));
      assert.equal(contexts.values.at(-1), true, 'the registry\'s filter is still set');
      await vscode.commands.executeCommand('registryExplorer.clearFilter', registry, [registry]);
      assert.equal(contexts.values.at(-1), false);
      assert.ok((await explorer.children(registry)).map(labelOf).includes('team/app-01'));
    } finally {
      contexts.restore();
    }
    const menus = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.menus;
    for (const place of ['view/item/context', 'commandPalette']) {
      const entry = (menus[place] as Array<{ command: string; when: string }>).find((m) => m.command === 'registryExplorer.clearFilter');
      assert.match(entry?.when ?? '', /registryExplorer\.hasFilter/, place);
    }
  });
});

/** Values the extension gives a context key (the extension host hands extension and tests one `vscode` object). */
function recordSetContext(key: string): { values: unknown[]; restore(): void } {
  const values: unknown[] = [];
  const commands = vscode.commands as unknown as Record<string, unknown>;
  const original = Object.getOwnPropertyDescriptor(commands, 'executeCommand');
  assert.ok(original);
  const execute = vscode.commands.executeCommand;
  Object.defineProperty(commands, 'executeCommand', {
    configurable: true, writable: true,
    value: (command: string, ...args: unknown[]) => {
      if (command === 'setContext' && args[0] === key) values.push(args[1]);
      return execute.call(vscode.commands, command, ...args);
    },
  });
  return { values, restore: () => Object.defineProperty(commands, 'executeCommand', original) };
}
