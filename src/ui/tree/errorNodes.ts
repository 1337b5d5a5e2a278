import { MissingSecretError } from '../clients';
import { errorMessage, errorStatus } from '../errors';
import type { MessageAction, MessageNode, TreeNode } from './nodes';

/** Turns a failure under `parent` into a row that says why and offers the next step. */
export function errorNode(error: unknown, parent: TreeNode): MessageNode {
  const registry = 'registry' in parent ? parent.registry : undefined;
  const status = errorStatus(error);
  const actions: MessageAction[] = [];
  const retry: MessageAction = { title: 'Retry', command: 'registryExplorer.refreshNode', args: [parent] };
  let text = errorMessage(error);
  if (registry && (error instanceof MissingSecretError || status === 401)) {
    actions.push({ title: 'Sign in', command: 'registryExplorer.signIn', args: [parent] });
    text = status === 401 ? `Sign-in required or rejected: ${text}` : text;
  } else if (registry && parent.kind === 'registry' && (status === 403 || status === 404 || status === 405)) {
    // Harbor and scoped ACR tokens forbid the catalog; the user can still name repositories.
    text = `This registry does not list its repositories (${text})`;
    actions.push({ title: 'Add repository by name', command: 'registryExplorer.addRepository', args: [parent] });
  } else {
    actions.push(retry);
  }
  if (registry && parent.kind === 'registry') actions.push({ title: 'Edit registry', command: 'registryExplorer.editRegistry', args: [parent] });
  if (!actions.includes(retry)) actions.push(retry);
  return { kind: 'message', key: `${parent.key}#error`, severity: 'error', text, detail: text, actions };
}
