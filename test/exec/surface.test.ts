import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as exec from '../../src/exec/index.js';
import * as context from '../../src/exec/context.js';
import { DEFAULT_MAX_OUTPUT_ROWS } from '../../src/pxl/plan.js';

test('the executor exports its entry points, providers and errors', () => {
  assert.equal(
    ['executePlan', 'runPlan', 'MemoryTableProvider', 'StoreTableProvider', 'prunePlan', 'ExecError', 'Scheduler'].map((k) => typeof (exec as Record<string, unknown>)[k]),
    ['function', 'function', 'function', 'function', 'function', 'function', 'function'],
  );
  assert.is(exec.DEFAULT_SLICE_MS, 5);
  assert.equal(Object.keys(context), []);
});

test('plans cap result tables at Pixie\'s default of 10000 rows', () => {
  assert.is(DEFAULT_MAX_OUTPUT_ROWS, 10000);
});

test.run();
