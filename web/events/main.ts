import '../style.css';
import './events.css';
import type { MapConfig } from '../map/basemap_sources.ts';
import { GridMap, type Bbox } from '../map/grid_map.ts';
import { geometryBbox } from '../map/coverage_problems.ts';
import { currentLang, setLang } from '../i18n.ts';
import { esc, getJson, tryJson } from '../api.ts';
import { defaultAreaCode, renderNav, whoAmI } from '../nav.ts';
import { applyFeedMessage, filterQuery, OPEN_STATUSES, type FeedMessage, type LiveEvent } from './event_model.ts';
import { binsToWeights, heatSource, HEAT_POINT_LIMIT, windowFrom, type HeatWeight } from './heat_window.ts';
import { commandCentreLayers } from './event_overlay.ts';
import { FilterPanel, type FilterState } from './filter_panel.ts';
import { EventList } from './event_list.ts';
import { EventDetailView } from './event_detail.ts';
import { renderDashboard } from './dashboard_strip.ts';
import { statsGroupFor, type EventStats } from './dashboard_model.ts';
import { followEventStream, type StreamState } from './event_stream.ts';
import { PULSE_MS, STATUS_COLOURS, statusCss } from './event_style.ts';
import { m, mValue } from './messages.ts';
import { mayAnywhere } from '../may.ts';
import { attachDeskReport } from '../field/desk_report.ts';

const $ = (id: string) => document.getElementById(id)!;

interface Categories {
  categories: { code: string; name_zh: string; name_en: string }[];
  statuses: string[];
  levels: string[];
}

