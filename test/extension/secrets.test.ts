import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RegistryConfig } from '../../src/ui/registryConfig';
import type { TreeNode } from '../../src/ui/tree/nodes';
import { withDialogs } from './dialogs';
import { addRegistryByDialogs, api, basicRegistry, seededRegistryUrl, setRegistries, walk } from './helpers';

/**
 * Whether a password is still saved for `username`: the entry is put back without asking for one;
 * the tree then says "No saved password" only when secret storage has none (a saved password
 * either lists the real basic-auth registry's repositories or is refused by it).
 */
async function passwordStillSaved(url: string, username: string): Promise<boolean> {
  const entry: RegistryConfig = { url, auth: 'basic', username };
  await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }, entry]);
  const explorer = await api();
  explorer.refresh();
  const rows = await explorer.children(await walk(explorer, [url]));
  const first = rows[0];
  if (first?.kind === 'message' && /No saved password/.test(`${first.text} ${first.detail}`)) return false;
  assert.ok(rows.some((r) => r.kind === 'repository') || first?.kind === 'message', `unexpected rows: ${JSON.stringify(rows)}`);
  return true;
}

const signInSteps = (kind: 'Anonymous' | 'Username and password', username?: string, secret?: string) => [
  { kind: 'quickPick' as const, expect: /^Sign-in for 127\.0\.0\.1:\d+ — How should the explorer authenticate\?$/, answer: kind },
  ...(username === undefined ? [] : [
    { kind: 'input' as const, expect: /— Username$/, answer: username },
    { kind: 'input' as const, expect: /— Password$/, answer: secret },
  ]),
];

suite('Secrets that no longer apply are deleted', () => {
  const anonymous = { name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' as const };
  setup(async () => setRegistries([anonymous]));
  suiteTeardown(async () => setRegistries([anonymous]));

  async function addedWithPassword(): Promise<TreeNode> {
    const { url, username, password } = basicRegistry();
    await addRegistryByDialogs(url, { username, secret: password });
    assert.equal(await passwordStillSaved(url, username), true, 'the password was not saved in the first place');
    return walk(await api(), [url]);
  }

  test('changing the username deletes the password saved for the old one', async () => {
    const { url, username } = basicRegistry();
    const node = await addedWithPassword();
    await withDialogs(signInSteps('Username and password', 'someone-else', 'another-secret'),
      () => vscode.commands.executeCommand('registryExplorer.editRegistry', node, [node]));
    assert.equal(await passwordStillSaved(url, username), false, `the password of ${username} is still saved`);
  });

  test('switching to anonymous deletes the password', async () => {
    const { url, username } = basicRegistry();
    const node = await addedWithPassword();
    await withDialogs(signInSteps('Anonymous'), () => vscode.commands.executeCommand('registryExplorer.editRegistry', node, [node]));
    assert.equal(await passwordStillSaved(url, username), false, 'the password is still saved after switching to anonymous');
  });

  test('cancelling a sign-in change keeps the saved password', async () => {
    const { url, username } = basicRegistry();
    const node = await addedWithPassword();
    await withDialogs(signInSteps('Username and password', 'someone-else', undefined), () => vscode.commands.executeCommand('registryExplorer.signIn', node, [node]));
    assert.equal(await passwordStillSaved(url, username), true, 'a cancelled sign-in lost the password');
  });

  test('removing the registry deletes every password it had, under any username', async () => {
    const { url, username } = basicRegistry();
    let node = await addedWithPassword();
    await withDialogs(signInSteps('Username and password', 'someone-else', 'another-secret'),
      () => vscode.commands.executeCommand('registryExplorer.editRegistry', node, [node]));
    node = await walk(await api(), [url]);
    const { dialogs } = await withDialogs([{ kind: 'question', expect: /^Remove 127\.0\.0\.1:\d+ from the explorer\? Its saved secret is deleted too/, answer: 'Remove' }],
      () => vscode.commands.executeCommand('registryExplorer.removeRegistry', node, [node]));
    assert.equal(dialogs.asked.length, 1);
    assert.equal(await passwordStillSaved(url, 'someone-else'), false, 'the current password survived removal');
    assert.equal(await passwordStillSaved(url, username), false, 'an earlier password survived removal');
  });
});
