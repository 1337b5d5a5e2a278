import * as vscode from 'vscode';

/** The safe answer of a destructive question: the first ordinary button, so it is the one focused. */
export const CANCEL = 'Cancel';
const CLOSE = 'Close';

/**
 * A modal question whose default is Cancel. VS Code focuses the first ordinary button and always
 * draws a close button (Escape); so Cancel comes first, the destructive action second, and the close
 * button is labelled apart from Cancel. True only when `action` itself was chosen.
 */
export async function confirmDestructive(message: string, detail: string, action: string): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    message, { modal: true, detail },
    { title: CANCEL }, { title: action }, { title: CLOSE, isCloseAffordance: true },
  );
  return answer?.title === action;
}
