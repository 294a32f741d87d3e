// Stopping the feature while a query is stuck behind a client that reads nothing: the query
// gets --direct_query_shutdown_grace_s, then is cancelled and audited as UNAVAILABLE, and
// the stop completes within grace + 1 s instead of waiting for the client.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Metadata } from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import { feature } from '../../src/directquery/index.js';
import { directQueryFlags } from '../../src/directquery/flags.js';
import { coreFlags, parseArgs } from '../../src/config/index.js';
import { ExecuteScriptRequestSchema } from '../../src/proto/index.js';
import { bearer, mintServiceToken } from '../e2e/helpers/tokens.js';
import { vizierClient } from '../e2e/helpers/vizier-client.js';
import { fixtureEngine } from './driver/fixture.js';
import { captureLog } from './log-capture.js';

const KEY = 'shutdown-test-key-Qw3Er5Ty7Ui9Op1As3Df5Gh';

test('a stuck query is cancelled after the grace period and audited UNAVAILABLE', async () => {
  const cap = captureLog(0);
  const flags = parseArgs({ ...coreFlags, ...directQueryFlags }, [
    '--direct_query_enabled', '--direct_query_port=0', '--direct_query_bind_address=127.0.0.1',
    '--direct_query_shutdown_grace_s=1', '--direct_query_max_message_bytes=4096', '--direct_query_max_bytes_in_flight=65536',
  ], { PL_JWT_SIGNING_KEY: KEY, PL_DISABLE_SSL: 'true' }).values as Record<string, unknown>;
  const engine = fixtureEngine(60_000, 512);
  const h = await feature.start({ log: cap.log, env: {}, flags, engine: { store: engine.store, metadata: engine.metadata } });
  assert.is(h.state, 'ready');
  // A tiny receive window and no reading: the server's writes back up.
  const client = vizierClient(h.port!, undefined, { 'grpc-node.flow_control_window': 1024 });
  const md = new Metadata();
  md.set('authorization', bearer(mintServiceToken(KEY)));
  const call = (client as unknown as { executeScript(r: unknown, m: Metadata): NodeJS.ReadableStream & { cancel(): void } })
    .executeScript(create(ExecuteScriptRequestSchema, { queryStr: "#px:set max_output_rows_per_table=60000\nimport px\npx.display(px.DataFrame(table='http_events'), 'all')" }), md);
  call.on('error', () => {});
  // grpc-js only applies flow control once the stream is read and then paused.
  call.once('data', () => call.pause());
  // Wait until the query runs (it is admitted and backed up).
  for (let i = 0; i < 100 && !cap.text().includes('"msg":"direct-query'); i++) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 200));
  const t0 = Date.now();
  await h.stop(60_000);
  const took = Date.now() - t0;
  call.cancel();
  client.close();
  const audit = cap.lines.find((l) => l.msg === 'direct-query: audit');
  assert.ok(audit, 'the query was audited');
  assert.is(audit!['status'], 'UNAVAILABLE');
  assert.ok(took < 5000, `stop took ${took} ms`);
});

test.run();
