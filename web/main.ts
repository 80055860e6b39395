import './style.css';
import { GridMap, type Bbox, type LayerGroup } from './map/grid_map.ts';
import type { MapConfig } from './map/basemap_sources.ts';
import { mountBasemapSwitcher } from './views/basemap_switcher.ts';
import { areaLevelStyles } from './map/area_layers.ts';
import { currentLang, setLang, t } from './i18n.ts';
import { getJson, tryJson } from './api.ts';
import { baseGridBand, countByStatus, sizingStates, type AreaCountsRow } from './map/sizing_status.ts';
import { coverageItems } from './map/coverage_problems.ts';
import { heatCells, pointsOfEvents } from './map/event_layers.ts';
import { applyFeedMessage, filterQuery, OPEN_STATUSES, type LiveEvent } from './events/event_model.ts';
import { followEventStream } from './events/event_stream.ts';
import { gridStaffMarkers, staffLayerStyle, staffMarkerText, staffTally, type GridStaffMarker, type PartyOrgRegisterRow, type StaffRegisterRow } from './map/staff_layers.ts';
import { mountSearchBox, type SearchResult } from './views/search_box.ts';
import { AreaCardView } from './views/area_card.ts';
import { showVisitCoverage } from './views/visit_coverage_line.ts';
import { PatrolOverlay } from './map/patrol_overlay.ts';
import { LayerPanel, type LayerPanelState } from './views/layer_panel.ts';
import { CoveragePanel } from './views/coverage_panel.ts';
import { renderNav, whoAmI } from './nav.ts';
import { attachDeskReport } from './field/desk_report.ts';
import { mayAnywhere } from './may.ts';
import type { Category } from './field/report_form.ts';

const $ = (id: string) => document.getElementById(id)!;

function renderStatic(): void {
  document.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => (el.textContent = t(el.dataset.i18n as 'app.title')));
  $('lang').textContent = t('lang.switch');
  renderNav($('nav'), 'map');
}

