import type * as vscode from 'vscode';
import type { RegistryClients } from './clients';
import type { Log } from './log';
import type { TreeNode } from './tree/nodes';
import type { RegistryTreeProvider } from './tree/provider';

/** What every command module needs; built once in extension.ts. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly clients: RegistryClients;
  readonly tree: RegistryTreeProvider;
  readonly log: Log;
  /** The explorer's view: keybindings get no row, so they act on its selection. */
  readonly view?: vscode.TreeView<TreeNode>;
}
