import '../style.css';
import './field.css';
import { GridMap, type Bbox } from '../map/grid_map.ts';
import { geometryBbox } from '../map/coverage_problems.ts';
import { currentLang, setLang } from '../i18n.ts';
import { esc, getJson, tryJson } from '../api.ts';
import { isOffline, onReachabilityChange } from '../reachability.ts';
import { whoAmI } from '../nav.ts';
import { mayAnywhere } from '../may.ts';
import { m } from './messages.ts';
import { Outbox } from './outbox.ts';
import { indexedDbOutbox } from './outbox_store.ts';
import { fieldTransport } from './field_transport.ts';
import { ReportForm, type Category } from './report_form.ts';
import { renderOutbox } from './outbox_view.ts';
import { TaskList } from './task_list.ts';
import { PatrolSheet } from './patrol_sheet.ts';

const $ = (id: string) => document.getElementById(id)!;

type Tab = 'map' | 'report' | 'patrol' | 'tasks' | 'outbox';
const TABS: Tab[] = ['map', 'report', 'patrol', 'tasks', 'outbox'];

interface Area {
  code: string;
  name: string;
  level: string;
  geometry: GeoJSON.Geometry;
}

/**
 * The grid worker's phone app (网格员移动端) at /m/: opens on the user's own grid (its outline
 * and units on the map, their position with its accuracy), reports events with photos, and keeps
 * what cannot be sent yet in an outbox on the phone.
 */
