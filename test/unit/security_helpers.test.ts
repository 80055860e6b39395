import { describe, expect, it } from 'vitest';
import { decodeText, firstInvalidUtf8 } from '../../server/domain/decode_text.ts';
import { passwordProblem } from '../../server/domain/access/password_problem.ts';
import { publicOpen311Request } from '../../server/domain/access/public_open311_request.ts';
import { toOpen311Request } from '../../server/domain/events/open311_request.ts';
import { recordId } from '../../server/routes/record_id.ts';
import { contentSecurityPolicy } from '../../server/routes/security_headers.ts';
import { NotFoundError } from '../../server/errors.ts';

const hex = (h: string) => Buffer.from(h.replace(/ /g, ''), 'hex');

describe('decodeText (an encoding decided, or refused naming the line)', () => {
  const cases = [
    { name: 'UTF-8', bytes: Buffer.from('a,张三\n'), charset: undefined, expected: { text: 'a,张三\n', encoding: 'utf-8' } },
    { name: 'UTF-8 with a BOM', bytes: Buffer.from('\ufeffa\n'), charset: undefined, expected: { text: 'a\n', encoding: 'utf-8' } },
    { name: 'GBK without a charset', bytes: Buffer.concat([Buffer.from('a,'), hex('d5c5 c8fd'), Buffer.from('\n')]), charset: undefined, expected: { text: 'a,张三\n', encoding: 'gb18030' } },
    { name: 'GBK full-width punctuation', bytes: hex('d5c5 a3ac c8fd'), charset: undefined, expected: { text: '张，三', encoding: 'gb18030' } },
    { name: 'GBK declared', bytes: hex('c0ee cbc4'), charset: 'GBK', expected: { text: '李四', encoding: 'gb18030' } },
    { name: 'Big5 declared', bytes: hex('b169 a454'), charset: 'big5', expected: { text: '張三', encoding: 'big5' } },
  ];
  it.each(cases)('$name', ({ bytes, charset, expected }) => expect(decodeText(bytes, charset)).toEqual(expected));

  const refused = [
    { name: 'Latin-1 on line 2', bytes: Buffer.from('a\ncaf\xe9,x\n', 'latin1'), charset: undefined, line: 2, status: 400 },
    { name: 'Big5 without a charset (would read as rare GBK characters)', bytes: Buffer.concat([Buffer.from('h\n'), hex('b169 a454 a6ed a662 a578 a55f')]), charset: undefined, line: 2, status: 400 },
    { name: 'GBK declared as UTF-8', bytes: hex('d5c5'), charset: 'utf-8', line: 1, status: 400 },
    { name: 'a truncated UTF-8 character', bytes: Buffer.from([0x61, 0x0a, 0xe5]), charset: undefined, line: 2, status: 400 },
    // The platform's fatal GBK and Big5 decoders drop a trailing 0xFF without a word: checked by structure here.
    { name: 'a trailing 0xFF in declared GBK', bytes: Buffer.from([0x6f, 0x6b, 0x0a, 0xff, 0xff]), charset: 'gbk', line: 2, status: 400 },
    { name: 'a trailing 0xFF in declared Big5', bytes: Buffer.from([0x6f, 0x6b, 0x0a, 0xff]), charset: 'big5', line: 2, status: 400 },
    { name: 'a trailing 0xFF in undeclared GBK', bytes: Buffer.concat([hex('d5c5 c8fd'), Buffer.from([0x0a, 0xff])]), charset: undefined, line: 2, status: 400 },
    { name: 'U+FFFD already in the text', bytes: Buffer.from('a\nb\n\ufffd\n'), charset: undefined, line: 3, status: 400 },
    { name: 'a NUL', bytes: Buffer.from('a\u0000\n'), charset: undefined, line: 1, status: 400 },
    { name: 'bytes not valid in the declared charset', bytes: Buffer.concat([Buffer.from('ok\n'), hex('ff ff')]), charset: 'gbk', line: 2, status: 400 },
    { name: 'an unknown charset', bytes: Buffer.from('a'), charset: 'x-unknown', line: undefined, status: 415 },
    { name: 'a charset whose structure is not checked here', bytes: Buffer.from('a'), charset: 'shift_jis', line: undefined, status: 415 },
  ];
  it.each(refused)('refuses $name', ({ bytes, charset, line, status }) => {
    const r = decodeText(bytes, charset);
    expect('problem' in r && r.status).toBe(status);
    if ('problem' in r && line !== undefined) {
      expect(r.message).toContain(`line ${line}`);
      expect(r.problem.index).toBe(line - 1);
    }
  });

  it('firstInvalidUtf8 agrees with the platform on overlongs, surrogates and truncation', () => {
    for (const h of ['c0 80', 'e0 80 80', 'ed a0 80', 'f4 90 80 80', 'f5 80 80 80', 'e5 bc', '80', 'e5 bc a0', 'f0 9f 98 80', '7f']) {
      const b = hex(h);
      let platform = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(b);
      } catch {
        platform = false;
      }
      expect(firstInvalidUtf8(b) < 0, h).toBe(platform);
    }
  });
});

