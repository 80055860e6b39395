import { defineMessages } from './i18n.ts';
import { goToSignIn } from './api.ts';
import type { Me } from './may.ts';

/** The app's pages, one per kind of work; each is its own web/*.html. */
export type Page = 'map' | 'events' | 'sizing' | 'planner' | 'admin';

const href: Record<Page, string> = { map: '/', events: '/events.html', sizing: '/sizing.html', planner: '/planner.html', admin: '/admin.html' };

// Shown only to a user holding an administrator grant: nobody else may open it (the API answers 403).
const ADMIN_ONLY: Page[] = ['admin'];

const m = defineMessages(
  { map: '一张图', events: '指挥中心', sizing: '规模核查', planner: '规划调整', admin: '系统管理', signOut: '退出', signedIn: '当前用户：{name}' },
  { map: 'One map', events: 'Command centre', sizing: 'Sizing', planner: 'Planner', admin: 'Administration', signOut: 'Sign out', signedIn: 'Signed in as {name}' },
);

// Who is signed in, asked once per page: every page draws the nav, so this is also where a page
// without a session is sent to sign in, whatever its own requests do.
let me: Promise<Me | null> | null = null;

/** The signed-in user with their grants (GET /api/auth/me, asked once per page), or null when it cannot be read. */
export const whoAmI = (): Promise<Me | null> =>
  (me ??= fetch('/api/auth/me').then(async (res) => {
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

/** Draws the links between pages into `nav`, marking the current one; call again after a language switch. */
export function renderNav(nav: HTMLElement, current: Page): void {
  const link = (page: Page) => {
    const a = document.createElement('a');
    a.href = pageHref(page);
    a.textContent = m(page);
    if (page === current) a.setAttribute('aria-current', 'page');
    return a;
  };
  nav.replaceChildren(...(Object.keys(href) as Page[]).filter((page) => !ADMIN_ONLY.includes(page)).map(link));
  void whoAmI().then((user) => {
    if (!user || !nav.isConnected) return;
    nav.querySelectorAll('.nav-user, .nav-admin').forEach((el) => el.remove());
    if (user.grants.some((g) => g.role === 'admin')) {
      for (const page of ADMIN_ONLY) nav.append(Object.assign(link(page), { className: 'nav-admin' }));
    }
    nav.append(userBox(user));
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
