import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { GitHubSignInError, normalizeApiUrl } from '../../src/registry/sources/githubApi';
import { githubSessions, signInToGitHub, type GitHubAuthentication } from '../../src/ui/githubSignIn';
import { githubPackagePage } from '../../src/ui/browserPages';

type Options = { silent?: boolean; createIfNone?: boolean };

/** Stands in for `vscode.authentication`: records each request and answers from `answer`. */
function fakeAuthentication(answer: (scopes: readonly string[], options: Options) => { accessToken: string; account: { label: string } } | undefined) {
  const calls: Array<{ providerId: string; scopes: string[]; options: Options }> = [];
  const source: GitHubAuthentication = {
    async getSession(providerId, scopes, options) {
      calls.push({ providerId, scopes: [...scopes], options });
      return answer(scopes, options);
    },
  };
  return { source, calls };
}

const session = { accessToken: 'gho_secret', account: { label: 'octo-user' } };

test('reading asks VS Code silently (no dialog at start-up); without a session the error says to sign in', async () => {
  const { source, calls } = fakeAuthentication((_scopes, options) => (options.silent ? undefined : session));
  const sessions = githubSessions(source, 'github');
  await assert.rejects(sessions.get(['read:packages', 'read:org'], false), (error: Error) =>
    error instanceof GitHubSignInError && /Not signed in to GitHub \(github\): sign in/.test(error.message));
  assert.deepEqual(calls, [{ providerId: 'github', scopes: ['read:packages', 'read:org'], options: { silent: true } }]);
  assert.deepEqual(await sessions.get(['read:packages', 'read:org', 'write:packages'], true), { accessToken: 'gho_secret', account: 'octo-user' });
  assert.deepEqual(calls[1].options, { createIfNone: true });
});

test('a missing provider, a declined consent and another failure are sign-in errors in plain words', async () => {
  const failing = (message: string) => fakeAuthentication(() => { throw new Error(message); }).source;
  await assert.rejects(githubSessions(failing("No authentication provider 'ghe' is currently registered."), 'ghe').get(['read:packages'], true),
    /no sign-in provider "ghe".*githubAuthenticationProvider/);
  await assert.rejects(githubSessions(failing('User did not consent to login.'), 'github').get(['read:packages'], true),
    (error: Error) => error instanceof GitHubSignInError && error.code === 'GITHUB_SIGN_IN_CANCELLED');
  await assert.rejects(githubSessions(failing('network down'), 'github').get(['read:packages'], true), /GitHub sign-in \(github\) failed: network down/);
});

test('Sign in asks interactively for the read scopes; a cancel is no error', async () => {
  const { source, calls } = fakeAuthentication(() => session);
  assert.equal(await signInToGitHub(source, 'github'), 'octo-user');
  assert.deepEqual(calls, [{ providerId: 'github', scopes: ['read:packages', 'read:org'], options: { createIfNone: true } }]);
  const cancelling = fakeAuthentication(() => { throw Object.assign(new Error('Canceled'), { name: 'Canceled' }); }).source;
  assert.equal(await signInToGitHub(cancelling, 'github'), undefined);
});

test('the GitHub API URL: api.github.com by default, GitHub Enterprise Server paths kept, anything else refused', () => {
  assert.equal(normalizeApiUrl(undefined), 'https://api.github.com');
  assert.equal(normalizeApiUrl(' https://ghe.example.com/api/v3/ '), 'https://ghe.example.com/api/v3');
  assert.throws(() => normalizeApiUrl('https://user:pw@api.github.com'), /without credentials/);
  assert.throws(() => normalizeApiUrl('ftp://api.github.com'), /https:\/\//);
  assert.throws(() => normalizeApiUrl('not a url'), /not a URL/);
});

test('a package page opens only on github.com or the entry\'s own GitHub Enterprise Server, over https', () => {
  const page = 'https://github.com/orgs/octo-org/packages/container/package/tools%2Fapp';
  assert.deepEqual(githubPackagePage(page, undefined), { url: page });
  assert.deepEqual(githubPackagePage('https://ghe.example.com/orgs/a/packages/container/package/b', 'https://ghe.example.com/api/v3'), { url: 'https://ghe.example.com/orgs/a/packages/container/package/b' });
  for (const refused of ['http://github.com/x', 'https://evil.example/x', 'https://api.github.com/x', 'https://u:p@github.com/x', 'javascript:alert(1)', undefined]) {
    assert.equal(githubPackagePage(refused, 'https://api.github.com'), undefined, String(refused));
  }
});
