import type * as vscode from 'vscode';
import type { RegistryClients } from './clients';
import type { Log } from './log';
import type { RegistryTreeProvider } from './tree/provider';

/** What every command module needs; built once in extension.ts. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly clients: RegistryClients;
  readonly tree: RegistryTreeProvider;
  readonly log: Log;
}
