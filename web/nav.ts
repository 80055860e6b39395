import { defineMessages } from './i18n.ts';

/** The app's pages, one per kind of work; each is its own web/*.html. */
export type Page = 'map' | 'events' | 'sizing' | 'planner';

const href: Record<Page, string> = { map: '/', events: '/events.html', sizing: '/sizing.html', planner: '/planner.html' };

const m = defineMessages(
  { map: '一张图', events: '指挥中心', sizing: '规模核查', planner: '规划调整' },
  { map: 'One map', events: 'Command centre', sizing: 'Sizing', planner: 'Planner' },
);

/** The link to a page, focused on an area when `area` is given (`?area=CODE`). */
export function pageHref(page: Page, area?: string): string {
  return area ? `${href[page]}?area=${encodeURIComponent(area)}` : href[page];
}

/** The area a page was opened for (`?area=CODE`), or null. */
export function areaParam(): string | null {
  return new URLSearchParams(location.search).get('area');
}

/** Draws the links between pages into `nav`, marking the current one; call again after a language switch. */
export function renderNav(nav: HTMLElement, current: Page): void {
  nav.replaceChildren(
    ...(Object.keys(href) as Page[]).map((page) => {
      const a = document.createElement('a');
      a.href = pageHref(page);
      a.textContent = m(page);
      if (page === current) a.setAttribute('aria-current', 'page');
      return a;
    }),
  );
}
