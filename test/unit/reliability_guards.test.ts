import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { jsonErrorPosition } from '../../server/routes/json_error_position.ts';
import { jsonTooDeep } from '../../server/routes/json_depth.ts';
import { isDatabaseUnavailable } from '../../server/db/database_unavailable.ts';

describe('jsonErrorPosition', () => {
  it.each([
    { name: 'NaN (JSON.parse names no position)', input: '{"lon": NaN}', expected: 8 },
    { name: 'a trailing comma', input: '{"a":1,}', expected: 7 },
    { name: 'an unquoted key', input: '{a:1}', expected: 1 },
    { name: 'truncated', input: '[1,2', expected: 4 },
    { name: 'a bad escape', input: '{"a":"\\x"}', expected: 7 },
    { name: 'two documents', input: '{"a":1}{"a":1}', expected: 7 },
    { name: 'a leading zero', input: '{"a": 01}', expected: 7 },
    { name: 'a control character in a string', input: '["a\u0001"]', expected: 3 },
    { name: 'valid', input: '{"a":[1,-2.5e3,true,null,"\\u00e9"]}', expected: null },
  ])('$name', ({ input, expected }) => {
    expect(jsonErrorPosition(input)).toBe(expected);
  });

  it('agrees with JSON.parse on random mutations of valid JSON (seeded)', () => {
    const rng = seedrandom('json-error-position');
    const base = JSON.stringify({ id: 'e1', location: { lon: 120.08, lat: 29.3 }, tags: ['a', 'b\n'], n: null, ok: true, x: -1.5e-3 });
    const junk = ['{', '}', '[', ']', ',', ':', '"', '\\', 'N', '0', ' ', 'e', '-', 't'];
    for (let k = 0; k < 2000; k++) {
      const at = Math.floor(rng() * base.length);
      const text = rng() < 0.5 ? base.slice(0, at) + junk[Math.floor(rng() * junk.length)] + base.slice(at) : base.slice(0, at) + base.slice(at + 1);
      let parsed = true;
      let position: number | null = null;
      try {
        JSON.parse(text);
      } catch (err) {
        parsed = false;
        const m = /position (\d+)/.exec((err as Error).message);
        position = m ? Number(m[1]) : null;
      }
      const ours = jsonErrorPosition(text);
      if (parsed) expect(ours, text).toBeNull();
      else {
        expect(ours, text).not.toBeNull();
        if (position !== null) expect(ours, text).toBe(position);
      }
    }
  });
});

describe('jsonTooDeep', () => {
  it.each([
    { name: 'within the limit', input: '[[1]]', max: 2, expected: null },
    { name: 'one too deep', input: '[[[1]]]', max: 2, expected: { position: 2, depth: 3 } },
    { name: 'brackets inside strings do not count', input: '["[[[[", {"a": "{{{{"}]', max: 2, expected: null },
    { name: 'escaped quotes keep the string open', input: '["\\"[[[["]', max: 1, expected: null },
    { name: 'objects count as arrays do', input: '{"a":{"b":{"c":1}}}', max: 2, expected: { position: 10, depth: 3 } },
  ])('$name', ({ input, max, expected }) => {
    expect(jsonTooDeep(Buffer.from(input), max)).toEqual(expected);
  });
});

describe('isDatabaseUnavailable', () => {
  it.each([
    { name: 'a restart (57P01)', err: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), expected: true },
    { name: 'starting up (57P03)', err: Object.assign(new Error('the database system is starting up'), { code: '57P03' }), expected: true },
    { name: 'refused', err: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), expected: true },
    { name: 'node-postgres losing its socket', err: new Error('Connection terminated unexpectedly'), expected: true },
    { name: 'wrapped as a cause', err: new Error('import failed', { cause: Object.assign(new Error('x'), { code: '08006' }) }), expected: true },
    { name: 'a constraint violation', err: Object.assign(new Error('duplicate key'), { code: '23505' }), expected: false },
    { name: 'a plain bug', err: new TypeError('x is undefined'), expected: false },
    { name: 'not an error', err: 'oops', expected: false },
  ])('$name', ({ err, expected }) => {
    expect(isDatabaseUnavailable(err)).toBe(expected);
  });
});
