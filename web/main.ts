import './style.css';
import { GridMap, LEVELS } from './map/grid_map.ts';
import { currentLang, setLang, t } from './i18n.ts';

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status} ${(await res.json().catch(() => ({}))).message ?? res.statusText}`);
  return res.json() as Promise<T>;
}

function renderStatic(): void {
  document.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => (el.textContent = t(el.dataset.i18n as 'app.title')));
  document.getElementById('lang')!.textContent = t('lang.switch');
}

async function start(): Promise<void> {
  setLang(currentLang());
  renderStatic();
  const status = document.getElementById('status')!;
  // The status line is kept as a function so a language switch re-renders it.
  let summary = () => t('status.loading');
  const showStatus = () => (status.textContent = summary());
  document.getElementById('lang')!.addEventListener('click', () => {
    setLang(currentLang() === 'zh-CN' ? 'en' : 'zh-CN');
    renderStatic();
    showStatus();
  });
  showStatus();
  try {
    const config = await getJson<{ basemapUrl: string | null }>('/api/config');
    const map = new GridMap(document.getElementById('map')!, config.basemapUrl);
    (window as unknown as { gridMap: GridMap }).gridMap = map;
    const [towns, ...levels] = await Promise.all([
      getJson<GeoJSON.FeatureCollection>('/api/areas?level=town'),
      ...LEVELS.map((l) => getJson<GeoJSON.FeatureCollection>(`/api/areas?level=${l.level}`)),
    ]);
    await map.loaded();
    LEVELS.forEach((l, i) => map.showAreas(l.level, levels[i]));
    map.fitTo(towns.features.length ? towns : levels[0]);
    await map.drawn();
    summary = () =>
      t('status.summary', {
        town: towns.features.map((f) => f.properties?.name).join('、') || '—',
        communities: levels[0].features.length,
        grids: levels[1].features.length,
        units: levels[2].features.length,
      });
    showStatus();
    document.body.dataset.ready = 'true';
  } catch (err) {
    summary = () => t('status.error', { message: err instanceof Error ? err.message : String(err) });
    showStatus();
    document.body.dataset.ready = 'error';
  }
}

start();
