import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { VizierClient } from '../../src/client/vizier-client.js';
import { collectResult, ScriptError } from '../../src/client/results.js';
import { mintServiceToken } from '../../src/client/token.js';
import { DataType, SemanticType } from '../../src/types/index.js';
import { startFakeServer, type Script } from './fake-server.js';

const KEY = 'client-test-key';
const relation = {
  columns: [
    { columnName: 'time_', columnType: DataType.TIME64NS, columnSemanticType: SemanticType.ST_NONE },
    { columnName: 'svc', columnType: DataType.STRING, columnSemanticType: SemanticType.ST_SERVICE_NAME },
  ],
};
const T = 1_764_768_000_123_456_789n;
const ok: Script = [
  { queryId: 'q1', result: { case: 'metaData', value: { id: 'tid', name: 'out', relation } } },
  { queryId: 'q1', result: { case: 'data', value: { batch: { tableId: 'tid', numRows: 1n, cols: [
    { colData: { case: 'time64nsData', value: { data: [T] } } },
    { colData: { case: 'stringData', value: { data: [new TextEncoder().encode('ns/a')] } } },
  ] } } } },
  { queryId: 'q1', result: { case: 'data', value: { batch: { tableId: 'tid', numRows: 1n, eos: true, cols: [
    { colData: { case: 'time64nsData', value: { data: [T + 1n] } } },
    { colData: { case: 'stringData', value: { data: [Uint8Array.of(0xff)] } } },
  ] } } } },
  { queryId: 'q1', result: { case: 'data', value: { executionStats: { recordsProcessed: 2n, bytesProcessed: 10n } } } },
];

test('mints the agent-side token shape, verifiable with the key', async () => {
  const now = 1_800_000_000;
  const tok = await mintServiceToken(KEY, { serviceId: 'kelvin', now, ttlSeconds: 30 });
  assert.equal(decodeProtectedHeader(tok), { alg: 'HS256', typ: 'JWT' });
  const c = decodeJwt(tok);
  assert.equal({ iss: c.iss, aud: c.aud, sub: c.sub, Scopes: c['Scopes'], ServiceID: c['ServiceID'], iat: c.iat, nbf: c.nbf, exp: c.exp },
    { iss: 'PL', aud: 'vizier', sub: 'service', Scopes: 'service', ServiceID: 'kelvin', iat: now, nbf: now - 60, exp: now + 30 });
  assert.match(String(c.jti), /^[0-9a-f-]{36}$/);
  await jwtVerify(tok, new TextEncoder().encode(KEY), { algorithms: ['HS256'], currentDate: new Date(now * 1000) });
  await mintServiceToken(KEY).then((t) => assert.type(t, 'string'));
  try {
    await mintServiceToken('');
    assert.unreachable();
  } catch (e) {
    assert.is((e as Error).message, 'cannot mint a service token with an empty signing key');
  }
});

test('streams a query and assembles its table exactly, sending a bearer token', async () => {
  const srv = await startFakeServer(() => ok);
  const client = new VizierClient({ address: `127.0.0.1:${srv.port}`, tls: { kind: 'plaintext' }, token: () => mintServiceToken(KEY) });
  try {
    const r = await collectResult(client.executeScript({ queryStr: 'import px' }));
    assert.is(r.queryId, 'q1');
    assert.is(r.tables.length, 1);
    assert.equal(r.tables[0]!.rows, [[T, 'ns/a'], [T + 1n, '\ufffd']]);
    assert.is(r.tables[0]!.complete, true);
    assert.is(r.stats?.recordsProcessed, 2n);
    assert.is(srv.requests[0]!.req.queryStr, 'import px');
    const auth = String(srv.requests[0]!.md.get('authorization')[0]);
    assert.match(auth, /^bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  } finally {
    client.close();
    await srv.stop();
  }
});

test('turns an in-stream compiler error into a ScriptError with line and column', async () => {
  const srv = await startFakeServer(() => [
    { queryId: 'q2', status: { code: 3, message: 'bad', errorDetails: [{ error: { case: 'compilerError', value: { line: 2n, column: 5n, message: "name 'dff' is not defined" } } }] } },
    { end: { code: 3, details: 'bad' } },
  ]);
  const client = new VizierClient({ address: `127.0.0.1:${srv.port}`, tls: { kind: 'plaintext' }, token: () => mintServiceToken(KEY) });
  try {
    await collectResult(client.executeScript({ queryStr: 'x' }));
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ScriptError);
    const s = e as ScriptError;
    assert.equal({ code: s.code, message: s.message, line: s.line, column: s.column }, { code: 3, message: "name 'dff' is not defined", line: 2, column: 5 });
  } finally {
    client.close();
    await srv.stop();
  }
});

test('refuses a batch that names a table before its metadata', async () => {
  const srv = await startFakeServer(() => [{ queryId: 'q', result: { case: 'data', value: { batch: { tableId: 'nope', numRows: 0n } } } }]);
  const client = new VizierClient({ address: `127.0.0.1:${srv.port}`, tls: { kind: 'plaintext' }, token: () => mintServiceToken(KEY) });
  try {
    await collectResult(client.executeScript({ queryStr: 'x' }));
    assert.unreachable();
  } catch (e) {
    assert.is((e as Error).message, 'protocol error: a batch names table id "nope" before its metadata');
  } finally {
    client.close();
    await srv.stop();
  }
});

test('surfaces the gRPC status of a failed call and answers HealthCheck', async () => {
  const srv = await startFakeServer(() => [{ end: { code: 16, details: 'unauthenticated' } }]);
  const client = new VizierClient({ address: `127.0.0.1:${srv.port}`, tls: { kind: 'plaintext' }, token: () => mintServiceToken(KEY) });
  try {
    await collectResult(client.executeScript({ queryStr: 'x' }));
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: number }).code, 16);
  }
  try {
    assert.is((await client.healthCheck()).status?.code, 0);
  } finally {
    client.close();
    await srv.stop();
  }
});

test('an abort signal cancels the call', async () => {
  const many: Script = [ok[0]!, ...Array.from({ length: 5 }, () => ok[1]!)];
  const srv = await startFakeServer(() => many);
  const client = new VizierClient({ address: `127.0.0.1:${srv.port}`, tls: { kind: 'plaintext' }, token: () => mintServiceToken(KEY) });
  const ac = new AbortController();
  let seen = 0;
  try {
    for await (const _r of client.executeScript({ queryStr: 'x' }, { signal: ac.signal })) {
      seen++;
      ac.abort();
    }
    assert.unreachable('the stream should end with a cancellation');
  } catch (e) {
    assert.is((e as { code: number }).code, 1); // CANCELLED
    assert.is(seen, 1);
  } finally {
    client.close();
    await srv.stop();
  }
});

test.run();