/** The command centre (指挥中心): live events of an area on the map and in a list, heat, figures and the actions. */
async function start(): Promise<void> {
  setLang(currentLang());
  let statusText = () => m('loading');
  let streamState: StreamState | null = null;
  const renderStatic = () => {
    $('title').textContent = m('title');
    $('lang').textContent = currentLang() === 'zh-CN' ? 'English' : '中文';
    $('status').textContent = statusText();
    $('live').textContent = streamState ? m(streamState === 'live' ? 'live' : 'reconnecting') : '';
    $('live').className = `live ${streamState ?? ''}`;
    renderNav($('nav'), 'events');
  };
  renderStatic();
  try {
    const [config, rules, me, rootCode] = await Promise.all([
      getJson<MapConfig>('/api/config'),
      getJson<Categories>('/api/events/categories'),
      whoAmI(),
      defaultAreaCode(),
    ]);
    const root = await getJson<{ code: string; name: string; level: string; geometry: GeoJSON.Geometry }>(`/api/areas/${encodeURIComponent(rootCode)}`);
    const categoryName = (code: string) => {
      const c = rules.categories.find((x) => x.code === code);
      return c ? (currentLang() === 'zh-CN' ? c.name_zh : c.name_en) : code;
    };
    const map = new GridMap($('map'), { basemapUrl: config.basemapUrl, basemaps: config });
    (window as unknown as { gridMap: GridMap }).gridMap = map;
    // The phone's report form, for a desk user who takes a call (a button, then a point on the map).
    attachDeskReport(map, $('map').parentElement!, me, rules.categories);

    let state: FilterState = { filter: { area: root.code, statuses: [...OPEN_STATUSES], categories: [], levels: [] }, window: '7d', heat: true };
    const events = new Map<string, LiveEvent>();
    let total = 0;
    let selected: string | null = null;
    let heat: HeatWeight[] = [];
    let heatMode: 'points' | 'bins' = 'points';
    let areas = [{ code: root.code, name: root.name }];
    let eventList: LiveEvent[] = [];
    const page = { events, map, arrivals: [] as { id: string; at: number }[] };
    (window as unknown as { commandCentre: typeof page }).commandCentre = page;

    // deck.gl redraws: on any change (draw), and every frame while a new event pulses (paint).
    let animating = false;
    const paint = () =>
      map.drawDeckLayers((deck) =>
        commandCentreLayers(deck, { events: eventList, heat, heatVisible: state.heat, selected, nowMs: Date.now() }, (id) => void select(id)),
      );
    const draw = () => {
      eventList = [...events.values()];
      return paint();
    };
    const animate = () => {
      void paint();
      const now = Date.now();
      animating = eventList.some((e) => e.arrived_at !== undefined && now - e.arrived_at < PULSE_MS);
      if (animating) requestAnimationFrame(animate);
    };
    const startPulse = () => {
      if (!animating) {
        animating = true;
        requestAnimationFrame(animate);
      }
    };

    const list = new EventList($('list'), categoryName, (id) => void select(id));
    const renderList = () => list.render(eventList, total, selected, Date.now());
    const detail = new EventDetailView($('detail'), categoryName, () => me?.username ?? 'command-centre', mayAnywhere(me, 'events.handle'), () => void select(null));
    const select = async (id: string | null) => {
      selected = id;
      void draw();
      renderList();
      if (id) await detail.open(id);
      else detail.hide();
    };

    const renderLegend = () => {
      $('legend').innerHTML = `<b>${esc(m('legend'))}</b> ${Object.keys(STATUS_COLOURS)
        .filter((s) => state.filter.statuses.includes(s))
        .map((s) => `<span class="chip"><span class="dot" style="background:${statusCss(s)}"></span>${esc(mValue('status', s))}</span>`)
        .join('')} <span class="chip"><span class="ring"></span>${esc(m('legend.overdue'))}</span> <span class="chip">${esc(m('legend.pulse'))}</span>`;
    };
    const panel = new FilterPanel($('filters'), state, { areas, categories: [], statuses: rules.statuses, levels: rules.levels }, (next) => {
      const areaChanged = next.filter.area !== state.filter.area;
      state = next;
      renderLegend();
      if (areaChanged) void fitArea(next.filter.area);
      void reload();
    });
    const renderPanel = () =>
      panel.setChoices({ areas, categories: rules.categories.map((c) => ({ code: c.code, name: categoryName(c.code) })), statuses: rules.statuses, levels: rules.levels });

    // The snapshot of events passing the filter, then the stream from where the snapshot ends.
    let closeStream = () => undefined as void;
    const loadEvents = async () => {
      closeStream();
      const snap = await getJson<{ events: LiveEvent[]; total: number; last_seq: number }>(`/api/events?${filterQuery(state.filter, { limit: 5000 })}`);
      events.clear();
      for (const e of snap.events) events.set(e.id, e);
      total = snap.total;
      closeStream = followEventStream(snap.last_seq, onFeed, (s) => {
        streamState = s;
        renderStatic();
      });
      void draw();
      renderList();
    };
    const loadHeat = async () => {
      if (!state.heat) return;
      const from = windowFrom(state.window, Date.now());
      heatMode = heatSource(state.window, null);
      let n = 0;
      if (heatMode === 'points') {
        const res = await getJson<{ events: LiveEvent[]; total: number }>(`/api/events?${filterQuery(state.filter, { from, limit: HEAT_POINT_LIMIT })}`);
        heatMode = heatSource(state.window, res.total);
        heat = res.events.map((e) => ({ position: [e.lon, e.lat], weight: 1 }));
        n = res.total;
      }
      if (heatMode === 'bins') {
        const zoom = Math.max(0, Math.floor(map.map.getZoom()));
        const res = await getJson<{ total: number; bins: { lon: number; lat: number; count: number }[] }>(`/api/events/heat?${filterQuery(state.filter, { from, zoom, cell_px: 16 })}`);
        heat = binsToWeights(res.bins);
        n = res.total;
        heatZoom = zoom;
      }
      panel.setHeatNote(heatMode === 'points' ? m('heat.points', { n }) : m('heat.bins', { n, cells: heat.length }));
      document.body.dataset.heat = heatMode;
      void draw();
    };
    let heatZoom = -1;
    const statsUrl = (format: 'json' | 'csv') =>
      `/api/events/stats?${new URLSearchParams({ area: state.filter.area, group: statsGroupFor(state.filter.area === root.code ? root.level : 'community'), from: windowFrom(state.window, Date.now()), format })}`;
    const loadStats = async () => {
      const res = await tryJson<EventStats>(statsUrl('json'));
      if (!res.data) {
        $('dashboard').textContent = res.why;
        return;
      }
      if (res.data.area.code === root.code && areas.length === 1) {
        areas = [{ code: root.code, name: root.name }, ...res.data.groups.map((g) => ({ code: g.code, name: g.name }))];
        renderPanel();
      }
      renderDashboard($('dashboard'), res.data, m(`window.${state.window}`), statsUrl('csv'), categoryName);
    };
    const reload = async () => {
      await Promise.all([loadEvents(), loadHeat(), loadStats()]);
      document.body.dataset.ready = 'true';
    };

    const summary = () => `${root.name} · ${m('open')} ${total}`;
    let arrivalTimer: ReturnType<typeof setTimeout> | undefined;
    let statsTimer: ReturnType<typeof setTimeout> | null = null;
    let heatTimer: ReturnType<typeof setTimeout> | null = null;
    const later = (timer: ReturnType<typeof setTimeout> | null, fn: () => void, ms: number) => timer ?? setTimeout(fn, ms);
    function onFeed(msg: FeedMessage): void {
      const now = Date.now();
      const outcome = applyFeedMessage(events, msg, state.filter, now);
      if (outcome === 'ignored') return;
      if (outcome === 'added') total++;
      if (outcome === 'removed') total--;
      if (outcome === 'added' && msg.type === 'created') {
        page.arrivals.push({ id: msg.event.id, at: now });
        statusText = () => m('arrived', { category: categoryName(msg.event.category), grid: msg.event.grid_name ?? '' });
        renderStatic();
        clearTimeout(arrivalTimer);
        arrivalTimer = setTimeout(() => {
          statusText = summary;
          renderStatic();
        }, 10_000);
        if (state.heat && heatMode === 'points') heat = [...heat, { position: [msg.event.lon, msg.event.lat], weight: 1 }];
        startPulse();
      }
      void draw();
      renderList();
      if (selected === msg.event.id) void detail.open(msg.event.id);
      // Figures and server bins are recomputed a moment later, once for a burst of messages.
      statsTimer = later(statsTimer, () => ((statsTimer = null), void loadStats()), 3000);
      if (heatMode === 'bins') heatTimer = later(heatTimer, () => ((heatTimer = null), void loadHeat()), 2000);
    }

    const fitArea = async (code: string) => {
      const a = code === root.code ? root : await getJson<{ geometry: GeoJSON.Geometry }>(`/api/areas/${encodeURIComponent(code)}`);
      map.fitBbox(geometryBbox(a.geometry) as Bbox, 16);
      map.select({ code, level: code === root.code ? root.level : root.level === 'town' ? 'community' : 'grid' });
    };

    $('lang').addEventListener('click', () => {
      setLang(currentLang() === 'zh-CN' ? 'en' : 'zh-CN');
      renderStatic();
      renderPanel();
      renderLegend();
      renderList();
      detail.render();
      void loadStats();
    });
    // Server bins are sized by the zoom: fetch them again when it changes by a whole level.
    map.map.on('moveend', () => {
      if (state.heat && heatMode === 'bins' && Math.floor(map.map.getZoom()) !== heatZoom) void loadHeat();
    });
    // Clocks move: the list is redrawn every half minute (the overdue rings with it).
    setInterval(() => {
      renderList();
      void draw();
    }, 30_000);

    renderPanel();
    renderLegend();
    await map.loaded();
    await fitArea(root.code);
    await reload();
    statusText = summary;
    renderStatic();
    // deck.gl (loaded on first use) has the points and heat, and MapLibre has drawn the areas.
    await draw();
    await map.drawn();
    document.body.dataset.drawn = 'true';
  } catch (err) {
    statusText = () => m('error', { message: err instanceof Error ? err.message : String(err) });
    renderStatic();
    document.body.dataset.ready = 'error';
  }
}

void start();
