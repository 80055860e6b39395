/** One cell of a draft as the edit rules see it: no geometry, only the tree and its flags. */
export interface PlanCell {
  code: string;
  parentCode: string | null;
  level: string;
  kind: string;
  name: string;
  locked: boolean;
  deleted: boolean;
  /** The published area it was copied from; null for a cell the draft made. */
  areaId: number | null;
}

/** The draft's live (not deleted) cells by code, and each one's live children. */
export interface PlanTree {
  byCode: Map<string, PlanCell>;
  children: Map<string, PlanCell[]>;
  root: string;
}

/**
 * Indexes a draft's cells: deleted cells are left out, so "children" means the live ones.
 *
 * @example planTree([{ code: 'C', parentCode: null, … }, { code: 'G1', parentCode: 'C', … }], 'C').children.get('C') // [G1]
 */
export function planTree(cells: readonly PlanCell[], root: string): PlanTree {
  const byCode = new Map<string, PlanCell>();
  const children = new Map<string, PlanCell[]>();
  for (const c of cells) {
    if (c.deleted) continue;
    byCode.set(c.code, c);
  }
  for (const c of byCode.values()) {
    if (c.parentCode === null || !byCode.has(c.parentCode)) continue;
    const list = children.get(c.parentCode);
    if (list) list.push(c);
    else children.set(c.parentCode, [c]);
  }
  return { byCode, children, root };
}
