import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import * as vscode from 'vscode';
import type { MessageNode } from '../../src/ui/tree/nodes';
import { listenOnLoopback, type LoopbackListener } from '../harness/loopback';
import { withDialogs } from './dialogs';
import { api, labelOf, seededRegistryUrl, setRegistries, walk } from './helpers';

/**
 * A registry that, like Harbor or a scoped ACR token, answers /v2/ and tags but refuses the
 * catalog with 403 DENIED (distribution spec error body). docker-registry cannot be set up so.
 */
function startCatalogRefusingRegistry(): Promise<LoopbackListener> {
  const server = createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Docker-Distribution-API-Version': 'registry/2.0' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/v2/') return json(200, {});
    if (req.url?.startsWith('/v2/_catalog')) return json(403, { errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] });
    if (req.url?.startsWith('/v2/team/app/tags/list')) return json(200, { name: 'team/app', tags: ['v1', 'v2'] });
    return json(404, { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] });
  });
  return listenOnLoopback(server);
}

suite('Registries that refuse the catalog', () => {
  let server: LoopbackListener;
  suiteSetup(async () => { server = await startCatalogRefusingRegistry(); });
  suiteTeardown(async () => {
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    await server.close();
  });

  test('offer "Add repository by name", after which the repository and its tags show', async () => {
    await setRegistries([{ name: 'Harbor-like', url: server.url, auth: 'anonymous' }]);
    const explorer = await api();
    const rows = await explorer.children(await walk(explorer, ['Harbor-like']));
    const row = rows[0] as MessageNode;
    assert.equal(row.kind, 'message');
    assert.match(row.text, /does not list its repositories/);
    const action = row.actions[0];
    assert.equal(action.title, 'Add repository by name');
    await withDialogs([{ kind: 'input', expect: /^Add repository to Harbor-like — Repository name$/, answer: 'team/app' }],
      () => vscode.commands.executeCommand(action.command, ...action.args));
    const repos = await explorer.children(await walk(explorer, ['Harbor-like']));
    assert.equal(labelOf(repos[0]), 'team/app');
    // Newest version first.
    assert.deepEqual((await explorer.children(repos[0])).map(labelOf), ['v2', 'v1']);
  });
});
