// The plain-words mapping shared by the extension and the CLI: each transport failure, shaped as the
// transport reports it (a RegistryError with the request URL, Node's error as its cause), gets a
// sentence that says what happened and what to do, in the front end's own terms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ForbiddenError, RegistryError, RetryExhaustedError, TimeoutError, UnauthorizedError } from '../../src/registry/errors';
import { plainWords, rawErrorChain, type PlainWordsAdvice } from '../../src/registry/plainWords';

const URL = 'https://reg.example:5000/v2/';
const CLI: PlainWordsAdvice = { trustCa: 'trust its CA with --ca-file <pem>', signIn: 'give --username', forbidden: 'ask for access', timeout: 'raise --timeout' };
const UI: PlainWordsAdvice = { trustCa: 'add its CA in registryExplorer.caCertificates' };

function transportError(code: string, message: string): RegistryError {
  const cause = Object.assign(new Error(message), { code });
  return new RegistryError(`could not reach reg.example:5000: ${code} (GET ${URL})`, { code, method: 'GET', url: URL, cause });
}

test('a refused connection, also after the retry gave up, names the host and asks whether the registry runs', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  const exhausted = new RetryExhaustedError('gave up after 2 attempts: GET http://127.0.0.1:9/v2/: network error ECONNREFUSED', { method: 'GET', url: 'http://127.0.0.1:9/v2/', cause: refused });
  assert.equal(plainWords(exhausted, CLI), 'Nothing is listening on 127.0.0.1:9 — is the registry running?');
});

test('an unknown host, a certificate, a plain-HTTP answer', () => {
  assert.equal(plainWords(transportError('ENOTFOUND', 'getaddrinfo ENOTFOUND reg.example'), CLI), 'No host named reg.example could be found: check the registry URL');
  assert.equal(plainWords(transportError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), CLI),
    'The TLS certificate of reg.example:5000 is not trusted: trust its CA with --ca-file <pem>');
  assert.equal(plainWords(transportError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), UI),
    'The TLS certificate of reg.example:5000 is not trusted: add its CA in registryExplorer.caCertificates');
  const plainHttp = transportError('EPROTO', 'write EPROTO 80:error:0A00010B:SSL routines:ssl3_get_record:wrong version number');
  assert.equal(plainWords(plainHttp, CLI), 'This server speaks plain HTTP: use http://reg.example:5000');
});

test('a TLS version mismatch or a failed handshake is not called plain HTTP', () => {
  const version = transportError('EPROTO', 'write EPROTO 80:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:SSL alert number 70');
  assert.equal(plainWords(version, CLI), 'reg.example:5000 and this client share no TLS version: the registry must offer TLS 1.2 or newer');
  const handshake = transportError('EPROTO', 'write EPROTO 80:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure');
  assert.equal(plainWords(handshake, CLI), 'The TLS handshake with reg.example:5000 failed: the registry and this client agree on no protocol or cipher');
  const unknownTls = transportError('EPROTO', 'write EPROTO 80:error:0A0000FF:SSL routines::something else');
  assert.equal(plainWords(unknownTls, CLI), undefined, 'an unknown TLS failure keeps its own message');
});

test('time limits, refused sign-ins and refused rights say what to do where the front end gives advice', () => {
  const timeout = new TimeoutError('reg.example did not answer within 1 s (GET https://reg.example/v2/)', { url: URL });
  assert.equal(plainWords(timeout, CLI), 'reg.example did not answer within 1 s (GET https://reg.example/v2/): raise --timeout');
  assert.equal(plainWords(timeout, UI), undefined);
  const rejected = new UnauthorizedError('reg.example rejected basic credentials for alice (wrong username or password?)', { status: 401, url: URL });
  assert.equal(plainWords(rejected, CLI), 'reg.example rejected basic credentials for alice (wrong username or password?): give --username');
  assert.equal(plainWords(rejected, UI), undefined, 'the extension keeps the message: its row has a Sign In button');
  const denied = new ForbiddenError('access denied for DELETE https://reg.example/v2/a/manifests/x (HTTP 403)', { status: 403, url: URL });
  assert.equal(plainWords(denied, CLI), 'access denied for DELETE https://reg.example/v2/a/manifests/x (HTTP 403): ask for access');
});

test('errors without a known cause keep their own message; the raw chain keeps every code', () => {
  assert.equal(plainWords(new RegistryError('not found: GET x (HTTP 404)', { status: 404, url: URL }), CLI), undefined);
  assert.equal(plainWords(new Error('boom'), CLI), undefined);
  assert.equal(plainWords('text', CLI), undefined);
  const chain = rawErrorChain(transportError('ECONNRESET', 'socket hang up'));
  assert.match(chain, /could not reach reg\.example:5000: ECONNRESET/);
  assert.match(chain, /ECONNRESET: socket hang up/);
});