describe('passwordProblem', () => {
  const cases = [
    { password: '12345678', expected: 'common' },
    { password: '        ', expected: 'short' },
    { password: ' 1234567 ', expected: 'short' },
    { password: 'Password', expected: 'common' },
    { password: 'woaini1314', expected: 'common' },
    { password: 'zzzzzzzzz', expected: 'repetitive' },
    { password: 'abababab', expected: 'repetitive' },
    { password: 'abcdefghij', expected: 'sequence' },
    { password: '98765430', expected: null },
    { password: 'zyxwvuts', expected: 'sequence' },
    { password: 'x'.repeat(257) + 'abcd', expected: 'long' },
    { password: 'gridwork-demo', expected: null },
    { password: 'test-password-1', expected: null },
    { password: '青溪路 grid 2026', expected: null },
  ];
  it.each(cases)('$password → $expected', ({ password, expected }) => expect(passwordProblem(password)).toBe(expected));
  it('refuses the user name as the password', () => expect(passwordProblem('Zhang.Wei-01', 'zhang.wei-01')).toBe('username'));
});

describe('recordId', () => {
  it.each(['1', '42', '2147483647'])('%s is an id', (raw) => expect(recordId(raw, 'no')).toBe(Number(raw)));
  it.each(['0', '-1', '1.5', '1e3', '1e309', '2147483648', '99999999999999999999', '0x10', ' 1', '01', '', 'abc', undefined])('%s names no record (404)', (raw) => {
    expect(() => recordId(raw, 'No plan.')).toThrow(NotFoundError);
  });
});

describe('the public Open311 view keeps no assignee, however written', () => {
  const event = (assignee: string | null) => ({
    id: 'E1', status: 'dispatched' as const, level: 'grid', category: 'dispute', description: '王阿姨家', reported_at: 't', updated_at: 't', due_at: null,
    address: '1号', grid_code: 'G', grid_name: '一网格', lon: 120.1234, lat: 30.1234, photo_ref: null, assignee,
  });
  it.each(['张三\n手机13812345678', '李四\r\n139', '王五\u2028电话', 'x, assigned to y\nz', null])('%j', (assignee) => {
    const r = publicOpen311Request(toOpen311Request(event(assignee), 'Dispute'));
    expect(r.status_notes).toBe('dispatched at grid level');
  });
});

describe('contentSecurityPolicy', () => {
  it.each([
    { url: undefined, expected: "img-src 'self' data: blob:;" },
    { url: 'https://t0.tianditu.gov.cn/img_w/wmts?T={z}', expected: "img-src 'self' data: blob: https://t0.tianditu.gov.cn;" },
    { url: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png', expected: "img-src 'self' data: blob: https://*.tile.openstreetmap.org;" },
    { url: "https://evil.example; script-src *'/{z}", expected: "img-src 'self' data: blob:;" },
    { url: 'javascript:alert(1)', expected: "img-src 'self' data: blob:;" },
  ])('$url', ({ url, expected }) => {
    const csp = contentSecurityPolicy(url);
    expect(csp).toContain(expected);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
