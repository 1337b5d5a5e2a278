import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { SignInCancelledError, signInCredential, type SessionSource, type TokenCredentialLike } from '../../src/ui/azureSignIn';

/** Stands in for `vscode.authentication`: answers each interactive request from a script. */
function fakeAuthentication(interactive: Array<() => { accessToken: string }>) {
  const calls: Array<{ silent?: boolean; createIfNone?: boolean }> = [];
  const source: SessionSource = {
    async getSession(_provider, _scopes, options) {
      calls.push(options);
      if (options.silent) return undefined;
      const next = interactive.shift();
      assert.ok(next, 'asked more often than expected');
      return next();
    },
  };
  return { source, calls };
}

const fallbackToken: TokenCredentialLike = { getToken: async () => ({ token: 'from-default-credential', expiresOnTimestamp: 0 }) };

function credential(source: SessionSource, fallbacks: string[]) {
  return signInCredential({
    authentication: source, providerId: 'microsoft', scope: 'https://containerregistry.azure.net/.default',
    fallback: async () => { fallbacks.push('created'); return fallbackToken; },
  });
}

test('a cancelled sign-in is an error that says so; the next request asks again; no DefaultAzureCredential', async () => {
  const cancelled = () => { throw Object.assign(new Error('Canceled'), { name: 'Canceled' }); };
  const { source, calls } = fakeAuthentication([cancelled, () => ({ accessToken: 'aad-token' })]);
  const fallbacks: string[] = [];
  const signIn = credential(source, fallbacks);
  await assert.rejects(signIn.getToken('x'), (error: Error) => error instanceof SignInCancelledError && /sign-in \(microsoft\) was cancelled/.test(error.message));
  assert.equal((await signIn.getToken('x'))?.token, 'aad-token');
  assert.equal(calls.filter((c) => c.createIfNone).length, 2, 'the second request must ask again');
  assert.deepEqual(fallbacks, []);
});

test('declining VS Code\'s consent prompt is a cancel too', async () => {
  const { source } = fakeAuthentication([() => { throw new Error('User did not consent to login.'); }]);
  const fallbacks: string[] = [];
  await assert.rejects(credential(source, fallbacks).getToken('x'), SignInCancelledError);
  assert.deepEqual(fallbacks, []);
});

test('another sign-in failure is reported, not replaced by DefaultAzureCredential', async () => {
  const { source } = fakeAuthentication([() => { throw new Error('network unreachable'); }]);
  const fallbacks: string[] = [];
  await assert.rejects(credential(source, fallbacks).getToken('x'), /Microsoft sign-in \(microsoft\) failed: network unreachable/);
  assert.deepEqual(fallbacks, []);
});

for (const wording of ["No authentication provider 'microsoft' is currently registered.", "Timed out waiting for authentication provider 'microsoft' to register."]) {
  test(`only a missing authentication provider falls back to DefaultAzureCredential, once ("${wording}")`, async () => {
    const absent: SessionSource = { async getSession() { throw new Error(wording); } };
    const fallbacks: string[] = [];
    const signIn = credential(absent, fallbacks);
    assert.equal((await signIn.getToken('x'))?.token, 'from-default-credential');
    assert.equal((await signIn.getToken('x'))?.token, 'from-default-credential');
    assert.deepEqual(fallbacks, ['created']);
  });
}