async function start(): Promise<void> {
  setLang(currentLang());
  let tab: Tab = 'map';
  let areaLine = m('loading');
  let position: { lon: number; lat: number; accuracy: number } | null = null;
  let positionLine = '';
  let toast = '';
  const renderStatic = () => {
    $('title').textContent = m('title');
    $('lang').textContent = currentLang() === 'zh-CN' ? 'English' : '中文';
    $('area').textContent = areaLine;
    $('position').textContent = positionLine;
    for (const t of TABS) {
      const b = $(`tab-${t}`);
      b.querySelector('span')!.textContent = m(`tab.${t}`);
      b.setAttribute('aria-current', String(tab === t));
    }
  };
  renderStatic();
  const me = await whoAmI();
  if (!me) throw new Error(m('signIn'));
  const outbox = new Outbox(indexedDbOutbox(me.username), fieldTransport);
  const renderNet = async () => {
    const waiting = (await outbox.items()).filter((i) => i.state === 'waiting').length;
    const offline = isOffline();
    $('net').textContent = `${offline ? m('offline') : m('online')}${waiting ? ` · ${m('waitingCount', { n: waiting })}` : ''}`;
    $('net').className = offline ? 'offline' : 'online';
    $('net').title = offline ? m('offlineHint') : '';
    $('tab-outbox').dataset.count = waiting ? String(waiting) : '';
  };
  onReachabilityChange(() => void renderNet());
  outbox.onChange(() => {
    void renderNet();
    if (tab === 'outbox') void renderOutbox($('sheet-outbox'), outbox);
  });
  void renderNet();

  // The user's own area: the first one where they may report (a grid worker's grid); a role
  // held everywhere opens on the town.
  const reportScope = me.scopes?.['events.report'];
  let code = reportScope === null ? null : (reportScope?.[0] ?? me.grants[0]?.areaCode ?? null);
  const [config, rules] = await Promise.all([
    getJson<{ basemapUrl: string | null }>('/api/config'),
    getJson<{ categories: Category[] }>('/api/events/categories'),
  ]);
  if (!code) code = String((await getJson<GeoJSON.FeatureCollection>('/api/areas?level=town&limit=1')).features[0]?.properties?.code ?? '');
  const area = await getJson<Area>(`/api/areas/${encodeURIComponent(code)}`);
  areaLine = m('myArea', { name: area.name });
  const map = new GridMap($('map'), { basemapUrl: config.basemapUrl, bounds: geometryBbox(area.geometry) as Bbox });
  (window as unknown as { gridMap: GridMap }).gridMap = map;
  // Without a network, tiles the phone does not hold fail: expected, and the status line says so.
  map.onError((error) => {
    if (!isOffline()) console.error(error);
  });
  map.fitBbox(geometryBbox(area.geometry) as Bbox, 17);
  await map.showOwnArea(area.geometry);
  const units = await tryJson<GeoJSON.FeatureCollection>(`/api/areas?within=${encodeURIComponent(area.code)}&level=unit&limit=2000`);
  if (units.data) await map.showOwnUnits(units.data);

  const form = new ReportForm($('sheet-report'), {
    map,
    outbox,
    categories: rules.categories,
    reporter: me.username,
    position: () => position,
    onDone: (message, waitingId) => {
      toast = message;
      show('map');
      // Still on its way when the form closed: the toast says so once it is sent.
      if (waitingId) void outbox.whenSent(waitingId).then(() => notify(m('sent.ok')));
    },
    onCancel: () => show('map'),
  });
  const notify = (message: string) => {
    $('toast').textContent = message;
    $('toast').hidden = false;
  };
  const tasks = new TaskList($('sheet-tasks'), { outbox, me: me.username, areaCode: area.code, categories: rules.categories, notify });
  // Patrols (巡查) and visits (走访): for those who may record them (grid workers, dispatchers).
  const patrols = !mayAnywhere(me, 'patrols.record')
    ? null
    : new PatrolSheet($('sheet-patrol'), { map, outbox, me: me.username, units: units.data ?? { type: 'FeatureCollection', features: [] }, position: () => position, notify });
  $('tab-patrol').hidden = !patrols;
  map.onAreaClick((_area, lngLat) => {
    if (form.isOpen) form.tapAt(lngLat);
  });

  const show = (next: Tab) => {
    tab = next;
    $('sheet-outbox').hidden = next !== 'outbox';
    if (next === 'patrol') patrols?.show();
    else patrols?.hide();
    if (next === 'tasks') tasks.show();
    else tasks.hide();
    if (next === 'report') form.open();
    else if (form.isOpen) form.close();
    if (next === 'outbox') void renderOutbox($('sheet-outbox'), outbox);
    $('toast').textContent = toast;
    $('toast').hidden = !toast;
    toast = '';
    renderStatic();
  };
  for (const t of TABS) $(`tab-${t}`).addEventListener('click', () => show(t));
  $('lang').addEventListener('click', () => {
    setLang(currentLang() === 'zh-CN' ? 'en' : 'zh-CN');
    areaLine = m('myArea', { name: area.name });
    if (form.isOpen) form.render();
    if (tasks.isShown) tasks.render();
    if (patrols?.isShown) patrols.render();
    show(tab);
    void renderNet();
  });

  if ('geolocation' in navigator) {
    positionLine = m('locating');
    navigator.geolocation.watchPosition(
      (p) => {
        const first = !position;
        position = { lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy };
        positionLine = m('position', { m: Math.round(p.coords.accuracy) });
        void map.showPosition(position);
        void patrols?.onFix({ lon: p.coords.longitude, lat: p.coords.latitude, t: p.timestamp || Date.now(), accuracy: p.coords.accuracy });
        if (first) document.body.dataset.located = 'true';
        renderStatic();
      },
      (err) => {
        positionLine = m('positionDenied', { why: err.message });
        renderStatic();
      },
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
    );
  }
  show('map');
  // The task list follows the event stream from the start, so a new task is announced on any tab.
  void tasks.load();
  await map.drawn();
  document.body.dataset.ready = 'true';
  void outbox.flush();

  if ('serviceWorker' in navigator) {
    // The app shell (this page, its scripts and styles) and the user's grid open offline.
    navigator.serviceWorker.addEventListener('message', (e) => {
      if ((e.data as { type?: string })?.type === 'cached') document.body.dataset.offlineReady = 'true';
    });
    navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).then(
      async (reg) => {
        await navigator.serviceWorker.ready;
        const urls = performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.startsWith(location.origin));
        (reg.active ?? navigator.serviceWorker.controller)?.postMessage({ type: 'cache', urls: [location.href, ...urls] });
      },
      (err) => console.warn('service worker not registered', err),
    );
  }
}

start().catch((err) => {
  const el = document.getElementById('area');
  if (el) el.innerHTML = `<span class="error">${esc(m('error', { message: err instanceof Error ? err.message : String(err) }))}</span>`;
});
