// The auth policy against a scripted fake registry (no network): challenge handling, token reuse,
// single-flight, insufficient_scope, and that secrets never reach errors or log lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpHeaders, createPipelineRequest, type PipelineRequest, type PipelineResponse, type SendRequest } from '@azure/core-rest-pipeline';
import { createAuthPolicy, AUTH_SCOPES_HEADER } from '../../src/registry/auth/authPolicy';
import type { TokenHttpRequest } from '../../src/registry/auth/tokenClient';
import { ForbiddenError, UnauthorizedError } from '../../src/registry/errors';
import type { AuthConfig } from '../../src/registry/types';

const PASSWORD = 'Pa55-very-secret';
const REALM = 'https://auth.reg.example/token';

function respond(request: PipelineRequest, status: number, headers: Record<string, string> = {}, body = ''): PipelineResponse {
  return { request, status, headers: createHttpHeaders(headers), bodyAsText: body };
}

/** A registry that wants `Bearer tok:<scope>` where the token's scopes cover the challenged scope. */
function fakeRegistry() {
  const seen: Array<{ url: string; authorization?: string }> = [];
  const next: SendRequest = async (request) => {
    const authorization = request.headers.get('authorization');
    seen.push({ url: request.url, authorization });
    const path = new URL(request.url).pathname;
    const repo = path.split('/')[2];
    const scope = `repository:${repo}:${request.method === 'GET' ? 'pull' : 'pull,push'}`;
    const challenge = `Bearer realm="${REALM}",service="reg",scope="${scope}"`;
    if (!authorization) return respond(request, 401, { 'www-authenticate': challenge });
    const granted = authorization.replace(/^Bearer tok:/, '').split(' ');
    const ok = granted.some((g) => g === scope || (g === `repository:${repo}:pull,push` && scope.endsWith(':pull')));
    if (!ok) return respond(request, 401, { 'www-authenticate': `${challenge},error="insufficient_scope"` });
    return respond(request, 200, {}, 'ok');
  };
  return { next, seen };
}

function tokenService(options: { delayMs?: number; grantsPush?: boolean; rejectPassword?: boolean } = {}) {
  const requests: TokenHttpRequest[] = [];
  const fetchToken = async (request: TokenHttpRequest) => {
    requests.push(request);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    if (options.rejectPassword) return { status: 401, bodyText: JSON.stringify({ error: 'invalid_grant', details: `bad password ${PASSWORD}` }) };
    const scopes = new URL(request.url).searchParams.getAll('scope').map((s) => (options.grantsPush === false ? s.replace(',push', '') : s));
    return { status: 200, bodyText: JSON.stringify({ token: `tok:${scopes.join(' ')}`, expires_in: 300 }) };
  };
  return { fetchToken, requests };
}

function send(policy: ReturnType<typeof createAuthPolicy>, next: SendRequest, method: 'GET' | 'PUT', path: string, headers: Record<string, string> = {}) {
  const request = createPipelineRequest({ url: `https://reg.example${path}`, method, headers: createHttpHeaders(headers) });
  return policy.sendRequest(request, next);
}

const basic: AuthConfig = { kind: 'basic', username: 'alice', password: PASSWORD };

test('bearer challenge: token fetched with basic credentials, then reused for the same scope', async () => {
  const registry = fakeRegistry();
  const tokens = tokenService();
  const policy = createAuthPolicy({ host: 'reg.example', auth: basic }, { fetchToken: tokens.fetchToken });
  assert.equal((await send(policy, registry.next, 'GET', '/v2/a/manifests/1')).status, 200);
  assert.equal((await send(policy, registry.next, 'GET', '/v2/a/blobs/sha256:x')).status, 200);
  assert.equal(tokens.requests.length, 1, 'second request reuses the cached token');
  assert.equal(registry.seen.length, 3, 'one 401, then two authorized requests');
  const tokenRequest = tokens.requests[0];
  assert.equal(new URL(tokenRequest.url).searchParams.get('service'), 'reg');
  assert.equal(tokenRequest.headers.authorization, `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`);
});

