import type { SizingCell } from './sizing_types.ts';

export type CellSortKey = 'worst' | 'code' | 'name' | 'households' | 'people' | 'deviation' | 'status';

const SEVERITY: Record<string, number> = { over: 0, under: 0, within: 1, exempt: 2, no_rule: 3 };

/**
 * The table's rows in the order asked for. `worst` is the report's own order: breaches first,
 * the largest deviation (in %) first, then in-band, exempt and unruled grids; `deviation` sorts
 * by the signed deviation from the middle of the band. Ties go by code.
 * Example: sortCells([within 300, over 450, under 150], 'worst', false) → [under 150 (−25 %), over 450 (+12.5 %), within 300].
 */
export function sortCells(cells: readonly SizingCell[], key: CellSortKey, descending: boolean): SizingCell[] {
  const sign = descending ? -1 : 1;
  const worst = (a: SizingCell, b: SizingCell) =>
    SEVERITY[a.status] - SEVERITY[b.status] || Math.abs(b.deviation.percent ?? 0) - Math.abs(a.deviation.percent ?? 0);
  const compare = (a: SizingCell, b: SizingCell): number => {
    switch (key) {
      case 'worst':
        return sign * worst(a, b);
      case 'code':
        return sign * a.code.localeCompare(b.code);
      case 'name':
        return sign * a.name.localeCompare(b.name, 'zh-CN');
      case 'households':
        return sign * (a.households - b.households);
      case 'people':
        return sign * (a.people - b.people);
      case 'deviation':
        return sign * ((a.mid_deviation_percent ?? 0) - (b.mid_deviation_percent ?? 0));
      case 'status':
        return sign * (SEVERITY[a.status] - SEVERITY[b.status] || a.status.localeCompare(b.status));
    }
  };
  return [...cells].sort((a, b) => compare(a, b) || a.code.localeCompare(b.code));
}
