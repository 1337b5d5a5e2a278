import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * Shows where a downloaded file is. The OS file manager only where VS Code runs on the user's own
 * machine (desktop, not remote): in code-server or a remote window `revealFileInOS` does nothing
 * the user can see. There, a file in the workspace is revealed in VS Code's Explorer, and any other
 * file's folder opens in a new window.
 */
export async function revealDownloaded(file: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  if (vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined) {
    await vscode.commands.executeCommand('revealFileInOS', uri);
  } else if (vscode.workspace.getWorkspaceFolder(uri)) {
    await vscode.commands.executeCommand('revealInExplorer', uri);
  } else {
    await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(path.dirname(file)), { forceNewWindow: true });
  }
}

/** Opens a downloaded text file itself, marked read-only in this window (it holds verified bytes). */
export async function showReadOnly(file: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document, { preview: true });
  await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
  return document;
}
