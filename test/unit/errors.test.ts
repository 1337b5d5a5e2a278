import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ForbiddenError, LockedError, ManifestInvalidError, NotFoundError, RegistryError, UnauthorizedError, UnsupportedError, errorFromResponse, parseOciErrors, redactUrl,
} from '../../src/registry/errors';

const URL_WITH_SECRET = 'https://user:pw@blob.example/x?sig=SECRETSIG&token=SECRETTOKEN';

test('OCI error bodies become the matching error class', () => {
  const notFound = errorFromResponse(404, '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}}]}', 'GET', 'http://r/v2/a/manifests/x');
  assert.ok(notFound instanceof NotFoundError);
  assert.equal(notFound.code, 'MANIFEST_UNKNOWN');
  assert.equal(notFound.status, 404);
  assert.match(notFound.message, /MANIFEST_UNKNOWN: manifest unknown/);
  assert.ok(errorFromResponse(401, '', 'GET', 'http://r/v2/') instanceof UnauthorizedError);
  assert.ok(errorFromResponse(400, '{"errors":[{"code":"MANIFEST_BLOB_UNKNOWN"}]}', 'PUT', 'http://r/v2/a/manifests/t') instanceof ManifestInvalidError);
  const denied = errorFromResponse(403, '{"errors":[{"code":"DENIED","message":"no","detail":[{"Type":"repository","Name":"a","Action":"push"}]}]}', 'PUT', 'http://r/x');
  assert.ok(denied instanceof ForbiddenError);
  assert.equal(denied.scope, 'repository:a:push');
});

test('405 or UNSUPPORTED on DELETE says the registry does not allow deletes', () => {
  const e = errorFromResponse(405, '{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}', 'DELETE', 'http://r/v2/a/manifests/sha256:x');
  assert.ok(e instanceof UnsupportedError);
  assert.match(e.message, /^this registry does not allow deletes/);
});

test('ACR\'s REGISTRY_DISALLOWED_OPERATION (405) says the content is locked, not that deletes or pushes are unsupported', () => {
  const body = '{"errors":[{"code":"REGISTRY_DISALLOWED_OPERATION","message":"The operation is disallowed on this registry, repository or image.","detail":{}}]}';
  for (const method of ['DELETE', 'PUT', 'PATCH']) {
    const e = errorFromResponse(405, body, method, 'https://r.azurecr.io/acr/v1/a/_tags/t');
    assert.ok(e instanceof LockedError, `${method}: ${e.name}`);
    assert.ok(!(e instanceof UnsupportedError));
    assert.match(e.message, /is locked/);
    assert.doesNotMatch(e.message, /does not (allow|support)/);
  }
});

test('hostile bodies are tolerated: huge, not JSON, control characters, HTML', () => {
  const huge = errorFromResponse(500, '{"errors":[{"code":"X","message":"' + 'm'.repeat(10_000_000) + '"}]}', 'GET', 'http://r/');
  assert.ok(huge instanceof RegistryError);
  assert.ok(huge.message.length < 1000, 'message stays short');
  const html = errorFromResponse(502, '<html><body>' + 'x'.repeat(5000) + '</body></html>', 'GET', 'http://r/');
  assert.equal(html.message, 'GET http://r/ failed with HTTP 502');
  const control = errorFromResponse(500, 'line1\r\nFAKE LOG LINE\u001b[31m', 'GET', 'http://r/');
  assert.ok(!/[\r\n]/.test(control.message) && !control.message.includes("\u001b"));
  assert.deepEqual(parseOciErrors('{"errors":"nope"}'), []);
  assert.deepEqual(parseOciErrors('{"errors":[null, 5, {"code": 3}, {"code":"OK"}]}'), [{ code: 'OK', message: undefined, detail: undefined }]);
});

test('URLs in errors carry no userinfo or query secrets', () => {
  const e = errorFromResponse(500, '', 'GET', URL_WITH_SECRET);
  assert.doesNotMatch(`${e.message} ${e.url}`, /SECRET|pw@/);
  assert.equal(redactUrl(URL_WITH_SECRET), 'https://blob.example/x?…');
  assert.equal(redactUrl('not a url?token=SECRET'), 'not a url');
});
