import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSourceSpecs } from '../../src/sources/spec.js';
import { SourceError } from '../../src/sources/errors.js';

test('reads demo, procfs and jsonl:TABLE=PATH entries, dropping blanks and repeats', () => {
  assert.equal(parseSourceSpecs(['demo', ' procfs ', '', 'jsonl:http_events=/var/log/a=b.jsonl', 'demo', 'jsonl:kafka_events.beta=/k']), [
    { kind: 'demo' }, { kind: 'procfs' },
    { kind: 'jsonl', table: 'http_events', path: '/var/log/a=b.jsonl' },
    { kind: 'jsonl', table: 'kafka_events.beta', path: '/k' },
  ]);
});

test('rejects an unknown kind and a jsonl entry without table or path, naming the entry', () => {
  const err = (e: string) => {
    try {
      parseSourceSpecs([e]);
    } catch (x) {
      assert.instance(x, SourceError);
      return [(x as SourceError).code, (x as SourceError).message];
    }
    throw new Error('expected an error');
  };
  assert.equal(err('kafka'), ['ERR_SOURCE_SPEC', 'unknown --sources entry "kafka": expected demo, procfs or jsonl:TABLE=PATH']);
  assert.equal(err('jsonl:=/x'), ['ERR_SOURCE_SPEC', 'bad --sources entry "jsonl:=/x": expected jsonl:TABLE=PATH']);
  assert.equal(err('jsonl:t='), ['ERR_SOURCE_SPEC', 'bad --sources entry "jsonl:t=": expected jsonl:TABLE=PATH']);
  assert.equal(err('jsonl:/x'), ['ERR_SOURCE_SPEC', 'bad --sources entry "jsonl:/x": expected jsonl:TABLE=PATH']);
});

test.run();
