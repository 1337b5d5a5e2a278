// Registers the Azure commands (Add Azure Container Registry…, Log in to Docker).
import type * as vscode from 'vscode';
import { registerLogged } from '../commands/registerLogged';
import type { Services } from '../services';
import { runAddAzureRegistry, runDockerLogin } from './azureCommands';

export function registerAzureCommands(services: Services): vscode.Disposable[] {
  return [
    // Takes no argument: the view's title bar hands over the selected row, which says nothing here.
    registerLogged(services.log, 'registryExplorer.addAzureRegistry', () => runAddAzureRegistry(services)),
    registerLogged(services.log, 'registryExplorer.dockerLogin', (clicked?: unknown, selected?: unknown) => runDockerLogin(services, clicked, selected)),
  ];
}
