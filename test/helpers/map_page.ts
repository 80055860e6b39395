import type { Page } from 'playwright-core';

/**
 * Reading a page's map back in browser tests. Every view keeps its map object on `window` (the
 * one-map, command centre and analyst view as `gridMap`, the planner as `planMap`), with a
 * MapLibre map as `.map` and a `drawn()` promise that resolves when the map is idle.
 */

/** Waits for the map to finish drawing what was just asked of it. */
export async function mapIdle(page: Page, mapVar = 'gridMap'): Promise<void> {
  await page.evaluate((v) => (window as any)[v].drawn(), mapVar);
}

/** Distinct values of `prop` among the features a layer drew on screen. */
export async function renderedValues(page: Page, layer: string, prop = 'code', mapVar = 'gridMap'): Promise<string[]> {
  return page.evaluate(
    ([l, p, v]) => [...new Set((window as any)[v].map.queryRenderedFeatures({ layers: [l] }).map((f: any) => String(f.properties[p])))] as string[],
    [layer, prop, mapVar] as const,
  );
}

/** Where a longitude/latitude is on the page (the map canvas's offset plus MapLibre's projection). */
export async function toScreen(page: Page, [lng, lat]: readonly number[], mapVar = 'gridMap'): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([a, b, v]) => {
      const map = (window as any)[v].map;
      const p = map.project([a, b]);
      const r = map.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    },
    [lng, lat, mapVar] as const,
  );
}

/**
 * Share of canvas pixels (read back from the WebGL canvas) within `tolerance` of `rgb`, or, with
 * `reddish`, whose red exceeds green and blue by 45 (a translucent red fill over the map).
 */
export async function pixelShare(page: Page, rgb: [number, number, number] | 'reddish', tolerance = 40, mapVar = 'gridMap'): Promise<number> {
  return page.evaluate(
    ([want, tol, v]) => {
      const canvas = (window as any)[v].map.getCanvas() as HTMLCanvasElement;
      const copy = document.createElement('canvas');
      [copy.width, copy.height] = [canvas.width, canvas.height];
      const ctx = copy.getContext('2d')!;
      ctx.drawImage(canvas, 0, 0);
      const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
      let hits = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
        const hit = want === 'reddish' ? r - g > 45 && r - b > 45 : Math.abs(r - want[0]) + Math.abs(g - want[1]) + Math.abs(b - want[2]) < tol;
        if (hit) hits++;
      }
      return hits / (data.length / 4);
    },
    [rgb, tolerance, mapVar] as const,
  );
}
