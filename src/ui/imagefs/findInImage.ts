import * as vscode from 'vscode';
import { nodeArgument } from '../commands/nodeArgs';
import { pickManifestTarget } from '../commands/pickers';
import type { ImageDocuments } from '../documents/imageDocuments';
import { replaceUnsafeCharacters } from '../markdown';
import type { Services } from '../services';
import type { ImageFiles } from '../../registry/imagefs/api';
import type { CommandHandlers } from './commandHandlers';
import type { ImageSources } from './imageSources';
import { IMAGE_SCHEME, imageUriParts, parseImageUri } from './imageUri';
import { resolveImageWithFiles } from './imageWithFiles';
import { imageRootUri } from './openCommands';
import { openImageFile } from './openFile';
import { findFiles, globProblem, type FoundFile, type GlobProblem } from './service';

/** Results listed at most; the search stops there. */
const MAX_RESULTS = 500;

export interface FindResult { root: vscode.Uri; found: FoundFile[]; opened?: vscode.Uri }

/**
 * Find in Image…: paths by glob and text in files, over an image's merged files; a result opens
 * the file read-only at its line. From a tag or platform row, an image folder (its Explorer
 * context menu) or the palette.
 */
export function findInImageCommand(services: Services, sources: ImageSources, notes: ImageDocuments): CommandHandlers {
  return { 'registryExplorer.findInImage': async (argument?: unknown): Promise<FindResult | undefined> => {
    const opened = await imageOf(services, sources, argument);
    if (!opened) return undefined;
    const { root, files, name } = opened;
    const glob = await vscode.window.showInputBox({
      title: vscode.l10n.t('Find in {0}', name), prompt: vscode.l10n.t('Paths to search (a glob such as **/*.conf; empty for every file)'),
      validateInput: (value) => globMessage(value.trim()),
    });
    if (glob === undefined) return undefined;
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Find in {0}', name), prompt: vscode.l10n.t('Text to find in those files (empty to list the paths only)'),
    });
    if (text === undefined) return undefined;
    const found = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Searching {0}', name), cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        const results: FoundFile[] = [];
        try {
          for await (const result of findFiles(files, { glob: glob.trim() || undefined, text: text || undefined, maxResults: MAX_RESULTS, signal: abort.signal })) results.push(result);
        } finally {
          subscription.dispose();
        }
        return results;
      });
    const result: FindResult = { root, found };
    const more = found.length >= MAX_RESULTS ? vscode.l10n.t(' (the first {0})', MAX_RESULTS) : '';
    const title = found.length === 1 ? vscode.l10n.t('1 result in {0}{1}', name, more) : vscode.l10n.t('{0} results in {1}{2}', found.length, name, more);
    const picked = await vscode.window.showQuickPick(found.map((f) => ({
      label: replaceUnsafeCharacters(`/${f.node.path}`),
      description: f.line !== undefined ? vscode.l10n.t('line {0}', f.line) : undefined,
      detail: f.preview !== undefined ? replaceUnsafeCharacters(f.preview.trim()) : undefined,
      found: f,
    })), { title, matchOnDetail: true });
    if (!picked) return result;
    result.opened = vscode.Uri.joinPath(root, picked.found.node.path);
    const line = picked.found.line;
    await openImageFile(result.opened, notes, line !== undefined ? { selection: new vscode.Range(line - 1, 0, line - 1, 0) } : {});
    return result;
  } };
}

/** Why a glob cannot be searched for, in the input box's words; undefined when it can. */
function globMessage(glob: string): string | undefined {
  const problem = globProblem(glob);
  if (!problem) return undefined;
  const why: Record<GlobProblem, string> = {
    unclosedBracket: vscode.l10n.t('a "[" is not closed by "]"'),
    unbalancedBraces: vscode.l10n.t('its opening and closing braces do not pair up'),
    badClass: vscode.l10n.t('a [...] class is empty or not a valid class'),
  };
  return vscode.l10n.t('"{0}" is not a valid glob: {1}', glob, why[problem]);
}

/** The image a row, an image folder or the palette names, opened. */
async function imageOf(services: Services, sources: ImageSources, argument: unknown): Promise<{ root: vscode.Uri; files: ImageFiles; name: string } | undefined> {
  if (argument instanceof vscode.Uri) {
    const location = parseImageUri(argument);
    if (!location || location.scheme !== IMAGE_SCHEME) return undefined;
    const root = vscode.Uri.from(imageUriParts({ ...location, path: '' }));
    const files = await sources.files({ ...location, path: '' }) as ImageFiles;
    return { root, files, name: vscode.workspace.getWorkspaceFolder(root)?.name ?? `${location.repository}@${location.digest}` };
  }
  const row = nodeArgument(argument, 'tag', 'manifest');
  if (!row) {
    // Images open as folders come first in the palette.
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === IMAGE_SCHEME);
    if (folders.length > 0) {
      const other = { label: `$(search) ${vscode.l10n.t('Another image…')}`, uri: undefined };
      const picked = await vscode.window.showQuickPick([...folders.map((f) => ({ label: f.name, uri: f.uri })), other], { title: vscode.l10n.t('Find in image') });
      if (!picked) return undefined;
      if (picked.uri) return imageOf(services, sources, picked.uri);
    }
  }
  const target = row ?? await pickManifestTarget(services, vscode.l10n.t('Find in image'));
  if (!target) return undefined;
  const image = await resolveImageWithFiles(services, target);
  if (!image) return undefined;
  const files = await sources.openImage(image.registry, image.repository, image.fetched);
  return { root: imageRootUri(image), files, name: `${image.repository}${image.reference}` };
}
