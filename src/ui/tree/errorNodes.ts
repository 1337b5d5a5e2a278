import * as vscode from 'vscode';
import { ForbiddenError, UnauthorizedError, UnsupportedError } from '../../registry/errors';
import { MissingSecretError } from '../clients';
import { errorMessage, errorStatus } from '../errors';
import { isLayout } from '../registryLocation';
import type { MessageAction, MessageNode, TreeNode } from './nodes';

/** Turns a failure under `parent` into a row that says why and offers the next step. */
export function errorNode(error: unknown, parent: TreeNode): MessageNode {
  const text = errorMessage(error);
  const status = errorStatus(error);
  const retry: MessageAction = { title: vscode.l10n.t('Retry'), command: 'registryExplorer.refreshNode', args: [parent] };
  const signIn: MessageAction = { title: vscode.l10n.t('Sign in'), command: 'registryExplorer.signIn', args: [parent] };
  const row = (message: string, ...actions: MessageAction[]): MessageNode => ({
    kind: 'message', key: `${parent.key}#error`, severity: 'error', text: message, detail: text, actions,
  });
  // A layout has no sign-in and no URL to edit: what is wrong is in the folder.
  if (!('registry' in parent) || isLayout(parent.registry)) return row(text, retry);
  const edit: MessageAction = { title: vscode.l10n.t('Edit registry'), command: 'registryExplorer.editRegistry', args: [parent] };
  const catalogRefused = error instanceof ForbiddenError || error instanceof UnsupportedError || status === 403 || status === 404 || status === 405;
  if (parent.kind === 'registry' && catalogRefused) {
    // Harbor and scoped ACR tokens refuse the catalog; naming repositories still works.
    const addByName: MessageAction = { title: vscode.l10n.t('Add repository by name'), command: 'registryExplorer.addRepository', args: [parent] };
    return row(vscode.l10n.t('This registry does not list its repositories: {0}', text), addByName, signIn, retry);
  }
  if (error instanceof MissingSecretError || error instanceof UnauthorizedError || (status === 401 && !(error instanceof ForbiddenError))) {
    return row(vscode.l10n.t('Sign-in needed: {0}', text), signIn, ...(parent.kind === 'registry' ? [edit] : []), retry);
  }
  if (error instanceof ForbiddenError) return row(vscode.l10n.t('Not allowed: {0}', text), signIn, retry);
  return row(text, retry, ...(parent.kind === 'registry' ? [edit] : []));
}
