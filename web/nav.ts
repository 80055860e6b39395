import { defineMessages } from './i18n.ts';
import { getJson, goToSignIn } from './api.ts';
import { fetchNoting } from './reachability.ts';
import type { Permission } from '../server/domain/access/permissions.ts';
import { mayAnywhere, type Me } from './may.ts';

/** The app's pages, one per kind of work; each is its own web/*.html. */
export type Page = 'map' | 'events' | 'sizing' | 'planner' | 'admin' | 'field';

const href: Record<Page, string> = { map: '/', events: '/events.html', sizing: '/sizing.html', planner: '/planner.html', admin: '/admin.html', field: '/m/' };

/** What a user must hold somewhere for a page to be of use to them: the nav shows no page whose API would refuse them. */
const NEEDS: Record<Page, Permission> = {
  map: 'areas.read',
  events: 'events.read',
  sizing: 'areas.read',
  planner: 'plans.edit',
  admin: 'users.manage',
  field: 'events.report',
};

const m = defineMessages(
  { map: '一张图', events: '指挥中心', sizing: '规模核查', planner: '规划调整', admin: '系统管理', field: '移动端', menu: '菜单', signOut: '退出', signedIn: '当前用户：{name}' },
  { map: 'One map', events: 'Command centre', sizing: 'Sizing', planner: 'Planner', admin: 'Administration', field: 'Phone app', menu: 'Menu', signOut: 'Sign out', signedIn: 'Signed in as {name}' },
);

// Who is signed in, asked once per page: every page draws the nav, so this is also where a page
// without a session is sent to sign in, whatever its own requests do.
let me: Promise<Me | null> | null = null;

/** The signed-in user with their grants (GET /api/auth/me, asked once per page), or null when it cannot be read. */
export const whoAmI = (): Promise<Me | null> =>
  (me ??= fetchNoting('/api/auth/me').then(async (res) => {
    if (res.status === 401) return goToSignIn();
    return res.ok ? ((await res.json()) as Me) : null;
  }, () => null));

/** The link to a page, focused on an area when `area` is given (`?area=CODE`). */
export function pageHref(page: Page, area?: string): string {
  return area ? `${href[page]}?area=${encodeURIComponent(area)}` : href[page];
}

/** The area a page was opened for (`?area=CODE`), or null. */
export function areaParam(): string | null {
  return new URLSearchParams(location.search).get('area');
}

/**
 * The area a page opens on when no `?area=` names one: the town, or for a user held to a
 * community or grid (who sees no town), the first area they see (codes sort parents first: their
 * own). A grid worker opening the command centre or the sizing page lands on their grid.
 */
export async function defaultAreaCode(): Promise<string> {
  const param = areaParam();
  if (param) return param;
  const town = await getJson<GeoJSON.FeatureCollection>('/api/areas?level=town&limit=1');
  const top = town.features.length > 0 ? town : await getJson<GeoJSON.FeatureCollection>('/api/areas?limit=1');
  return String(top.features[0]?.properties?.code ?? '');
}

/**
 * Draws the links between pages into `nav`, marking the current one, and only the pages the
 * signed-in user's roles can use; call again after a language switch. On a narrow screen (a
 * phone) the links fold into a menu button placed before the nav.
 */
export function renderNav(nav: HTMLElement, current: Page): void {
  const link = (page: Page) => {
    const a = document.createElement('a');
    a.href = pageHref(page);
    a.textContent = m(page);
    if (page === current) a.setAttribute('aria-current', 'page');
    return a;
  };
  let toggle = nav.previousElementSibling as HTMLButtonElement | null;
  if (!toggle?.classList.contains('nav-toggle')) {
    toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'nav-toggle';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.addEventListener('click', () => {
      const open = nav.classList.toggle('open');
      toggle!.setAttribute('aria-expanded', String(open));
    });
    nav.before(toggle);
  }
  toggle.textContent = `☰ ${m('menu')}`;
  // Until the user is known, the current page alone (it is open already).
  nav.replaceChildren(link(current));
  void whoAmI().then((user) => {
    if (!user || !nav.isConnected) return;
    const pages = (Object.keys(href) as Page[]).filter((page) => mayAnywhere(user, NEEDS[page]));
    nav.replaceChildren(...pages.map(link), userBox(user));
  });
}

/** The signed-in user (roles and areas in the tooltip) and the sign-out button. */
function userBox(user: Me): HTMLElement {
  const box = document.createElement('span');
  box.className = 'nav-user';
  const name = document.createElement('span');
  name.textContent = user.username;
  name.title = `${m('signedIn', { name: user.username })}\n${user.grants.map((g) => `${g.role} @ ${g.areaCode ?? '*'}`).join('\n')}`;
  const out = document.createElement('button');
  out.type = 'button';
  out.textContent = m('signOut');
  out.addEventListener('click', async () => {
    await fetch('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    location.assign('/signin.html');
  });
  box.append(name, ' ', out);
  return box;
}
