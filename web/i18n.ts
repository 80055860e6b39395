/** zh-CN first, English on request; the choice is remembered. */
export type Lang = 'zh-CN' | 'en';

const messages = {
  'zh-CN': {
    'app.title': '网格通 · 网格化管理一张图',
    'lang.switch': 'English',
    'status.loading': '正在加载…',
    'status.summary': '{town}：{communities} 个村社区，{grids} 个网格，{units} 个单元',
    'status.error': '加载失败：{message}',
  },
  en: {
    'app.title': 'Gridwork · grid governance map',
    'lang.switch': '中文',
    'status.loading': 'Loading…',
    'status.summary': '{town}: {communities} communities, {grids} grids, {units} units',
    'status.error': 'Could not load: {message}',
  },
} as const;

export type MessageKey = keyof (typeof messages)['zh-CN'];

let lang: Lang = (localStorage.getItem('gridwork.lang') as Lang | null) ?? 'zh-CN';

export const currentLang = (): Lang => lang;

export function setLang(next: Lang): void {
  lang = next;
  localStorage.setItem('gridwork.lang', next);
  document.documentElement.lang = next;
}

/** The message in the current language, with `{name}` placeholders filled from `values`. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return messages[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}
