/** A register of households or facilities, or the standard address register (四标四实 标准地址). */
export type RegisterKind = 'household' | 'facility' | 'address';

/** The fields a register row may fill; `grid` is the grid it names (所属网格: a code or a name). */
export const REGISTER_FIELDS = ['id', 'lon', 'lat', 'address', 'grid', 'people', 'floating', 'flags', 'head_name', 'phone', 'name', 'category', 'building', 'unit'] as const;
export type RegisterField = (typeof REGISTER_FIELDS)[number];

/** Which column (by its header) holds each field. */
export type RegisterMapping = Partial<Record<RegisterField, string>>;

export interface GuessedColumn {
  field: RegisterField;
  column: string;
  /** `given`: named by the caller; `exact`: the header is a known name; `contains`: the header holds one. */
  how: 'given' | 'exact' | 'contains';
}

// The names offices give these columns. X/Y (X坐标, Y坐标) are left out: in a Chinese register they
// are usually projected (Gauss-Krüger) metres, not degrees; name them in the mapping with crs.
// Longer names are tried before shorter ones
// (户主姓名 before 姓名) when a header only contains one.
const NAMES: Record<RegisterField, Record<RegisterKind, string[]>> = {
  id: { household: ['id', '户编号', '户号', '住户编号', '编号', '编码'], facility: ['id', '场所编号', '单位编号', '编号', '编码', '统一社会信用代码'], address: ['id', '地址编码', '标准地址编码', '地址代码', '编码', '编号'] },
  lon: { household: ['lon', 'lng', 'longitude', '经度'], facility: ['lon', 'lng', 'longitude', '经度'], address: ['lon', 'lng', 'longitude', '经度'] },
  lat: { household: ['lat', 'latitude', '纬度'], facility: ['lat', 'latitude', '纬度'], address: ['lat', 'latitude', '纬度'] },
  address: { household: ['address', '门牌地址', '标准地址', '详细地址', '现住址', '居住地址', '住址', '地址'], facility: ['address', '场所地址', '单位地址', '经营地址', '详细地址', '地址'], address: ['address', '标准地址', '标准地址名称', '地址名称', '门牌地址', '地址'] },
  grid: { household: ['grid', '所属网格', '网格编码', '网格名称', '网格'], facility: ['grid', '所属网格', '网格编码', '网格名称', '网格'], address: ['grid', '所属网格', '网格编码', '网格名称', '网格'] },
  people: { household: ['people', '人口数', '家庭人口', '户人口数', '人数', '人口'], facility: [], address: [] },
  floating: { household: ['floating', '流动人口数', '流动人口', '流动人数'], facility: [], address: [] },
  flags: { household: ['flags', '特殊人群', '人群标签', '标签'], facility: [], address: [] },
  head_name: { household: ['head_name', '户主姓名', '户主', '姓名'], facility: [], address: [] },
  phone: { household: ['phone', '联系电话', '手机号码', '手机号', '电话', '手机', '联系方式'], facility: [], address: [] },
  name: { household: [], facility: ['name', '场所名称', '单位名称', '企业名称', '名称'], address: [] },
  category: { household: [], facility: ['category', '场所类别', '场所类型', '行业类别', '类别', '类型'], address: [] },
  building: { household: [], facility: [], address: ['building', '楼栋', '楼幢', '幢号', '楼号', '建筑物', '栋'] },
  unit: { household: [], facility: [], address: ['unit', '单元号', '单元'] },
};

/** A header as compared: trimmed, lower case, without spaces, a BOM or a bracketed note (（必填）). */
export function headerKey(header: string): string {
  return header
    .replace(/^\ufeff/, '')
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[\s\u3000*＊:：]/g, '')
    .toLowerCase();
}

/**
 * Guesses which column holds each field of a household or facility register from its headers
 * (户主姓名, 联系电话, 门牌地址, 人口数, 流动人口, 经度, 纬度, 所属网格 …): a header that is a known
 * name first, then one that holds a known name; each column is used once. What the caller names
 * in `given` wins over any guess. The answer lists how each field was found, for the user to
 * confirm before anything is written, and the columns left over (kept in `attrs`).
 *
 * @example
 * guessRegisterMapping(['户编号', '户主姓名', '联系电话（手机）', '备注'], 'household', {})
 * // mapping: { id: '户编号', head_name: '户主姓名', phone: '联系电话（手机）' }, unmapped: ['备注']
 */
export function guessRegisterMapping(headers: readonly string[], kind: RegisterKind, given: RegisterMapping): { mapping: RegisterMapping; columns: GuessedColumn[]; unmapped: string[] } {
  const mapping: RegisterMapping = {};
  const columns: GuessedColumn[] = [];
  const used = new Set<string>();
  for (const field of REGISTER_FIELDS) {
    const column = given[field];
    if (column === undefined) continue;
    mapping[field] = column;
    used.add(column);
    columns.push({ field, column, how: 'given' });
  }
  const keys = headers.map(headerKey);
  for (const how of ['exact', 'contains'] as const) {
    for (const field of REGISTER_FIELDS) {
      if (mapping[field] !== undefined) continue;
      const names = [...NAMES[field][kind]].sort((a, b) => b.length - a.length);
      for (const name of names) {
        // Short Latin names (id, lon) are only taken as whole headers, never inside another.
        if (how === 'contains' && /^[a-z_]{1,3}$/.test(name)) continue;
        const at = keys.findIndex((k, i) => !used.has(headers[i]) && (how === 'exact' ? k === name : k.includes(name)));
        if (at < 0) continue;
        mapping[field] = headers[at];
        used.add(headers[at]);
        columns.push({ field, column: headers[at], how });
        break;
      }
    }
  }
  columns.sort((a, b) => REGISTER_FIELDS.indexOf(a.field) - REGISTER_FIELDS.indexOf(b.field));
  return { mapping, columns, unmapped: headers.filter((h) => !used.has(h)) };
}
