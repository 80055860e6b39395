import { defineMessages } from '../i18n.ts';
import type { GridMap } from '../map/grid_map.ts';

const m = defineMessages(
  {
    title: '底图',
    offline: '离线底图',
    'tianditu-vec': '天地图 · 矢量',
    'tianditu-img': '天地图 · 影像',
    xyz: '瓦片底图',
    style: '样式底图',
    none: '无底图',
  },
  {
    title: 'Basemap',
    offline: 'Offline basemap',
    'tianditu-vec': 'Tianditu · map',
    'tianditu-img': 'Tianditu · imagery',
    xyz: 'Tile basemap',
    style: 'Style basemap',
    none: 'No basemap',
  },
);

/**
 * A small chooser in the map's top-left corner (a map control, so that it stacks with the others
 * there) listing the basemaps the server offers (and none); the choice is asked of the map. Shown
 * only when there is something to choose. Returns its render, for the page to call again after a
 * language switch.
 */
export function mountBasemapSwitcher(map: GridMap): () => void {
  const { basemaps } = map.basemaps();
  if (basemaps.length === 0) return () => undefined;
  const label = document.createElement('label');
  label.className = 'maplibregl-ctrl basemap-switcher';
  const caption = document.createElement('span');
  const select = document.createElement('select');
  select.id = 'basemap';
  label.append(caption, select);
  map.map.addControl({ onAdd: () => label, onRemove: () => label.remove() }, 'top-left');
  const render = () => {
    caption.textContent = m('title');
    select.replaceChildren(...[...basemaps.map((b) => b.id), 'none'].map((id) => new Option(m(id as 'none'), id, false, id === map.basemaps().current)));
  };
  render();
  select.addEventListener('change', () => void map.setBasemap(select.value));
  return render;
}