async function start(): Promise<void> {
  const started = performance.now();
  setLang(currentLang());
  renderStatic();
  const status = $('status');
  // The status line is kept as a function so a language switch re-renders it.
  let summary = () => t('status.loading');
  const showStatus = () => (status.textContent = summary());
  showStatus();
  try {
    // Everything the first view needs is asked for at once; the map starts on the tiles' extent as
    // soon as it is known, so the first tiles it fetches are the ones it shows.
    const sized = (collection: string) => getJson<{ numberMatched: number }>(`/ogc/collections/${collection}/items?limit=1`).then((b) => b.numberMatched);
    const tilejsonAndConfig = Promise.all([
      getJson<{ bounds?: Bbox }>('/tiles/communities.json'),
      getJson<MapConfig>('/api/config'),
      // The levels the tree uses, top down: a tree imported with its own (city → neighbourhood → block) is drawn as its levels.
      getJson<{ layers: { name: string; level?: string | null; depth?: number | null }[] }>('/tiles/layers.json'),
    ]);
    const rest = Promise.all([getJson<GeoJSON.FeatureCollection>('/api/areas?level=town&limit=1'), sized('communities'), sized('grids'), sized('units')]);
    rest.catch(() => undefined); // awaited below: an early failure is handled there, not reported as unhandled
    const [tilejson, config, tileLayers] = await tilejsonAndConfig;
    const map = new GridMap($('map'), { basemapUrl: config.basemapUrl, basemaps: config, bounds: tilejson.bounds, levels: areaLevelStyles(tileLayers.layers) });
    const renderBasemapSwitcher = mountBasemapSwitcher(map);
    (window as unknown as { gridMap: GridMap }).gridMap = map;

    // Counts per area (households, people, facilities, open events) for sizing colours and cards,
    // loaded per level when first needed: grids at once (the sizing colours), others on a card.
    const countsByLevel = new Map<string, Promise<Map<string, AreaCountsRow>>>();
    const countsOf = (layer: string) => {
      if (!countsByLevel.has(layer)) {
        countsByLevel.set(layer, getJson<{ areas: AreaCountsRow[] }>(`/tiles/${layer}/counts.json`).then((b) => new Map(b.areas.map((r) => [r.code, r]))));
      }
      return countsByLevel.get(layer)!;
    };
    const layerOfLevel: Record<string, string> = { town: 'towns', community: 'communities', grid: 'grids', subgrid: 'subgrids', unit: 'units' };
    const [town, nCommunities, nGrids, nUnits] = await rest;
    // A user held to a community or grid sees no town: their own area, the first of what they see
    // (codes sort parents first), stands in for it in the status line, coverage and legend.
    const top = town.features.length > 0 ? town : await getJson<GeoJSON.FeatureCollection>('/api/areas?limit=1');
    const townCode = String(top.features[0]?.properties?.code ?? '');

    const panelState: LayerPanelState = { colour: 'kind', sizingCounts: null, facilityCounts: null, unavailable: {} };
    let coverage: CoveragePanel | null = null;
    const panel = new LayerPanel($('layers'), map, panelState, (group, on) => void loadGroup(group, on));
    const renderPanel = () => {
      panel.render();
      coverage?.render(document.getElementById('coverage-list'));
    };
    // Staff and party branches: the two registers, rolled up per grid once, redrawn on a language switch.
    let staffMarkers: GridStaffMarker[] | null = null;
    const drawStaff = () => staffMarkers && map.showStaff(staffLayerStyle(staffMarkers, staffMarkerText));
    const loadStaff = async () => {
      const staff = (role: string) => tryJson<{ staff: StaffRegisterRow[] }>(`/api/staff?role=${role}&limit=10000`);
      const [grids, workers, partTime, branches] = await Promise.all([
        countsOf('grids'),
        staff('grid_worker'),
        staff('part_time_worker'),
        tryJson<{ party_orgs: PartyOrgRegisterRow[] }>('/api/party-orgs?kind=branch&limit=10000'),
      ]);
      if (!workers.data || !partTime.data || !branches.data) {
        panelState.unavailable.staff = workers.why ?? partTime.why ?? branches.why ?? '';
        map.setVisible('staff', false);
      } else {
        staffMarkers = gridStaffMarkers([...grids.values()], [...workers.data.staff, ...partTime.data.staff], branches.data.party_orgs);
        panelState.staffTally = staffTally(staffMarkers);
        drawStaff();
      }
      renderPanel();
      document.body.dataset.staff = staffMarkers ? 'loaded' : 'unavailable';
    };
    // The one-map's live events, once the layer was first shown (then kept current by the stream).
    let liveEvents: Map<string, LiveEvent> | null = null;
    const loadGroup = async (group: LayerGroup, on: boolean) => {
      if (!on) return;
      if (group === 'staff' && !staffMarkers) await loadStaff();
      if (group === 'coverage' && !coverage) {
        const res = await tryJson<GeoJSON.FeatureCollection>(`/api/coverage?root=${encodeURIComponent(townCode)}`);
        if (!res.data) {
          panelState.unavailable.coverage = res.why;
          map.setVisible('coverage', false);
        } else {
          map.showCoverage(res.data);
          coverage = new CoveragePanel(map, coverageItems(res.data));
        }
        renderPanel();
        document.body.dataset.coverage = res.data ? 'loaded' : 'unavailable';
      }
      if (group === 'events' && !liveEvents) {
        const zoom = Math.round(map.map.getZoom());
        // The open events, then the event stream from the snapshot's last sequence, kept as the
        // command centre keeps them (applyFeedMessage, followEventStream): the layer stays current.
        const filter = { area: '', statuses: [...OPEN_STATUSES], categories: [], levels: [] };
        const [snap, heat] = await Promise.all([
          tryJson<{ events: LiveEvent[]; last_seq: number }>(`/api/events?${filterQuery(filter, { limit: 5000 })}`),
          tryJson<{ bins: { lon: number; lat: number; count: number }[] }>(`/api/events/heat?zoom=${zoom}`),
        ]);
        if (!snap.data || !heat.data) {
          panelState.unavailable.events = snap.why ?? heat.why ?? '';
          map.setVisible('events', false);
          renderPanel();
        } else {
          const events = new Map(snap.data.events.map((e) => [e.id, e]));
          const cells = heatCells(heat.data);
          liveEvents = events;
          map.showEvents(pointsOfEvents(events.values(), Date.now()), cells);
          followEventStream(snap.data.last_seq, (msg) => {
            if (applyFeedMessage(events, msg, filter, Date.now()) !== 'ignored') map.showEvents(pointsOfEvents(events.values(), Date.now()), cells);
          }, () => undefined);
        }
        document.body.dataset.events = snap.data && heat.data ? 'loaded' : 'unavailable';
      }
    };

    const card = new AreaCardView(
      $('card'),
      async (code, level) => (layerOfLevel[level] ? ((await countsOf(layerOfLevel[level])).get(code) ?? null) : null),
      (code) => void openArea(code, true),
      () => map.select(null),
    );
    const openArea = async (code: string, fit: boolean) => {
      const c = await card.open(code);
      map.select({ code: c.code, level: c.level });
      void showVisitCoverage($('card'), me, c, () => card.current?.code === c.code);
      if (fit) {
        const hit = await getJson<{ results: SearchResult[] }>(`/api/search?q=${encodeURIComponent(code)}&types=area&limit=1`);
        const r = hit.results[0];
        if (r?.type === 'area' && r.code === code) map.fitBbox(r.bbox);
      }
    };
    // The phone's report form (a button, then a point on the map); while it is open a click places the event, not a card.
    // Asked only of users who may report: for the others the categories would be a 403 in the console.
    const me = await whoAmI();
    const categories = mayAnywhere(me, 'events.report') ? ((await tryJson<{ categories: Category[] }>('/api/events/categories')).data?.categories ?? []) : [];
    const report = attachDeskReport(map, $('map').parentElement!, me, categories);
    // Patrol tracks (巡查轨迹): for those who may see any (their own, or others' with patrols.read).
    const patrolLayer = mayAnywhere(me, 'patrols.record') || mayAnywhere(me, 'patrols.read') ? new PatrolOverlay(map) : null;
    map.onAreaClick((area) => {
      if (area && !report.isOpen()) void openArea(area.code, false);
    });
    const search = mountSearchBox($('search-input') as HTMLInputElement, $('search-results'), (r) => {
      if (r.type === 'area') {
        map.fitBbox(r.bbox);
        void openArea(r.code, false);
      } else {
        map.jumpTo(r.center, 18);
        if (r.cell) void openArea(r.cell.code, false);
      }
    });

    $('lang').addEventListener('click', () => {
      setLang(currentLang() === 'zh-CN' ? 'en' : 'zh-CN');
      renderStatic();
      showStatus();
      renderPanel();
      drawStaff();
      search.refresh();
      card.render();
      patrolLayer?.refresh();
      const shown = card.current;
      if (shown) void showVisitCoverage($('card'), me, shown, () => card.current === shown);
      renderBasemapSwitcher();
    });

    await map.loaded();
    renderPanel();
    // Sizing colours need every grid's household count: they follow the first view, not block it.
    // Each count carries the server's verdict against the rules in force (GET /api/sizing's own).
    const colourBySize = () =>
      countsOf('grids').then((byCode) => {
        const grids = [...byCode.values()];
        panelState.sizingBand = baseGridBand(grids);
        map.setAreaStates('grids', sizingStates(grids));
        panelState.sizingCounts = countByStatus(grids);
        renderPanel();
      });
    const sizingReady = colourBySize();
    await map.drawn();
    summary = () =>
      t('status.summary', {
        town: top.features.map((f) => f.properties?.name).join('、') || '—',
        communities: nCommunities,
        grids: nGrids,
        units: nUnits,
      });
    showStatus();
    // Printed for the browser test and a person measuring the first full view: from the start of
    // the navigation (what the user waits), and from this script's start.
    const drawnAt = Math.round(performance.now());
    console.info(`first full view drawn ${drawnAt} ms after navigation (${Math.round(drawnAt - started)} ms after the app started)`);
    document.body.dataset.firstViewMs = String(drawnAt);
    document.body.dataset.ready = 'true';
    await sizingReady;
    document.body.dataset.sizing = 'ready';
    followAreaChanges(() => {
      // The published tree changed (a plan published, an import, a fix): new shapes, new counts.
      map.reloadAreaTiles();
      countsByLevel.clear();
      void colourBySize();
      if (card.current) void card.open(card.current.code);
    });
    // The facility legend's counts come from the town's summary, where that service exists.
    const townSummary = await tryJson<{ facilities: Record<string, number> }>(`/api/areas/${encodeURIComponent(townCode)}/summary`);
    panelState.facilityCounts = townSummary.data?.facilities ?? null;
    renderPanel();
  } catch (err) {
    summary = () => t('status.error', { message: err instanceof Error ? err.message : String(err) });
    showStatus();
    document.body.dataset.ready = 'error';
  }
}

/**
 * Calls `reload` when the server says the published tree changed (GET /api/changes/stream),
 * once per burst of changes; counts the reloads in body[data-area-reloads] for tests.
 */
function followAreaChanges(reload: () => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reloads = 0;
  new EventSource('/api/changes/stream').addEventListener('areas', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      reload();
      document.body.dataset.areaReloads = String(++reloads);
    }, 300);
  });
}

start();
