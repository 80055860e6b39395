import type { Request } from 'express';

/**
 * The start of the links the API writes (OGC paging, TileJSON, the OpenAPI server):
 * GRIDWORK_PUBLIC_URL when set (`app.locals.publicUrl`); else, when the connection comes from a
 * proxy named trusted (GRIDWORK_TRUST_PROXY), the scheme and host it forwards (X-Forwarded-Proto
 * and -Host, with X-Forwarded-Prefix); else the address this connection came in on. Never the Host header: a client may send any, and a link built from it points whoever
 * follows it (QGIS paging through a layer, a cache keeping the answer) at the client's choice.
 *
 * @example publicBase(req) // 'https://grid.example.gov.cn' or 'http://127.0.0.1:8080'
 */
export function publicBase(req: Request): string {
  const configured = req.app.locals.publicUrl as string | undefined;
  if (configured) return configured;
  const forwarded = forwardedBase(req);
  if (forwarded) return forwarded;
  const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  return `http://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
}

/**
 * The address a trusted proxy says the client used: X-Forwarded-Proto (through Express's
 * `req.protocol`, which believes it only from a trusted proxy), X-Forwarded-Host and
 * X-Forwarded-Prefix; null when the connection is not from a trusted proxy or it names no host.
 */
function forwardedBase(req: Request): string | null {
  const trust = req.app.get('trust proxy fn') as ((addr: string, i: number) => boolean) | undefined;
  if (!trust || !trust(req.socket.remoteAddress ?? '', 0)) return null;
  const host = first(req.headers['x-forwarded-host']);
  if (!host || !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) return null;
  const prefix = first(req.headers['x-forwarded-prefix']);
  const cleanPrefix = prefix && /^\/[A-Za-z0-9._~/-]*$/.test(prefix) ? prefix.replace(/\/+$/, '') : '';
  return `${req.protocol}://${host}${cleanPrefix}`;
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v)?.split(',')[0].trim() || undefined;
