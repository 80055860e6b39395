import { describe, expect, it } from 'vitest';
import { inScope } from '../../server/domain/access/in_scope.ts';
import { suppressSmallGroups } from '../../server/domain/access/suppress_small_groups.ts';
import { commonAncestor } from '../../server/domain/access/common_ancestor.ts';
import { publicOpen311Request } from '../../server/domain/access/public_open311_request.ts';
import { safeNext, signInHref } from '../../web/sign_in_next.ts';

describe('inScope', () => {
  const cases = [
    { name: 'everywhere', path: ['T', 'T01'], scope: null, expected: true },
    { name: 'the root of the scope itself', path: ['T', 'T01'], scope: ['T01'], expected: true },
    { name: 'below the root', path: ['T', 'T01', 'T0101', 'U1'], scope: ['T01'], expected: true },
    { name: 'beside it', path: ['T', 'T02'], scope: ['T01'], expected: false },
    { name: 'above it', path: ['T'], scope: ['T01'], expected: false },
    { name: 'one of several roots', path: ['T', 'T02', 'T0201'], scope: ['T01', 'T0201'], expected: true },
    { name: 'no roots at all', path: ['T'], scope: [], expected: false },
    { name: 'an orphan (no path)', path: [], scope: ['T01'], expected: false },
  ];
  it.each(cases)('$name', ({ path, scope, expected }) => expect(inScope(path, scope)).toBe(expected));
});

describe('suppressSmallGroups', () => {
  it('hides groups of 1…k−1, keeps zero and groups of k or more', () => {
    expect(suppressSmallGroups({ a: 0, b: 1, c: 4, d: 5, e: 40 }, 5)).toEqual({ a: 0, b: null, c: null, d: 5, e: 40 });
    expect(suppressSmallGroups({ a: 1 }, 1)).toEqual({ a: 1 });
  });
});

describe('commonAncestor', () => {
  const cases = [
    { name: 'siblings', paths: [['T', 'T01', 'T0101'], ['T', 'T01', 'T0102']], expected: 'T01' },
    { name: 'one area', paths: [['T', 'T01']], expected: 'T01' },
    { name: 'an area and its descendant', paths: [['T', 'T01'], ['T', 'T01', 'T0101']], expected: 'T01' },
    { name: 'two trees', paths: [['T', 'T01'], ['X']], expected: null },
    { name: 'nothing', paths: [], expected: null },
  ];
  it.each(cases)('$name', ({ paths, expected }) => expect(commonAncestor(paths)).toBe(expected));
});

describe('publicOpen311Request', () => {
  it('leaves out the description, address, photo and assignee, and rounds the point to ~100 m', () => {
    const r = publicOpen311Request({
      service_request_id: 'e1', status: 'open', status_notes: 'dispatched at grid level, assigned to 王伟', service_name: 'Dispute', service_code: 'dispute',
      description: '3号楼王阿姨', agency_responsible: 'Grid', service_notice: '', requested_datetime: 't', updated_datetime: 't', expected_datetime: null,
      address: '青溪路1号', address_id: 'G1', zipcode: '', lat: 29.301234, long: 120.087654, media_url: 'https://x/p.jpg',
    });
    expect(r).toMatchObject({ description: '', address: '', media_url: '', status_notes: 'dispatched at grid level', lat: 29.301, long: 120.088, address_id: 'G1' });
  });
});

describe('safeNext (where sign-in returns to)', () => {
  const cases = [
    { search: '?next=%2Fevents.html%3Farea%3DT01', expected: '/events.html?area=T01' },
    { search: '', expected: '/' },
    { search: '?next=https%3A%2F%2Fevil.example%2F', expected: '/' },
    { search: '?next=%2F%2Fevil.example', expected: '/' },
    { search: '?next=%2F%5Cevil.example', expected: '/' },
    { search: '?next=%2Fsignin.html', expected: '/' },
    // Browsers drop tabs and line breaks from a URL and read \ as /: each of these would leave the site (#14).
    { search: '?next=/%09/evil.example/x', expected: '/' },
    { search: '?next=/%0a/evil.example/x', expected: '/' },
    { search: '?next=/%0d/evil.example/x', expected: '/' },
    { search: '?next=/%0d%0a/evil.example', expected: '/' },
    { search: '?next=%2F%09%2Fevil.example', expected: '/' },
    { search: '?next=/\\evil.example', expected: '/' },
    { search: '?next=\\/evil.example', expected: '/' },
    { search: '?next=/%5C/evil.example', expected: '/' },
    { search: '?next=/x%5C..%5C..%5C%5Cevil.example', expected: '/' },
    { search: '?next=%09//evil.example', expected: '/' },
    { search: '?next=/%00/evil.example', expected: '/' },
    { search: '?next=/%7F/evil.example', expected: '/' },
    { search: '?next=//evil.example/%2F..', expected: '/' },
    { search: '?next=/.//evil.example', expected: '/' },
    { search: '?next=javascript:alert(1)', expected: '/' },
    { search: '?next=/javascript:alert(1)', expected: '/javascript:alert(1)' },
    { search: '?next=/%2Fevil.example', expected: '/' },
    { search: '?next=/%252Fevil.example', expected: '/%2Fevil.example' }, // one path segment named "/evil.example": stays here
    { search: '?next=/signin.html%3Fnext%3D%2F%2Fevil.example', expected: '/' },
    { search: '?next=/events.html%23x', expected: '/events.html#x' },
  ];
  it.each(cases)('$search → $expected', ({ search, expected }) => expect(safeNext(search)).toBe(expected));
  it('round-trips a page with its query and hash', () => {
    expect(safeNext(signInHref('/sizing.html?area=T01#x').slice('/signin.html'.length))).toBe('/sizing.html?area=T01#x');
  });
});
