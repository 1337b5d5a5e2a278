import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MessageNode, RepositoryNode, TagNode } from '../../src/ui/tree/nodes';
import { startGitHubApiServer, type RunningGitHub } from '../harness/githubApiServer';
import { seedGitHubPackages, type GitHubContent } from '../harness/githubSeed';
import { TEST_GITHUB_ACCOUNT, TEST_GITHUB_PROVIDER } from '../harness/testAuthentication';
import { withDialogs } from './dialogs';
import { api, labelOf, seededRegistryUrl, setRegistries, setSetting, walk } from './helpers';

const ORG = 'octo-org';

/**
 * A GitHub sign-in of the test's own: registered under the id the extension's provider setting names
 * (the harness lets the extension use its account without the consent dialog, see
 * test/harness/testAuthentication.ts). Each scope set gets a token of the GitHub test server with
 * exactly those scopes, or with `grant`'s when set.
 */
class TestGitHubProvider implements vscode.AuthenticationProvider {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  readonly requested: string[][] = [];
  private sessions = new Map<string, vscode.AuthenticationSession>();
  signedIn = true;
  grant?: (scopes: readonly string[]) => string[];

  constructor(private readonly github: () => RunningGitHub) {}

  async getSessions(scopes: readonly string[] | undefined): Promise<vscode.AuthenticationSession[]> {
    if (!this.signedIn || !scopes) return [];
    this.requested.push([...scopes]);
    const key = [...scopes].sort().join(' ');
    let session = this.sessions.get(key);
    if (!session) {
      session = { id: key, accessToken: this.github().issueToken(this.grant ? this.grant(scopes) : [...scopes]), account: { id: '4242', label: TEST_GITHUB_ACCOUNT }, scopes: [...scopes] };
      this.sessions.set(key, session);
    }
    return [session];
  }

  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    this.signedIn = true;
    const [session] = await this.getSessions(scopes);
    this.changed.fire({ added: [session], removed: [], changed: [] });
    return session;
  }

  async removeSession(): Promise<void> {
    this.signOut();
  }

  /** Forgets every session (as signing out does) and tells VS Code. */
  signOut(): void {
    const removed = [...this.sessions.values()];
    this.sessions.clear();
    this.signedIn = false;
    this.changed.fire({ added: [], removed, changed: [] });
  }

  /** Sessions issued from now on carry new tokens (after `grant` changed). */
  renew(): void {
    const changed = [...this.sessions.values()];
    this.sessions.clear();
    this.changed.fire({ added: [], removed: [], changed });
  }
}

