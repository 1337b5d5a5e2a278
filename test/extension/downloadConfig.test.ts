import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { BlobNode } from '../../src/ui/tree/nodes';
import { ScriptedDialogs } from './dialogs';
import { api, useSeededRegistryAndFolder, waitFor, walk } from './helpers';

/** Records the commands the extension runs through `vscode.commands.executeCommand`, running them as usual except `skip`. */
function recordCommands(skip: string[]): { calls: Array<{ command: string; args: unknown[] }>; restore: () => void } {
  const commands = vscode.commands as unknown as Record<string, unknown>;
  const original = Object.getOwnPropertyDescriptor(commands, 'executeCommand');
  assert.ok(original);
  const real = vscode.commands.executeCommand;
  const calls: Array<{ command: string; args: unknown[] }> = [];
  Object.defineProperty(commands, 'executeCommand', {
    ...original, writable: true, configurable: true,
    value: (command: string, ...args: unknown[]) => {
      calls.push({ command, args });
      return skip.includes(command) ? Promise.resolve(undefined) : real(command, ...args);
    },
  });
  return { calls, restore: () => Object.defineProperty(commands, 'executeCommand', original) };
}

suite('Download Config', () => {
  const scratch = useSeededRegistryAndFolder('crx-config-');

  test('opens the downloaded file itself, clean and with its exact bytes, says where it went, and Reveal works without the OS file manager here', async () => {
    const explorer = await api();
    const config = await walk(explorer, ['Seeded', 'samples/hello', '1.0', 'config']) as BlobNode;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const dirtyUntitled = () => vscode.workspace.textDocuments.filter((d) => d.isUntitled && d.isDirty).length;
    const dirtyBefore = dirtyUntitled();
    const dialogs = new ScriptedDialogs([{ kind: 'openDialog', expect: /^Download to folder$/, answer: scratch.folder }]);
    dialogs.answerNotification = (text, buttons) => (text.startsWith('Saved config') ? buttons.find((b) => b === 'Reveal') : undefined);
    // Opening a folder would replace this test window: record it instead of running it.
    const commands = recordCommands(['vscode.openFolder']);
    let saved: string | undefined;
    try {
      saved = await vscode.commands.executeCommand<string>('registryExplorer.downloadConfig', config, [config]);
      await waitFor('the Reveal action', () => commands.calls.some((c) => /reveal|openFolder/i.test(c.command) && c.command !== 'registryExplorer.downloadConfig') || undefined);
    } finally {
      commands.restore();
      dialogs.finish();
    }
    assert.ok(saved);
    assert.equal(dirname(saved), scratch.folder);
    assert.deepEqual(dialogs.messages('info'), [`Saved config to ${join(scratch.folder, `config-${config.descriptor.digest.slice(7, 19)}.json`)} (verified ${config.descriptor.digest.slice(0, 19)}…)`]);

    const shown = vscode.window.activeTextEditor?.document;
    assert.ok(shown, 'nothing was opened');
    assert.equal(shown.uri.scheme, 'file');
    assert.equal(shown.uri.fsPath, saved, 'the downloaded file itself is shown');
    assert.equal(shown.isDirty, false);
    assert.equal(shown.isUntitled, false);
    assert.equal(shown.getText(), await readFile(saved, 'utf8'));
    assert.equal(dirtyUntitled(), dirtyBefore, 'no new dirty Untitled document');

    const reveal = commands.calls.filter((c) => ['revealFileInOS', 'revealInExplorer', 'vscode.openFolder'].includes(c.command));
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web, 'these tests run in code-server');
    assert.equal(reveal.length, 1, JSON.stringify(commands.calls.map((c) => c.command)));
    assert.notEqual(reveal[0].command, 'revealFileInOS', 'revealFileInOS shows nothing in a browser window');
    const target = reveal[0].args[0] as vscode.Uri;
    assert.equal(target.fsPath, reveal[0].command === 'vscode.openFolder' ? scratch.folder : saved);
  });
});
