// The image filesystem's commands, its file system provider and the layer cache, with the service
// beneath them; set up the first time one of them is used.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ImageDocuments } from '../documents/imageDocuments';
import type { ManifestDocuments } from '../documents/manifestDocuments';
import type { Services } from '../services';
import type { Descriptor } from '../../registry/types';
import type { BlobNode, LayerEntryNode, TreeNode } from '../tree/nodes';
import { changeCommands } from './changeCommands';
import { ChangesView, CHANGES_VIEW } from './changesView';
import type { CommandHandlers } from './commandHandlers';
import { compareCommand } from './compareCommand';
import { findInImageCommand } from './findInImage';
import { ImageFileSystem } from './imageFileSystem';
import { ImageSources } from './imageSources';
import { layerRows } from './layerRows';
import { openCommands } from './openCommands';
import { saveFileCommand } from './saveFile';

export interface ImageFs extends vscode.Disposable {
  readonly fileSystem: vscode.FileSystemProvider;
  readonly commands: CommandHandlers;
  layerRows(parent: BlobNode | LayerEntryNode, layer: Descriptor, directory: string): Promise<TreeNode[]>;
}

export function createImageFs(services: Services, manifests: ManifestDocuments, notes: ImageDocuments): ImageFs {
  // This file has its own copy of @vscode/l10n: it reads VS Code's bundle too.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const sources = new ImageSources(services);
  const changes = new ChangesView();
  const changesView = vscode.window.createTreeView(CHANGES_VIEW, { treeDataProvider: changes });
  changes.attach(changesView);
  return {
    fileSystem: new ImageFileSystem(sources),
    commands: {
      ...openCommands(services, sources, notes),
      ...compareCommand(services, manifests, notes, { sources, changes }),
      ...changeCommands(notes),
      ...findInImageCommand(services, sources, notes),
      ...saveFileCommand(services, sources),
    },
    layerRows: (parent, layer, directory) => layerRows(() => sources.openLayer(parent.registry, parent.repository, layer), parent, layer, directory),
    dispose: () => { changesView.dispose(); changes.dispose(); sources.dispose(); },
  };
}