suite('GitHub Container Registry', () => {
  let github: RunningGitHub;
  let content: GitHubContent;
  let registration: vscode.Disposable;
  const provider = new TestGitHubProvider(() => github);
  const seeded = () => ({ name: 'Seeded', url: seededRegistryUrl(), auth: 'anonymous' as const });
  const ghcr = () => ({ name: 'GHCR', url: github.registryUrl, source: 'ghcr' as const, githubApiUrl: github.apiUrl });

  suiteSetup(async function () {
    this.timeout(120_000);
    github = await startGitHubApiServer({ login: TEST_GITHUB_ACCOUNT, orgs: [ORG], publicRepositories: [`${ORG}/tools/app`] });
    content = await seedGitHubPackages(github, TEST_GITHUB_ACCOUNT, ORG);
    registration = vscode.authentication.registerAuthenticationProvider(TEST_GITHUB_PROVIDER, 'Test GitHub', provider);
    await setSetting('githubAuthenticationProvider', TEST_GITHUB_PROVIDER);
  });
  setup(async () => {
    provider.signedIn = true;
    provider.grant = undefined;
    provider.renew();
    await setRegistries([seeded(), ghcr()]);
    (await api()).refresh();
  });
  suiteTeardown(async () => {
    await setRegistries([seeded()]);
    await setSetting('githubAuthenticationProvider', undefined);
    registration?.dispose();
    await github?.close();
  });

  test('lists the user\'s and the organisation\'s packages, and a package\'s tags with digests from the versions', async () => {
    const explorer = await api();
    const packages = await explorer.children(await walk(explorer, ['GHCR'])) as RepositoryNode[];
    assert.deepEqual(packages.map(labelOf), content.repositories);
    const app = packages.find((p) => p.repository === content.orgApp.repository);
    assert.equal(app?.info?.isPrivate, false);
    assert.equal(app?.info?.owner, ORG);
    assert.deepEqual(provider.requested[provider.requested.length - 1], ['read:packages', 'read:org']);
    const tags = await explorer.children(await walk(explorer, ['GHCR', content.hello.repository])) as TagNode[];
    assert.deepEqual(tags.map(labelOf).sort(), ['1.0', '2.0', 'latest']);
    assert.equal(tags.find((t) => t.tag.name === '2.0')?.tag.digest, content.hello.v2.digest);
    assert.ok(tags.every((t) => t.tag.lastUpdatedOn), 'tags carry the versions\' times');
    assert.ok(github.requests.some((r) => r.path.startsWith('/user/packages/container/hello/versions')), 'tags were not listed through the packages API');
  });

  test('opens a GitHub package\'s manifest with its exact bytes', async () => {
    const explorer = await api();
    const tag = await walk(explorer, ['GHCR', content.orgApp.repository, 'v1']) as TagNode;
    const uri = await vscode.commands.executeCommand<vscode.Uri>('registryExplorer.openManifest', tag);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.getText(), content.orgApp.manifest.bytes.toString('utf8'));
  });

  test('deleting a tag asks, then deletes its version through GitHub\'s API with delete:packages', async () => {
    const explorer = await api();
    const client = await explorer.clientFor(ghcr());
    const source = await client.getManifest(content.web.repository, 'v1');
    const image = JSON.stringify({ ...JSON.parse(source.bytes.toString('utf8')), annotations: { purpose: 'deleted by the extension test' } });
    const pushed = await client.putManifest(content.web.repository, Buffer.from(image), { reference: 'doomed', mediaType: source.mediaType });
    assert.ok(provider.requested.some((s) => s.includes('write:packages')), 'pushing did not ask for write:packages');
    explorer.refresh();
    const tag = await walk(explorer, ['GHCR', content.web.repository, 'doomed']) as TagNode;
    const host = new URL(github.registryUrl).host;
    await withDialogs([
      { kind: 'question', expect: new RegExp(`^Delete tag ${host}/${content.web.repository}:doomed\\?$`), answer: 'Delete' },
      { kind: 'question', expect: new RegExp(`^This registry cannot delete the tag doomed alone\\. Delete manifest ${pushed.digest} instead\\?$`), answer: 'Delete Manifest' },
    ], () => vscode.commands.executeCommand('registryExplorer.deleteTag', tag, [tag]));
    assert.ok(provider.requested.some((s) => s.includes('delete:packages')), 'deleting did not ask for delete:packages');
    const deleted = github.requests.filter((r) => r.method === 'DELETE' && r.status === 204);
    assert.equal(deleted.length, 1, JSON.stringify(github.requests.filter((r) => r.method === 'DELETE')));
    await assert.rejects(client.getManifest(content.web.repository, pushed.digest));
    const left = (await explorer.children(await walk(explorer, ['GHCR', content.web.repository]))).map(labelOf);
    assert.deepEqual(left, ['v1']);
  });

  test('signed out, or a sign-in without read:packages: a plain row with Sign in, which lists once the sign-in is right', async () => {
    const explorer = await api();
    provider.signOut();
    // The tree hears the sign-out asynchronously; a refresh makes the read below wait for it.
    explorer.refresh();
    let rows = await explorer.children(await walk(explorer, ['GHCR']));
    let row = rows[0] as MessageNode;
    assert.equal(row.kind, 'message');
    assert.match(row.text, /^Sign-in needed: Not signed in to GitHub \(crx-test-github\)/);
    assert.ok(row.actions.some((a) => a.title === 'Sign in'));

    provider.signedIn = true;
    provider.grant = () => ['read:org'];
    provider.renew();
    explorer.refresh();
    rows = await explorer.children(await walk(explorer, ['GHCR']));
    row = rows[0] as MessageNode;
    assert.match(row.text, /lacks the read:packages or write:packages or delete:packages scope .*sign in again and grant it/);
    const signIn = row.actions.find((a) => a.title === 'Sign in');
    assert.ok(signIn, JSON.stringify(row.actions));

    provider.grant = undefined;
    provider.renew();
    await vscode.commands.executeCommand(signIn.command, ...signIn.args);
    assert.deepEqual((await explorer.children(await walk(explorer, ['GHCR']))).map(labelOf), content.repositories);
  });

  test('the github.com sign-in is never used for another host an entry names: the row says which sign-in to name', async () => {
    const explorer = await api();
    const before = { api: github.requests.length, tokens: github.tokenServer.requests.length, sessions: provider.requested.length };
    await setSetting('githubAuthenticationProvider', undefined);
    try {
      explorer.refresh();
      const row = (await explorer.children(await walk(explorer, ['GHCR'])))[0] as MessageNode;
      assert.match(row.text, /The "github" sign-in is for github\.com: for 127\.0\.0\.1:\d+, name its GitHub Enterprise sign-in in the registryExplorer\.githubAuthenticationProvider setting/);
    } finally {
      await setSetting('githubAuthenticationProvider', TEST_GITHUB_PROVIDER);
    }
    assert.deepEqual({ api: github.requests.length, tokens: github.tokenServer.requests.length, sessions: provider.requested.length }, before);
  });

  test('Open in Browser on a package opens the page GitHub\'s API named', async () => {
    const explorer = await api();
    const app = await walk(explorer, ['GHCR', content.orgApp.repository]) as RepositoryNode;
    const env = vscode.env as unknown as Record<string, unknown>;
    const original = Object.getOwnPropertyDescriptor(env, 'openExternal');
    const opened: string[] = [];
    Object.defineProperty(env, 'openExternal', { configurable: true, writable: true, value: async (target: unknown) => { opened.push(String(target)); return true; } });
    try {
      await vscode.commands.executeCommand('registryExplorer.openInBrowser', app, [app]);
    } finally {
      if (original) Object.defineProperty(env, 'openExternal', original);
    }
    assert.deepEqual(opened, [`https://github.com/orgs/${ORG}/packages/container/package/tools%2Fapp`]);
  });

  test('Add GitHub Container Registry (palette) and Add Registry with ghcr.io save a GitHub entry after signing in', async () => {
    await setRegistries([seeded()]);
    await withDialogs([], () => vscode.commands.executeCommand('registryExplorer.addGitHubRegistry'));
    const saved = () => vscode.workspace.getConfiguration('registryExplorer').get<Array<Record<string, unknown>>>('registries') ?? [];
    assert.deepEqual(saved()[1], { name: 'GitHub Container Registry', url: 'https://ghcr.io', source: 'ghcr' });

    await setRegistries([seeded()]);
    const { dialogs } = await withDialogs([
      { kind: 'input', expect: /^Add registry — Registry URL$/, answer: 'https://ghcr.io' },
      { kind: 'quickPick', expect: /^Sign-in for ghcr\.io$/, answer: 'GitHub sign-in' },
    ], () => vscode.commands.executeCommand('registryExplorer.addRegistry'));
    assert.deepEqual(dialogs.asked[1].choices, ['GitHub sign-in', 'Another sign-in']);
    assert.deepEqual(saved()[1], { name: 'GitHub Container Registry', url: 'https://ghcr.io', source: 'ghcr' });
    assert.deepEqual(dialogs.messages('info'), [`GitHub Container Registry added: signed in to GitHub as ${TEST_GITHUB_ACCOUNT}.`]);
  });
});
