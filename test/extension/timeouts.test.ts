import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MessageNode, TreeNode } from '../../src/ui/tree/nodes';
import { startSilentServer, type RunningSilentServer } from '../harness/silentServer';
import { api, seededRegistryUrl, setRegistries, setSetting, walk } from './helpers';

async function timedChildren(node: TreeNode): Promise<{ rows: TreeNode[]; ms: number }> {
  const started = Date.now();
  const rows = await (await api()).children(node);
  return { rows, ms: Date.now() - started };
}

function assertTimeoutRow(rows: TreeNode[], host: string): MessageNode {
  const row = rows[0] as MessageNode;
  assert.equal(rows.length, 1);
  assert.equal(row.kind, 'message');
  assert.equal(row.severity, 'error');
  assert.match(row.text, new RegExp(`${host} did not answer within 1 s`));
  return row;
}

suite('A registry that never answers', () => {
  let server: RunningSilentServer;
  suiteSetup(async () => { server = await startSilentServer(); });
  suiteTeardown(async () => {
    await setSetting('requestTimeoutSeconds', undefined);
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    await server.close();
  });

  test('shows an error row with Retry within the configured time limit, and Retry asks again', async () => {
    const host = server.host;
    await setSetting('requestTimeoutSeconds', 1);
    await setRegistries([{ name: 'Silent', url: `http://${host}`, auth: 'anonymous' }]);
    const registry = await walk(await api(), ['Silent']);
    const first = await timedChildren(registry);
    const row = assertTimeoutRow(first.rows, host);
    assert.ok(first.ms < 8_000, `the row took ${first.ms} ms`);
    const retry = row.actions.find((action) => action.title === 'Retry');
    assert.ok(retry, `actions: ${row.actions.map((a) => a.title).join(', ')}`);
    const connectionsBefore = server.connections();
    await vscode.commands.executeCommand(retry.command, ...retry.args);
    const second = await timedChildren(registry);
    assertTimeoutRow(second.rows, host);
    assert.ok(second.ms < 8_000, `the retried row took ${second.ms} ms`);
    assert.ok(server.connections() > connectionsBefore, 'Retry asked the registry again');
  });
});
