import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RegistryService } from '../../src/registry/types';
import type { RegistryExplorerApi } from '../../src/ui/api';
import type { RegistryConfig } from '../../src/ui/registryConfig';
import type { RegistryNode, TreeNode } from '../../src/ui/tree/nodes';
import { withDialogs, type Step } from './dialogs';

export const EXTENSION_ID = 'crx-team.container-registry-explorer';

/** The seeded registry the harness started (test/harness/runExtensionTests.ts). */
export function seededRegistryUrl(): string {
  const url = process.env.CRX_TEST_REGISTRY;
  assert.ok(url, 'CRX_TEST_REGISTRY is not set: run these tests through the harness (npm test)');
  return url;
}

export async function api(): Promise<RegistryExplorerApi> {
  const extension = vscode.extensions.getExtension<RegistryExplorerApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
  return extension.activate();
}

export async function setRegistries(registries: RegistryConfig[]): Promise<void> {
  await vscode.workspace.getConfiguration('registryExplorer').update('registries', registries, vscode.ConfigurationTarget.Global);
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('registryExplorer').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Walks the tree by labels as a user would, e.g. ['Seeded', 'samples/multiarch', 'latest']. */
export async function walk(explorer: RegistryExplorerApi, labels: string[]): Promise<TreeNode> {
  let children = await explorer.children();
  let found: TreeNode | undefined;
  for (const label of labels) {
    found = children.find((n) => labelOf(n) === label);
    assert.ok(found, `no "${label}" among [${children.map(labelOf).join(', ')}]`);
    children = await explorer.children(found);
  }
  assert.ok(found);
  return found;
}

export function labelOf(node: TreeNode): string {
  switch (node.kind) {
    case 'registry': return node.registry.name ?? node.registry.url;
    case 'repository': return node.repository;
    case 'tag': return node.tag.name;
    case 'manifest': return node.label;
    case 'blob': return node.role === 'config' ? 'config' : `layer ${node.index + 1}`;
    case 'referrers': return 'Referrers';
    case 'referrerTags': return 'Other references';
    case 'untagged': return 'Untagged manifests';
    case 'loadMore': return 'Load more…';
    case 'message': return node.text;
    case 'layerEntry': return node.label;
  }
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * For a suite: only the seeded registry (named `Seeded`) at the default page size, and a scratch
 * folder; afterwards the folder is removed and editors are closed. Read `.folder` inside tests.
 */
export function useSeededRegistryAndFolder(prefix: string): { readonly folder: string } {
  const state = { folder: '' };
  suiteSetup(async () => {
    await setSetting('pageSize', 100);
    await setRegistries([{ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' }]);
    state.folder = await mkdtemp(join(tmpdir(), prefix));
  });
  suiteTeardown(async () => {
    await rm(state.folder, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  return state;
}

/** The questions Add Registry asks for a loopback registry, answered for anonymous or username/password sign-in. */
export function addRegistrySteps(url: string, signIn: { username: string; secret: string } | 'anonymous'): Step[] {
  const steps: Step[] = [
    { kind: 'input', expect: /^Add registry — Registry URL$/, answer: url },
    { kind: 'quickPick', expect: /^Sign-in for 127\.0\.0\.1:\d+ — How should the explorer authenticate\?$/, answer: signIn === 'anonymous' ? 'Anonymous' : 'Username and password' },
  ];
  if (signIn !== 'anonymous') {
    steps.push(
      { kind: 'input', expect: /^Sign-in for 127\.0\.0\.1:\d+ — Username$/, answer: signIn.username },
      { kind: 'input', expect: /^Sign-in for 127\.0\.0\.1:\d+ — Password$/, answer: signIn.secret },
    );
  }
  return steps;
}

/** Adds a registry through Add Registry's real questions; the tree labels it with its URL. */
export async function addRegistryByDialogs(url: string, signIn: { username: string; secret: string } | 'anonymous'): Promise<void> {
  await withDialogs(addRegistrySteps(url, signIn), () => vscode.commands.executeCommand('registryExplorer.addRegistry'));
}

/** Gives a registry added through the dialogs a display name, as a user would in settings. */
export async function nameRegistry(url: string, name: string): Promise<void> {
  const current = vscode.workspace.getConfiguration('registryExplorer').get<RegistryConfig[]>('registries') ?? [];
  await setRegistries(current.map((r) => (r.url === url ? { ...r, name } : r)));
}

/** The basic-auth registry the harness started beside the seeded one. */
export function basicRegistry(): { url: string; username: string; password: string } {
  const url = process.env.CRX_TEST_BASIC_REGISTRY;
  const username = process.env.CRX_TEST_BASIC_USER;
  const password = process.env.CRX_TEST_BASIC_PASSWORD;
  assert.ok(url && username && password, 'the harness did not start the basic-auth registry');
  return { url, username, password };
}

/** Everything the extension has logged so far (the Registry Explorer output channel's files). */
export async function logText(logUri: vscode.Uri): Promise<string> {
  const texts: string[] = [];
  const walkDir = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walkDir(path);
      else texts.push(await readFile(path, 'utf8'));
    }
  };
  await walkDir(logUri.fsPath);
  return texts.join('\n');
}

/** Commands of the view's context menu shown for a row with `contextValue`, in `group` (e.g. inline), by the manifest's `when` clauses. */
export function menuCommandsFor(contextValue: string, group: RegExp): string[] {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  const entries = extension.packageJSON.contributes.menus['view/item/context'] as Array<{ command: string; when: string; group?: string }>;
  return entries.filter((entry) => group.test(entry.group ?? '') && viewItemMatches(entry.when, contextValue)).map((entry) => entry.command);
}

function viewItemMatches(when: string, contextValue: string): boolean {
  const equal = /viewItem == ([^\s)]+)/.exec(when);
  if (equal) return equal[1] === contextValue;
  const pattern = /viewItem =~ \/(.+)\/$/.exec(when);
  return pattern ? new RegExp(pattern[1]).test(contextValue) : false;
}

/** The extension's own client for the seeded registry. */
export async function seededClient(): Promise<RegistryService> {
  const explorer = await api();
  return explorer.clientFor((await walk(explorer, ['Seeded']) as RegistryNode).registry);
}

/**
 * Pushes the seeded samples/hello:1.0 with `padding` appended (another digest, same content) under
 * `tags` and refreshes the tree; returns the digest.
 */
export async function pushVariantOfHello(padding: string, tags: string[]): Promise<string> {
  const client = await seededClient();
  const source = await client.getManifest('samples/hello', '1.0');
  const text = source.bytes.toString('utf8') + padding;
  for (const tag of tags) await client.putManifest('samples/hello', Buffer.from(text), { reference: tag, mediaType: source.mediaType });
  (await api()).refresh();
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
