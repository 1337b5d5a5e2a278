import * as vscode from 'vscode';

/**
 * A modal question whose default is Cancel. VS Code focuses the first ordinary button and always
 * draws a close button (Escape); so Cancel comes first, the destructive action second, and the close
 * button is labelled apart from Cancel. True only when `action` itself was chosen.
 */
export async function confirmDestructive(message: string, detail: string, action: string): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    message, { modal: true, detail },
    { title: vscode.l10n.t('Cancel') }, { title: action }, { title: vscode.l10n.t('Close'), isCloseAffordance: true },
  );
  return answer?.title === action;
}
