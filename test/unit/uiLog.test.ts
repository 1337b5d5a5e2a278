import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { redactSecrets } from '../../src/ui/log';

test('log lines never carry credentials', () => {
  const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXZhbHVl';
  const cases = [
    `Authorization: Bearer ${jwt}`,
    'authorization: Basic dXNlcjpodW50ZXIy',
    'POST /oauth2/token body grant_type=password&password=hunter2&username=u',
    'GET https://blob.example/x?sig=SECRETSIG&se=2026',
    `refresh_token=${jwt}`,
  ];
  for (const line of cases) {
    const out = redactSecrets(line);
    for (const secret of [jwt, 'dXNlcjpodW50ZXIy', 'hunter2', 'SECRETSIG']) assert.ok(!out.includes(secret), `${out} leaks ${secret}`);
  }
  assert.equal(redactSecrets('GET /v2/samples/hello/tags/list 200'), 'GET /v2/samples/hello/tags/list 200');
});
