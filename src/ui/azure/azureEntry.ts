// Registers the Azure commands; their code, and Entra sign-in for `azure` registries, are required
// from their own bundle file when first used.
import type * as vscode from 'vscode';
import { registerLogged } from '../commands/registerLogged';
import type { Services } from '../services';

export function loadAzureCommands(): typeof import('./azureCommands') {
  // A plain require by file name, like the bundle's other on-demand files (esbuild.mjs LAZY_CHUNKS).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./azureCommands.js') as typeof import('./azureCommands');
}

export function registerAzureCommands(services: Services): vscode.Disposable[] {
  return [
    // Takes no argument: the view's title bar hands over the selected row, which says nothing here.
    registerLogged(services.log, 'registryExplorer.addAzureRegistry', () => loadAzureCommands().runAddAzureRegistry(services)),
    registerLogged(services.log, 'registryExplorer.dockerLogin', (clicked?: unknown, selected?: unknown) => loadAzureCommands().runDockerLogin(services, clicked, selected)),
  ];
}
