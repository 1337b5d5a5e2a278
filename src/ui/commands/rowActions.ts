import type * as vscode from 'vscode';
import * as vscodeApi from 'vscode';
import type { MessageNode } from '../tree/nodes';
import type { Services } from '../services';
import { nodeArgument } from './nodeArgs';
import { registerLogged } from './registerLogged';

/**
 * An error row's actions as buttons on the row itself. VS Code hands an inline button the row's
 * node; each button runs the row's action of its own kind with the arguments the row holds.
 */
export const ROW_ACTIONS: Readonly<Record<string, string>> = {
  retry: 'registryExplorer.refreshNode',
  signIn: 'registryExplorer.signIn',
  editRegistry: 'registryExplorer.editRegistry',
  addRepository: 'registryExplorer.addRepository',
};

/** `message.error|retry|signIn|`: the row's kind, then the buttons it shows (matched by `when` clauses). */
export function messageContextValue(node: MessageNode): string {
  const base = node.severity === 'error' ? 'message.error' : 'message';
  const names = Object.entries(ROW_ACTIONS).filter(([, command]) => node.actions.some((a) => a.command === command)).map(([name]) => name);
  return names.length ? `${base}|${names.join('|')}|` : base;
}

export function registerRowActions(services: Services): vscode.Disposable[] {
  return Object.entries(ROW_ACTIONS).map(([name, command]) =>
    registerLogged(services.log, `registryExplorer.row.${name}`, async (argument?: unknown) => {
      const action = nodeArgument(argument, 'message')?.actions.find((a) => a.command === command);
      if (action) await vscodeApi.commands.executeCommand(action.command, ...action.args);
    }));
}
