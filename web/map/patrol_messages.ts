import { defineMessages } from '../i18n.ts';

/** The one-map's patrol layer and the area card's visit coverage (zh-CN first). */
export const pm = defineMessages(
  {
    'layer.title': '巡查轨迹',
    'layer.off': '不显示',
    'layer.today': '今天',
    'layer.week': '近 7 天',
    'layer.summary': '{n} 次巡查，共 {km} 公里',
    'layer.none': '这段时间没有巡查',
    'layer.failed': '巡查轨迹暂时无法加载',
    'card.coverage': '走访覆盖（近 7 天）：{visited}/{units} 个单元（{pct}%）',
    'card.noUnits': '走访覆盖：此区域没有单元',
  },
  {
    'layer.title': 'Patrol tracks',
    'layer.off': 'Hidden',
    'layer.today': 'Today',
    'layer.week': 'Last 7 days',
    'layer.summary': '{n} patrols, {km} km in all',
    'layer.none': 'No patrols in this period',
    'layer.failed': 'Patrol tracks could not be loaded',
    'card.coverage': 'Visits (last 7 days): {visited}/{units} units ({pct}%)',
    'card.noUnits': 'Visits: this area has no units',
  },
);
