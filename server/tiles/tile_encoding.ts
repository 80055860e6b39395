import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type TileEncoding = 'br' | 'gzip';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/**
 * The compression to send a tile with, from the request's Accept-Encoding: brotli, else gzip,
 * else none; an encoding the client refuses (`;q=0`) is never chosen.
 *
 *   tileEncoding('gzip, deflate, br')   // → 'br'
 *   tileEncoding('br;q=0, gzip')        // → 'gzip'
 *   tileEncoding(undefined)             // → null
 */
export function tileEncoding(acceptEncoding: string | undefined): TileEncoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Map(
    acceptEncoding.split(',').map((part) => {
      const [name, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return [name.trim(), q ? Number(q[1]) : 1] as const;
    }),
  );
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

/**
 * Whether If-None-Match names the tile: any of `etags` or `*`, compared weakly (a `W/` validator
 * matches its strong twin), as RFC 9110 asks of If-None-Match.
 */
export function noneMatchHits(ifNoneMatch: string | undefined, etags: readonly string[]): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = new Set(etags.map(opaque));
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === '*' || wanted.has(opaque(tag)));
}

/** The ETag of the tile as sent compressed: its own representation, so its own strong validator. */
export const encodedEtag = (etag: string, encoding: TileEncoding | null): string => (encoding ? etag.replace(/"$/, `-${encoding}"`) : etag);

const MAX_CACHED_BYTES = 32 * 1024 * 1024;
const compressed = new Map<string, Buffer>();
let cachedBytes = 0;

/**
 * The tile compressed (on libuv's thread pool, off the HTTP thread), kept by ETag so that a tile
 * served again is not compressed again; the oldest are dropped past 32 MB.
 */
export async function compressTile(body: Uint8Array, etag: string, encoding: TileEncoding): Promise<Buffer> {
  const key = `${etag}|${encoding}`;
  const hit = compressed.get(key);
  if (hit) return hit;
  const out =
    encoding === 'br'
      ? await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
      : await gz(body, { level: 6 });
  compressed.set(key, out);
  cachedBytes += out.byteLength;
  for (const [k, v] of compressed) {
    if (cachedBytes <= MAX_CACHED_BYTES) break;
    compressed.delete(k);
    cachedBytes -= v.byteLength;
  }
  return out;
}
