import { describe, expect, it } from 'vitest';
import { basemapOrigins, offeredBasemaps } from '../../server/basemap/offered_basemaps.ts';
import { contentSecurityPolicy } from '../../server/routes/security_headers.ts';

describe('offeredBasemaps', () => {
  const cases = [
    { name: 'nothing configured: no basemap', input: {}, ids: [], initial: 'none' },
    { name: 'a file: the offline one, first', input: { basemapFile: '/srv/region.pmtiles' }, ids: ['offline'], initial: 'offline' },
    { name: 'a Tianditu key: its map and imagery', input: { tiandituKey: 'k' }, ids: ['tianditu-vec', 'tianditu-img'], initial: 'tianditu-vec' },
    { name: 'all four, GRIDWORK_BASEMAP picks one', input: { basemapFile: '/f', tiandituKey: 'k', basemapUrl: 'https://t.example.org/{z}/{x}/{y}.png', basemapStyleUrl: 'https://s.example.org/style.json', basemap: 'style' }, ids: ['offline', 'tianditu-vec', 'tianditu-img', 'xyz', 'style'], initial: 'style' },
    { name: "GRIDWORK_BASEMAP=none opens on none", input: { basemapFile: '/f', basemap: 'none' }, ids: ['offline'], initial: 'none' },
    { name: 'an unknown choice falls back to the first', input: { basemapFile: '/f', basemap: 'tianditu-vec' }, ids: ['offline'], initial: 'offline' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = offeredBasemaps(c.input);
      expect(r.basemaps.map((b) => b.id)).toEqual(c.ids);
      expect(r.initial).toBe(c.initial);
    });
  }

  it("draws Tianditu's map under its annotation, from its eight servers, with the key", () => {
    const vec = offeredBasemaps({ tiandituKey: 'a b' }).basemaps[0];
    expect(vec.kind).toBe('raster');
    if (vec.kind !== 'raster') return;
    expect(vec.layers.map((tiles) => tiles.length)).toEqual([8, 8]);
    expect(vec.layers[0][0]).toMatch(/^https:\/\/t0\.tianditu\.gov\.cn\/vec_w\/wmts\?.*LAYER=vec&.*TILEMATRIX=\{z\}&TILEROW=\{y\}&TILECOL=\{x\}&tk=a%20b$/);
    expect(vec.layers[1][7]).toMatch(/^https:\/\/t7\.tianditu\.gov\.cn\/cva_w\//);
  });

  it("lets the configured basemaps' origins into the Content-Security-Policy", () => {
    const origins = basemapOrigins({ tiandituKey: 'k', basemapStyleUrl: 'https://styles.example.org/a/style.json' });
    expect(origins).toEqual(['https://*.tianditu.gov.cn', 'https://styles.example.org']);
    expect(contentSecurityPolicy(undefined, origins)).toContain("img-src 'self' data: blob: https://*.tianditu.gov.cn https://styles.example.org;");
  });
});
