// Registers the Azure commands; their code is required from its own bundle file when first run.
import type * as vscode from 'vscode';
import { registerLogged } from '../commands/registerLogged';
import type { Services } from '../services';

function load(): typeof import('./azureCommands') {
  // A plain require by file name, like the bundle's other on-demand files (esbuild.mjs LAZY_CHUNKS).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./azureCommands.js') as typeof import('./azureCommands');
}

export function registerAzureCommands(services: Services): vscode.Disposable[] {
  return [
    // Takes no argument: the view's title bar hands over the selected row, which says nothing here.
    registerLogged(services.log, 'registryExplorer.addAzureRegistry', () => load().runAddAzureRegistry(services)),
    registerLogged(services.log, 'registryExplorer.dockerLogin', (clicked?: unknown, selected?: unknown) => load().runDockerLogin(services, clicked, selected)),
  ];
}
