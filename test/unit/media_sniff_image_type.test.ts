import { describe, expect, it } from 'vitest';
import { describeOtherBytes, sniffImageType } from '../../server/domain/media/sniff_image_type.ts';
import { mayReadMedia } from '../../server/domain/media/may_read_media.ts';

const bytes = (s: string | number[]) => (typeof s === 'string' ? Buffer.from(s, 'latin1') : Uint8Array.from(s));

describe('sniffImageType', () => {
  const cases: { name: string; input: Uint8Array; expected: string | null }[] = [
    { name: 'JPEG (JFIF)', input: bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), expected: 'image/jpeg' },
    { name: 'JPEG (EXIF)', input: bytes([0xff, 0xd8, 0xff, 0xe1]), expected: 'image/jpeg' },
    { name: 'PNG', input: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), expected: 'image/png' },
    { name: 'WebP', input: bytes('RIFF\x10\x00\x00\x00WEBPVP8 '), expected: 'image/webp' },
    { name: 'RIFF but WAV', input: bytes('RIFF\x10\x00\x00\x00WAVEfmt '), expected: null },
    { name: 'JPEG cut to two bytes', input: bytes([0xff, 0xd8]), expected: null },
    { name: 'PDF', input: bytes('%PDF-1.7'), expected: null },
    { name: 'GIF', input: bytes('GIF89a'), expected: null },
    { name: 'SVG', input: bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'), expected: null },
    { name: 'empty', input: bytes([]), expected: null },
  ];
  for (const c of cases) it(c.name, () => expect(sniffImageType(c.input)).toBe(c.expected));

  it('names what other bytes look like, for the refusal', () => {
    expect(describeOtherBytes(bytes('%PDF-1.7'))).toMatch(/PDF/);
    expect(describeOtherBytes(bytes('\x00\x00\x00\x18ftypheic'))).toMatch(/HEIC/);
    expect(describeOtherBytes(bytes('<svg'))).toMatch(/markup/);
    expect(describeOtherBytes(bytes([]))).toMatch(/empty/);
  });
});

describe('mayReadMedia', () => {
  const worker = (area: string, userId = 1) => ({ userId, username: 'w', grants: [{ role: 'grid_worker' as const, areaCode: area, canPublish: false }] });
  const photo = { owner_id: 9, event_paths: ['T/T01/T0101/U7'] };
  it.each([
    { name: 'the uploader, even with no event', who: worker('T0202', 9), media: { owner_id: 9, event_paths: [] }, expected: true },
    { name: 'a reader of the event', who: worker('T0101'), media: photo, expected: true },
    { name: 'a reader of the grid next door', who: worker('T0102'), media: photo, expected: false },
    { name: 'nobody signed in', who: null, media: photo, expected: false },
    { name: 'someone else, before any event holds it', who: worker('T'), media: { owner_id: 9, event_paths: [] }, expected: false },
    { name: 'a dispatcher over a visit holding it', who: { ...worker('T01'), grants: [{ role: 'dispatcher' as const, areaCode: 'T01', canPublish: false }] }, media: { owner_id: 9, event_paths: [], visit_paths: ['T/T01/T0101/U7'] }, expected: true },
    { name: 'a colleague of the next grid, over a visit', who: worker('T0102'), media: { owner_id: 9, event_paths: [], visit_paths: ['T/T01/T0101/U7'] }, expected: false },
  ])('$name', ({ who, media, expected }) => expect(mayReadMedia(who, media)).toBe(expected));
});
