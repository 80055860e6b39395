import { ValidationError } from '../../errors.ts';
import { areaCodeProblem } from '../area_code.ts';

/**
 * Codes for new grids in a community: the community's code followed by the next free sequence
 * numbers after its grids' (two digits unless its grids use more), skipping any code in use.
 *
 * @example nextGridCodes('330782101003', ['33078210100301', '33078210100307'], new Set(), 2) // ['33078210100308', '33078210100309']
 */
export function nextGridCodes(container: string, siblings: readonly string[], taken: ReadonlySet<string>, count: number): string[] {
  const suffixes = siblings.filter((c) => c.startsWith(container) && /^\d+$/.test(c.slice(container.length))).map((c) => c.slice(container.length));
  let width = suffixes.length ? Math.max(...suffixes.map((s) => s.length)) : 2;
  let next = suffixes.length ? Math.max(...suffixes.map(Number)) + 1 : 1;
  const out: string[] = [];
  while (out.length < count) {
    if (String(next).length > width) width = String(next).length;
    const code = container + String(next).padStart(width, '0');
    next++;
    // A container near the length limit (or stored before the alphabet) cannot take a sequence number.
    const problem = areaCodeProblem(code);
    if (problem) throw new ValidationError(`No code can be made for a new cell under ${container}: ${problem}. Rename the parent's code, or draw the cell elsewhere.`, [{ field: 'code', code, problem }]);
    if (!taken.has(code) && !siblings.includes(code)) out.push(code);
  }
  return out;
}
