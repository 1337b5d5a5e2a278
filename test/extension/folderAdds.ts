import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/**
 * Runs `action` with vscode.workspace.updateWorkspaceFolders recording its calls instead: a window
 * running extension tests cannot turn its folder into a multi-root workspace (VS Code refuses to
 * enter a new workspace in tests); the UI tier checks the folder in a real window.
 */
export async function recordingFolderAdds<T>(action: () => Thenable<T>): Promise<{ result: T; added: Array<{ uri: vscode.Uri; name?: string }> }> {
  const added: Array<{ uri: vscode.Uri; name?: string }> = [];
  const original = Object.getOwnPropertyDescriptor(vscode.workspace, 'updateWorkspaceFolders');
  assert.ok(original);
  Object.defineProperty(vscode.workspace, 'updateWorkspaceFolders', {
    ...original, writable: true, configurable: true,
    value: (start: number, deleteCount: number, ...folders: Array<{ uri: vscode.Uri; name?: string }>) => {
      assert.equal(start, vscode.workspace.workspaceFolders?.length ?? 0);
      assert.equal(deleteCount, 0);
      added.push(...folders);
      return true;
    },
  });
  try {
    return { result: await action(), added };
  } finally {
    Object.defineProperty(vscode.workspace, 'updateWorkspaceFolders', original);
  }
}
