import * as vscode from 'vscode';

/**
 * Shows an image's root in the Explorer as a workspace folder. A window without a folder asks
 * first: adding the first folder restarts the extensions, a new window leaves this one as it is.
 */
export async function addImageFolder(uri: vscode.Uri, name: string): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.some((folder) => folder.uri.toString() === uri.toString())) {
    if (folders.length === 0) {
      const here = vscode.l10n.t('Add to This Window');
      const newWindow = vscode.l10n.t('Open in New Window');
      const picked = await vscode.window.showQuickPick([here, newWindow], { title: vscode.l10n.t('Open {0} as a folder', name) });
      if (picked === newWindow) {
        await vscode.commands.executeCommand('vscode.openFolder', uri, { forceNewWindow: true });
        return;
      }
      if (picked !== here) return;
    }
    const added = new Promise<void>((resolve) => {
      const subscription = vscode.workspace.onDidChangeWorkspaceFolders(() => { subscription.dispose(); resolve(); });
      setTimeout(() => { subscription.dispose(); resolve(); }, 3_000);
    });
    if (!vscode.workspace.updateWorkspaceFolders(folders.length, 0, { uri, name })) {
      throw new Error(vscode.l10n.t('VS Code did not add {0} to the workspace', name));
    }
    await added;
  }
  await vscode.commands.executeCommand('workbench.view.explorer');
  await vscode.commands.executeCommand('revealInExplorer', uri);
}
