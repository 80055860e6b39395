import type { Request } from 'express';

/**
 * The start of the links the API writes (OGC paging, TileJSON, the OpenAPI server):
 * GRIDWORK_PUBLIC_URL when set (`app.locals.publicUrl`), else the address this connection came
 * in on. Never the Host header: a client may send any, and a link built from it points whoever
 * follows it (QGIS paging through a layer, a cache keeping the answer) at the client's choice.
 *
 * @example publicBase(req) // 'https://grid.example.gov.cn' or 'http://127.0.0.1:8080'
 */
export function publicBase(req: Request): string {
  const configured = req.app.locals.publicUrl as string | undefined;
  if (configured) return configured;
  const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  return `http://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
}