test('declared scopes are merged into the token request and stripped from the request', async () => {
  const registry = fakeRegistry();
  const tokens = tokenService();
  const policy = createAuthPolicy({ host: 'reg.example', auth: basic }, { fetchToken: tokens.fetchToken });
  const request = createPipelineRequest({ url: 'https://reg.example/v2/dst/blobs/uploads/?mount=sha256:x&from=src', method: 'POST' });
  request.headers.set(AUTH_SCOPES_HEADER, 'repository:src:pull');
  await policy.sendRequest(request, registry.next);
  assert.deepEqual(new URL(tokens.requests[0].url).searchParams.getAll('scope'), ['repository:dst:pull,push', 'repository:src:pull']);
  assert.equal(request.headers.get(AUTH_SCOPES_HEADER), undefined);
});

test('concurrent requests share one token request', async () => {
  const registry = fakeRegistry();
  const tokens = tokenService({ delayMs: 30 });
  const policy = createAuthPolicy({ host: 'reg.example', auth: basic }, { fetchToken: tokens.fetchToken });
  const results = await Promise.all(Array.from({ length: 8 }, () => send(policy, registry.next, 'GET', '/v2/a/tags/list')));
  assert.ok(results.every((r) => r.status === 200));
  assert.equal(tokens.requests.length, 1);
});

test('insufficient_scope after a token becomes ForbiddenError naming the scope', async () => {
  const registry = fakeRegistry();
  const tokens = tokenService({ grantsPush: false });
  const policy = createAuthPolicy({ host: 'reg.example', auth: basic }, { fetchToken: tokens.fetchToken });
  await assert.rejects(send(policy, registry.next, 'PUT', '/v2/a/manifests/1'), (error: unknown) => {
    assert.ok(error instanceof ForbiddenError);
    assert.equal(error.scope, 'repository:a:pull,push');
    assert.match(error.message, /insufficient_scope: user "alice" may not repository:a:pull,push/);
    return true;
  });
});

test('rejected credentials: UnauthorizedError without the password in message or logs', async () => {
  const registry = fakeRegistry();
  const tokens = tokenService({ rejectPassword: true });
  const logs: string[] = [];
  const policy = createAuthPolicy({ host: 'reg.example', auth: basic }, { fetchToken: tokens.fetchToken, log: (_l, _c, m) => logs.push(m) });
  await assert.rejects(send(policy, registry.next, 'GET', '/v2/a/tags/list'), (error: unknown) => {
    assert.ok(error instanceof UnauthorizedError);
    assert.doesNotMatch(JSON.stringify({ m: error.message, s: error.stack, u: error.url, d: error.details }), new RegExp(PASSWORD));
    return true;
  });
  assert.ok(logs.length > 0);
  assert.doesNotMatch(logs.join('\n'), new RegExp(`${PASSWORD}|${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`));
});

