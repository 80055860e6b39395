import type { RequestHandler } from 'express';
import { urlOrigin } from '../basemap/url_origin.ts';

/**
 * The Content-Security-Policy of every response. The pages load only their own scripts (Vite
 * builds them into files: no inline script, no eval). Exceptions, each needed by a page:
 * - `worker-src blob:`: MapLibre starts its tile workers from a blob URL;
 * - `style-src 'unsafe-inline'`: MapLibre and the panels set `style` attributes (colour swatches),
 *   and the sign-in page has a `<style>` block; styles cannot run code;
 * - `img-src data: blob:`: MapLibre's sprites and canvases, deck.gl's icon atlases;
 * - the basemaps' origins (GRIDWORK_BASEMAP_URL, Tianditu's servers, a style's host) for their tiles.
 * `frame-ancestors 'none'`: no other site may frame a page (clickjacking the planner or admin).
 *
 * @example contentSecurityPolicy('https://t0.tianditu.gov.cn/img_w/{z}/{x}/{y}') // "default-src 'self'; … img-src 'self' data: blob: https://t0.tianditu.gov.cn; …"
 */
export function contentSecurityPolicy(basemapUrl?: string, moreOrigins: string[] = []): string {
  const origins = new Set([urlOrigin(basemapUrl), ...moreOrigins].filter((o): o is string => o !== null));
  const extra = [...origins].map((o) => ` ${o}`).join('');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${extra}`,
    `connect-src 'self'${extra}`,
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Security headers on every response (docs/ACCESS.md): the CSP above, no MIME sniffing, no
 * framing (X-Frame-Options for browsers without frame-ancestors), no Referer beyond the origin
 * to other sites, and HSTS when the request came over HTTPS (directly, or through a trusted proxy
 * that says so in X-Forwarded-Proto).
 */
export function securityHeaders(options: { basemapUrl?: string; basemapOrigins?: string[] } = {}): RequestHandler {
  const csp = contentSecurityPolicy(options.basemapUrl, options.basemapOrigins);
  return (req, res, next) => {
    res.set({
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    if (req.secure) res.set('Strict-Transport-Security', 'max-age=31536000');
    next();
  };
}
