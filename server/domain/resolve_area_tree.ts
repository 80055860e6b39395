import type { Problem } from '../errors.ts';
import type { AreaInput } from './parse_area_features.ts';

export const PATH_SEPARATOR = '/';

export interface ResolvedArea extends AreaInput {
  /** Codes from the root down to this area, joined by '/'. */
  path: string;
  depth: number;
  /** The root's code: the region this area's rows are keyed by. */
  region: string;
}

export interface ExistingArea {
  code: string;
  path: string;
}

/**
 * Places imported areas in the tree: each one's parent must be in the file or already stored, no
 * code may appear twice, and no area may end up its own ancestor. Stored areas are known by their
 * paths, so a file may also move stored subtrees (re-parenting in `upsert` mode) and the cycle
 * check sees through both. Returns the areas parents-first with their paths, depths and regions,
 * and the stored areas whose paths change (`moved`, old path → new path) so that their
 * descendants can be re-pathed.
 *
 *   resolveAreaTree([{ code: 'T', parentCode: null, … }, { code: 'T01', parentCode: 'T', … }], [], 'insert')
 *   // → { areas: [{ code: 'T', path: 'T', depth: 0 }, { code: 'T01', path: 'T/T01', depth: 1 }], … }
 */
export function resolveAreaTree(
  inputs: AreaInput[],
  existing: ExistingArea[],
  mode: 'insert' | 'upsert',
): { areas: ResolvedArea[]; moved: { from: string; to: string }[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const byCode = new Map<string, AreaInput>();
  for (const input of inputs) {
    if (byCode.has(input.code)) {
      problems.push({ index: input.index, code: input.code, field: 'code', problem: `duplicate code "${input.code}": it is also feature ${byCode.get(input.code)!.index}` });
    } else {
      byCode.set(input.code, input);
    }
  }
  const storedPath = new Map(existing.map((e) => [e.code, e.path.split(PATH_SEPARATOR)]));
  for (const input of byCode.values()) {
    if (mode === 'insert' && storedPath.has(input.code)) {
      problems.push({ index: input.index, code: input.code, field: 'code', problem: `code "${input.code}" already exists; import with mode=upsert to replace it` });
    }
    if (input.parentCode !== null && !byCode.has(input.parentCode) && !storedPath.has(input.parentCode)) {
      problems.push({ index: input.index, code: input.code, field: 'parent_code', problem: `parent "${input.parentCode}" does not exist, in this file or stored` });
    }
  }
  if (problems.length > 0) return { areas: [], moved: [], problems };

  // The path of any code as it will be after the import. Walking up, a code in the file goes on to
  // its parent; a stored code contributes its stored ancestry down to the nearest ancestor that
  // the file re-parents, and the walk goes on from there. A code met twice is a cycle (null).
  const paths = new Map<string, string[] | null>();
  const pathOf = (code: string): string[] | null => {
    if (paths.has(code)) return paths.get(code)!;
    const reversed: string[] = [];
    const seen = new Set<string>();
    for (let c: string | null = code; c !== null; ) {
      if (seen.has(c)) {
        paths.set(code, null);
        return null;
      }
      seen.add(c);
      reversed.push(c);
      if (byCode.has(c)) {
        c = byCode.get(c)!.parentCode;
        continue;
      }
      const stored = storedPath.get(c)!.slice(0, -1).reverse(); // ancestors, nearest first
      const moved = stored.findIndex((a) => byCode.has(a));
      reversed.push(...(moved < 0 ? stored : stored.slice(0, moved)));
      c = moved < 0 ? null : stored[moved];
    }
    const path = reversed.reverse();
    paths.set(code, path);
    return path;
  };
  // Only codes in the file change parents; a stored code keeps its stored parent.
  const parentOf = (code: string): string | null => {
    if (byCode.has(code)) return byCode.get(code)!.parentCode;
    const stored = storedPath.get(code);
    return stored && stored.length > 1 ? stored[stored.length - 2] : null;
  };

  const areas: ResolvedArea[] = [];
  for (const input of byCode.values()) {
    const path = pathOf(input.code);
    if (!path) {
      const cycle = cycleThrough(input.code, parentOf);
      problems.push({ index: input.index, code: input.code, field: 'parent_code', problem: `parent links form a cycle: ${cycle.join(' → ')}` });
      continue;
    }
    areas.push({ ...input, path: path.join(PATH_SEPARATOR), depth: path.length - 1, region: path[0] });
  }
  if (problems.length > 0) return { areas: [], moved: [], problems };
  const moved = areas
    .filter((a) => storedPath.has(a.code) && storedPath.get(a.code)!.join(PATH_SEPARATOR) !== a.path)
    .map((a) => ({ from: storedPath.get(a.code)!.join(PATH_SEPARATOR), to: a.path }));
  areas.sort((a, b) => a.depth - b.depth || a.index - b.index);
  return { areas, moved, problems };
}

function cycleThrough(code: string, parentOf: (c: string) => string | null): string[] {
  const order: string[] = [];
  for (let c: string | null = code; c !== null; c = parentOf(c)) {
    const at = order.indexOf(c);
    if (at >= 0) return [...order.slice(at), c];
    order.push(c);
  }
  return order;
}
