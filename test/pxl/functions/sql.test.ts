import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../../src/types/index.js';
import { normalizeMysql, normalizePgsql } from '../../../src/pxl/functions/sql.js';
import { c, col, k } from '../../exec/fixtures.js';
import { run } from './helpers.js';

const res = (query: string, params: string[], error = ''): string => JSON.stringify({ query, params, error });

test('normalize_mysql replaces literals with ? and keeps variables and identifiers', () => {
  assert.is(normalizeMysql('SELECT 1', 3n), res('SELECT ?', ['1']));
  assert.is(normalizeMysql("SELECT * FROM test WHERE prop=@a AND prop2='abcd'", 3n), res('SELECT * FROM test WHERE prop=@a AND prop2=?', ["'abcd'"]));
  assert.is(normalizeMysql("INSERT INTO test (a, b, c, d, e) VALUES (1, 'abcd', 1.23, true, X'DEADBEEF')", 3n),
    res('INSERT INTO test (a, b, c, d, e) VALUES (?, ?, ?, ?, ?)', ['1', "'abcd'", '1.23', 'true', "X'DEADBEEF'"]));
  assert.is(normalizeMysql("SELECT t1.c2 FROM `t 3` WHERE x = 'it''s' AND y = \"q\" -- 5\n", 3n),
    res("SELECT t1.c2 FROM `t 3` WHERE x = ? AND y = ? -- 5\n", ["'it''s'", '"q"']));
});

test('normalize_mysql merges execute params with literals in placeholder order', () => {
  assert.is(normalizeMysql("query=[SELECT * FROM test WHERE prop=? AND prop2='abcd'] params=[1234]", 23n),
    res('SELECT * FROM test WHERE prop=? AND prop2=?', ['1234', "'abcd'"]));
  assert.is(normalizeMysql("query=[INSERT INTO test (a, b, c, d, e) VALUES (?, ?, 1.23, ?, ?)] params=[1, 'abcd', true, X'DEADBEEF']", 23n),
    res('INSERT INTO test (a, b, c, d, e) VALUES (?, ?, ?, ?, ?)', ['1', "'abcd'", '1.23', 'true', "X'DEADBEEF'"]));
});

test('normalize_mysql reports unsupported commands and malformed execute input in error', () => {
  assert.is(normalizeMysql('SELECT 1', 1n), res('', [], 'unsupported MySQL command code 1: only COM_QUERY (3) and COM_STMT_EXECUTE (23) are normalized'));
  assert.is(normalizeMysql('SELECT 1', 23n), res('', [], 'Execute input is not of the form query=[...] params=[...]'));
});

test('normalize_pgsql numbers literals after the bound params', () => {
  assert.is(normalizePgsql('SELECT 1', 'Query'), res('SELECT $1', ['1']));
  assert.is(normalizePgsql("query=[SELECT * FROM test WHERE prop=$1 AND prop2='abcd'] params=['1234']", 'Execute'),
    res('SELECT * FROM test WHERE prop=$1 AND prop2=$2', ["'1234'", "'abcd'"]));
  assert.is(normalizePgsql("INSERT INTO test (a, b, c, d, e) VALUES (1, 'abcd', 1.23, true, E'\\\\xDEADBEEF')", 'Query'),
    res('INSERT INTO test (a, b, c, d, e) VALUES ($1, $2, $3, $4, $5)', ['1', "'abcd'", '1.23', 'true', "E'\\\\xDEADBEEF'"]));
  assert.is(normalizePgsql('SELECT "Col1" FROM t', 'Query'), res('SELECT "Col1" FROM t', []));
  assert.is(normalizePgsql('SELECT 1', 'Parse'), res('', [], "unsupported PostgreSQL command 'Parse': only Query and Execute are normalized"));
});

test('the kernels run column-wise', () => {
  assert.equal(run('normalize_mysql', [T.STRING, T.INT64], [c(col.str(['SELECT 2'])), k(T.INT64, 3n)], 1), [res('SELECT ?', ['2'])]);
  assert.equal(run('normalize_pgsql', [T.STRING, T.STRING], [c(col.str(['SELECT 2'])), k(T.STRING, 'Query')], 1), [res('SELECT $1', ['2'])]);
});

test.run();
