import { buildOpenapi } from './build_openapi.ts';

/**
 * The OGC API – Features part of the API as a document of its own, rooted at /ogc (the landing
 * page's service-desc): paths as the standard writes them (`/collections/{collectionId}/items`),
 * which is where GIS clients look for the `limit` default and maximum. Made from the whole API's
 * document, so the two never disagree.
 */
export function buildOgcOpenapi(base: string): Record<string, unknown> {
  const whole = buildOpenapi(base) as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> } & Record<string, unknown>;
  const paths = Object.fromEntries(
    Object.entries(whole.paths)
      .filter(([p]) => p === '/ogc' || p.startsWith('/ogc/'))
      .map(([p, item]) => [
        (p.slice('/ogc'.length) || '/').replace('{id}', '{collectionId}'),
        Object.fromEntries(Object.entries(item).map(([m, op]) => [m, { ...op, parameters: op.parameters?.map((x) => (x.in === 'path' && x.name === 'id' ? { ...x, name: 'collectionId' } : x)) }])),
      ]),
  );
  return { ...whole, info: { ...(whole.info as object), title: 'Gridwork 网格通 – OGC API – Features' }, servers: [{ url: `${base}/ogc` }], tags: [{ name: 'ogc', description: 'OGC API – Features' }], paths };
}