test('basic challenge: credentials attached up front after the first 401; wrong password is clear', async () => {
  let wanted = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`;
  const seen: Array<string | undefined> = [];
  const next: SendRequest = async (request) => {
    seen.push(request.headers.get('authorization'));
    return request.headers.get('authorization') === wanted ? respond(request, 200) : respond(request, 401, { 'www-authenticate': 'Basic realm="Registry Realm"' });
  };
  const policy = createAuthPolicy({ host: 'reg.example', auth: basic }, { fetchToken: tokenService().fetchToken });
  assert.equal((await send(policy, next, 'GET', '/v2/')).status, 200);
  assert.equal((await send(policy, next, 'GET', '/v2/a/tags/list')).status, 200);
  assert.deepEqual(seen.map((s) => s !== undefined), [false, true, true]);
  wanted = 'something else';
  await assert.rejects(send(policy, next, 'GET', '/v2/'), (e: unknown) => e instanceof UnauthorizedError && /wrong username or password/.test(e.message) && !e.message.includes(PASSWORD));
  const anonymous = createAuthPolicy({ host: 'reg.example', auth: { kind: 'anonymous' } }, { fetchToken: tokenService().fetchToken });
  await assert.rejects(send(anonymous, next, 'GET', '/v2/'), /requires a username and password/);
});

test('anonymous pull denied becomes a sign-in hint; a streamed body cannot be replayed', async () => {
  const registry = fakeRegistry();
  const tokens = tokenService({ grantsPush: false });
  const policy = createAuthPolicy({ host: 'reg.example', auth: { kind: 'anonymous' } }, { fetchToken: tokens.fetchToken });
  await assert.rejects(send(policy, registry.next, 'PUT', '/v2/a/manifests/1'), (e: unknown) => e instanceof UnauthorizedError && /sign in/.test(e.message));
  const { Readable } = await import('node:stream');
  const request = createPipelineRequest({ url: 'https://reg.example/v2/a/blobs/uploads/x', method: 'PATCH', body: Readable.from([Buffer.from('x')]) });
  await assert.rejects(createAuthPolicy({ host: 'reg.example', auth: basic }, { fetchToken: tokens.fetchToken }).sendRequest(request, registry.next), /cannot be sent twice/);
});

test('a plain-HTTP token realm on a remote host never receives credentials', async () => {
  const next: SendRequest = async (request) => respond(request, 401, { 'www-authenticate': 'Bearer realm="http://auth.example/token",service="s"' });
  const tokens = tokenService();
  const policy = createAuthPolicy({ host: 'reg.example', auth: basic }, { fetchToken: tokens.fetchToken });
  await assert.rejects(send(policy, next, 'GET', '/v2/'), /not HTTPS/);
  assert.equal(tokens.requests.length, 0);
});

test('a token realm on another domain receives no credentials: refused, naming both hosts', async () => {
  for (const auth of [basic, { kind: 'token', token: 'pasted-Token-1' } as AuthConfig]) {
    const next: SendRequest = async (request) => respond(request, 401, { 'www-authenticate': 'Bearer realm="https://auth.other.example/token",service="s"' });
    const tokens = tokenService();
    const policy = createAuthPolicy({ host: 'reg.example', auth }, { fetchToken: tokens.fetchToken });
    await assert.rejects(send(policy, next, 'GET', '/v2/'), (error: unknown) => error instanceof Error && /reg\.example.*auth\.other\.example/.test(error.message));
    assert.equal(tokens.requests.length, 0, `${auth.kind}: nothing was sent to the other host`);
  }
  // Anonymous token requests carry nothing secret and may go anywhere.
  const anonymousTokens = tokenService();
  const anonymous = createAuthPolicy({ host: 'reg.example', auth: { kind: 'anonymous' } }, { fetchToken: anonymousTokens.fetchToken });
  const next: SendRequest = async (request) =>
    request.headers.get('authorization') ? respond(request, 200) : respond(request, 401, { 'www-authenticate': 'Bearer realm="https://auth.other.example/token",service="s"' });
  assert.equal((await send(anonymous, next, 'GET', '/v2/')).status, 200);
  assert.equal(anonymousTokens.requests.length, 1);
});

test('a cached token the registry has revoked is replaced by a fresh one, once', async () => {
  let issued = 0;
  const revoked = new Set<string>();
  const tokenRequests: TokenHttpRequest[] = [];
  const fetchToken = async (request: TokenHttpRequest) => {
    tokenRequests.push(request);
    return { status: 200, bodyText: JSON.stringify({ token: `tok-${++issued}`, expires_in: 300 }) };
  };
  const challenge = `Bearer realm="${REALM}",service="reg",scope="repository:a:pull"`;
  const next: SendRequest = async (request) => {
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
    if (!token || revoked.has(token)) return respond(request, 401, { 'www-authenticate': challenge });
    return respond(request, 200, {}, 'ok');
  };
  const policy = createAuthPolicy({ host: 'reg.example', auth: basic }, { fetchToken });
  assert.equal((await send(policy, next, 'GET', '/v2/a/manifests/1')).status, 200);
  revoked.add('tok-1');
  // A path whose scope is not guessed goes out without a token; the challenge then finds the cached, revoked one.
  assert.equal((await send(policy, next, 'GET', '/v2/a/not-a-route')).status, 200);
  assert.equal(tokenRequests.length, 2, 'one fresh token after the cached one was refused');
  revoked.add('tok-2');
  revoked.add('tok-3');
  await assert.rejects(send(policy, next, 'GET', '/v2/a/not-a-route'), UnauthorizedError, 'a fresh token refused too is an error, not a loop');
  assert.equal(tokenRequests.length, 3);
});
