import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { RegistryClients } from './ui/clients';
import { registerAddRegistry } from './ui/commands/addRegistry';
import { registerDockerHubCommands } from './ui/commands/dockerHub';
import { registerAzureCommands } from './ui/azure/azureEntry';
import { registerAddGitHubRegistry } from './ui/commands/addGitHubRegistry';
import { registerAddTag } from './ui/commands/addTag';
import { registerAcrCommands } from './ui/commands/acrCommands';
import { registerCopyTo } from './ui/commands/copyTo';
import { registerDeleteCommands } from './ui/commands/delete';
import { registerDownloadCommands } from './ui/commands/download';
import { registerImageCommands } from './ui/commands/imageCommands';
import { registerInspectCommands } from './ui/commands/inspect';
import { registerManifestEditing } from './ui/commands/manifestEditing';
import { registerNavigationCommands } from './ui/commands/navigation';
import { registerOpenInBrowser } from './ui/commands/openInBrowser';
import { registerPullCommand } from './ui/commands/pull';
import { registerRegistryCommands } from './ui/commands/registries';
import { registerRegistryEdits } from './ui/commands/registryEdits';
import { registerRowActions } from './ui/commands/rowActions';
import { MANIFEST_SCHEME, ManifestDocuments } from './ui/documents/manifestDocuments';
import { createApi, type RegistryExplorerApi } from './ui/api';
import { describeFailure } from './ui/commands/registerLogged';
import { Log } from './ui/log';
import type { Services } from './ui/services';
import { TreeState } from './ui/tree/treeState';
import { ImageDocuments } from './ui/documents/imageDocuments';
import { registerImageFilesystem } from './ui/imagefs/register';
import { RegistryTreeProvider } from './ui/tree/provider';
import { registerTagSortCommand } from './ui/commands/tagSort';
import { wireTreeView } from './ui/tree/treeWiring';
import { registerLayoutCommands } from './ui/layouts/layoutCommands';
import { registerPushImage } from './ui/layouts/pushImage';
import { WorkspaceLayouts } from './ui/layouts/workspaceLayouts';
import { withFoundLayouts } from './ui/layouts/layoutPaths';
import { readRegistries } from './ui/registryConfig';

/** Wires the pieces together; no network work happens here. */
export function activate(context: vscode.ExtensionContext): RegistryExplorerApi {
  // Modules that must not import `vscode` translate through @vscode/l10n, with VS Code's bundle.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const channel = vscode.window.createOutputChannel('Registry Explorer', { log: true });
  const log = new Log(channel);
  const clients = new RegistryClients(context.secrets, log);
  const pageSize = () => vscode.workspace.getConfiguration('registryExplorer').get<number>('pageSize', 100);
  const treeError = (where: string, error: unknown) => log.error('tree', `${where}: ${describeFailure(error)}`);
  const layouts = new WorkspaceLayouts((message) => log.warn('layouts', message));
  const tree = new RegistryTreeProvider(new TreeState(clients, pageSize, treeError), {
    log: (message) => log.warn('tree', message),
    debug: (message) => log.debug('tree', message),
    roots: () => withFoundLayouts(readRegistries(), layouts.found()),
  });
  const view = vscode.window.createTreeView('registryExplorer.registries', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  const documents = new ManifestDocuments();
  const imageDocuments = new ImageDocuments();
  const services: Services = { context, clients, tree, log, view };

  context.subscriptions.push(
    channel, clients, tree, view, documents, layouts,
    layouts.onDidChange(() => tree.refresh()),
    vscode.workspace.registerTextDocumentContentProvider(MANIFEST_SCHEME, documents),
    vscode.languages.registerHoverProvider({ scheme: MANIFEST_SCHEME }, documents),
    vscode.workspace.onDidCloseTextDocument((document) => documents.forget(document.uri)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('registryExplorer.registries')) tree.refresh();
    }),
    ...registerNavigationCommands(services),
    registerAddRegistry(services),
    ...registerDockerHubCommands(services),
    ...registerAzureCommands(services),
    registerAddGitHubRegistry(services),
    ...registerRegistryCommands(services),
    ...registerRegistryEdits(services),
    registerOpenInBrowser(services),
    ...registerInspectCommands(services, documents),
    ...registerImageCommands(services, imageDocuments),
    ...registerImageFilesystem(services, documents, imageDocuments),
    ...registerDownloadCommands(services),
    ...registerManifestEditing(services),
    ...registerDeleteCommands(services),
    ...registerPullCommand(services),
    ...registerRowActions(services),
    ...registerAddTag(services),
    ...registerCopyTo(services),
    ...registerAcrCommands(services),
    ...wireTreeView(tree, view, context.globalState),
    ...registerTagSortCommand(services),
    ...registerLayoutCommands(services, layouts),
    ...registerPushImage(services, layouts),
  );
  // A local file search, no network: found layouts appear when it ends.
  void layouts.scan();
  log.info('extension', `activated ${context.extension.packageJSON.version}`);
  return createApi(services, view);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
