import '../style.css';
import './sizing.css';
import type { MapConfig } from '../map/basemap_sources.ts';
import { GridMap, type Bbox } from '../map/grid_map.ts';
import { geometryBbox } from '../map/coverage_problems.ts';
import { currentLang, setLang } from '../i18n.ts';
import { getJson, postJson, tryJson } from '../api.ts';
import { defaultAreaCode, renderNav, whoAmI } from '../nav.ts';
import { countByClass, deviationFill } from './deviation_style.ts';
import { renderHistogram } from './histogram_view.ts';
import { renderLegend } from './legend.ts';
import { CellTable } from './cell_table.ts';
import { renderRollups } from './rollup_table.ts';
import { renderProposalPanel, type PanelState } from './proposal_panel.ts';
import { RulesPanel } from './rules_panel.ts';
import { proposalFeatures } from './proposal_model.ts';
import { proposalLayers } from './proposal_layers.ts';
import { m } from './messages.ts';
import type { SizingProposal, SizingReport } from './sizing_types.ts';
import { mayAnywhere, mayEverywhere } from '../may.ts';

const $ = (id: string) => document.getElementById(id)!;

/** The analyst view (规模核查): grid sizes against the 200–400 rule, where they breach it, and proposals. */
async function start(): Promise<void> {
  setLang(currentLang());
  let statusText = () => m('loading');
  let report: SizingReport | null = null;
  const renderStatic = () => {
    $('title').textContent = m('title');
    $('lang').textContent = currentLang() === 'zh-CN' ? 'English' : '中文';
    $('status').textContent = statusText();
    $('csv').textContent = m('csv');
    renderNav($('nav'), 'sizing');
  };
  renderStatic();
  try {
    const [config, rootCode, me] = await Promise.all([
      getJson<MapConfig>('/api/config'),
      defaultAreaCode(),
      whoAmI(),
    ]);
    const map = new GridMap($('map'), { basemapUrl: config.basemapUrl, basemaps: config });
    (window as unknown as { gridMap: GridMap }).gridMap = map;
    const reportUrl = `/api/sizing?root=${encodeURIComponent(rootCode)}&level=grid`;
    // The rules in force, beside the report that applies them; only a role held everywhere may
    // replace them (the server has the last word: a 403 turns the panel read-only).
    const rules = new RulesPanel($('rules'), { mayEdit: mayEverywhere(me, 'areas.write'), level: 'grid', onSaved: () => reload() });
    const rulesLoaded = rules.load();
    const [firstReport, root] = await Promise.all([
      getJson<SizingReport>(reportUrl),
      getJson<{ geometry: GeoJSON.Geometry }>(`/api/areas/${encodeURIComponent(rootCode)}`),
    ]);
    let rep = firstReport;
    report = rep;
    ($('csv') as HTMLAnchorElement).href = `/api/sizing?root=${encodeURIComponent(rootCode)}&level=grid&format=csv`;

    const panel: PanelState = { selection: null, busy: false, proposal: null, message: null, mayPropose: mayAnywhere(me, 'sizing.propose'), mayDraft: mayAnywhere(me, 'plans.edit') };
    const table = new CellTable($('cells'), (code) => void selectGrid(code));
    const render = () => {
      const s = rep.summary;
      const band = rep.histogram.band;
      const mid = band && band.min !== null && band.max !== null ? (band.min + band.max) / 2 : null;
      statusText = () => rep.root.name;
      $('summary').textContent = m('summary', { root: rep.root.name, cells: s.cells, within: s.within, under: s.under, over: s.over, exempt: s.exempt, min: band?.min ?? '—', max: band?.max ?? '—' });
      renderHistogram($('histogram'), rep);
      const selectedCommunity = panel.selection?.type === 'community' ? panel.selection.rollup.code : null;
      renderRollups($('rollups'), rep.rollups, selectedCommunity, (code) => void selectCommunity(code));
      table.show(rep.cells, panel.selection?.type === 'grid' ? panel.selection.cell.code : null);
      renderLegend($('legend'), countByClass(rep.cells), mid);
      renderProposalPanel($('panel'), panel);
      rules.render();
      renderStatic();
    };
    // After the rules change: the report, histogram, table and map colours against the new band.
    const reload = async () => {
      rep = await getJson<SizingReport>(reportUrl);
      report = rep;
      const sel = panel.selection;
      if (sel?.type === 'grid') {
        const cell = rep.cells.find((c) => c.code === sel.cell.code);
        panel.selection = cell ? { type: 'grid', cell } : null;
      } else if (sel?.type === 'community') {
        const rollup = rep.rollups.find((r) => r.code === sel.rollup.code);
        panel.selection = rollup ? { type: 'community', rollup } : null;
      }
      // A proposal was made against the old band: it no longer says what the rules ask.
      clearProposal();
      render();
      await map.loaded(); // a save may come before the map's style has loaded
      map.setGridFill(deviationFill(rep.cells) as never, 0.75);
      document.body.dataset.reloaded = String(Number(document.body.dataset.reloaded ?? 0) + 1);
    };
    const fitTo = async (code: string) => {
      const a = await getJson<{ geometry: GeoJSON.Geometry }>(`/api/areas/${encodeURIComponent(code)}`);
      map.fitBbox(geometryBbox(a.geometry) as Bbox, 16);
    };
    const drawProposal = async () => {
      const features = panel.proposal ? proposalFeatures(panel.proposal) : [];
      await map.drawDeckLayers((deck) => proposalLayers(deck, features));
      if (features.length) {
        const box = geometryBbox({ type: 'GeometryCollection', geometries: features.map((f) => f.geometry) });
        map.fitBbox(box as Bbox, 16);
      }
      document.body.dataset.proposal = panel.proposal ? String(panel.proposal.id ?? 'unsaved') : '';
    };
    const clearProposal = () => {
      const had = panel.proposal !== null;
      panel.proposal = null;
      panel.message = null;
      if (had) void drawProposal();
    };
    const selectGrid = async (code: string) => {
      const cell = rep.cells.find((c) => c.code === code);
      if (!cell) return;
      clearProposal();
      panel.selection = { type: 'grid', cell };
      map.select({ code, level: 'grid' });
      render();
      await fitTo(code);
    };
    const selectCommunity = async (code: string) => {
      const rollup = rep.rollups.find((r) => r.code === code);
      if (!rollup) return;
      clearProposal();
      panel.selection = { type: 'community', rollup };
      map.select({ code, level: rollup.level });
      render();
      await fitTo(code);
    };
    const propose = async (kind: 'split' | 'merge' | 'rebalance') => {
      const sel = panel.selection;
      if (!sel) return;
      panel.busy = true;
      panel.message = null;
      render();
      const body = sel.type === 'grid' ? { root: rep.root.code, kind, grid: sel.cell.code } : { root: sel.rollup.code, kind };
      const res = await postJson<SizingProposal>('/api/sizing/proposals', body);
      panel.busy = false;
      panel.proposal = res.data;
      panel.message = res.why;
      render();
      await drawProposal();
    };
    const openInPlanner = async () => {
      const p = panel.proposal;
      if (!p?.id) return;
      const res = await postJson<{ id: number | string }>('/api/plans', { root: p.root, proposal_id: p.id });
      if (res.data) {
        location.href = `/planner.html?plan=${encodeURIComponent(String(res.data.id))}`;
        return;
      }
      panel.message = m('plannerFailed', { message: res.why });
      render();
    };
    $('panel').addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      const kind = target.closest<HTMLElement>('[data-propose]')?.dataset.propose;
      if (kind) void propose(kind as 'split' | 'merge' | 'rebalance');
      if (target.closest('[data-planner]')) void openInPlanner();
      if (target.closest('[data-clear]')) {
        clearProposal();
        render();
      }
    });
    // A click on the map selects the grid under it (through a unit's ancestors when units show).
    map.onAreaClick(async (area) => {
      if (!area) return;
      if (area.level === 'grid') return void selectGrid(area.code);
      if (area.level === 'community') return void selectCommunity(area.code);
      const found = await tryJson<{ ancestors: { code: string; level: string }[] }>(`/api/areas/${encodeURIComponent(area.code)}`);
      const grid = found.data?.ancestors.find((a) => a.level === 'grid');
      if (grid) void selectGrid(grid.code);
    });
    $('lang').addEventListener('click', () => {
      setLang(currentLang() === 'zh-CN' ? 'en' : 'zh-CN');
      render();
    });

    render();
    await map.loaded();
    map.fitBbox(geometryBbox(root.geometry) as Bbox, 16);
    map.setGridFill(deviationFill(rep.cells) as never, 0.75);
    await map.drawn();
    await rulesLoaded;
    document.body.dataset.ready = 'true';
  } catch (err) {
    statusText = () => m('error', { message: err instanceof Error ? err.message : String(err) });
    renderStatic();
    document.body.dataset.ready = 'error';
  }
  void report;
}

void start();
