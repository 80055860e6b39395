import { normaliseAddress, type NormaliseOptions } from './normalise_address.ts';

/**
 * The matching key of one standard address: its address normalised, with its building (楼栋) and
 * unit (单元) from their own columns added when the address does not already end with them.
 *
 * @example addressKey('和平路12号', '3栋', '2') // '和平路12号3幢2单元'
 */
export function addressKey(address: string, building: string | null, unit: string | null, options: NormaliseOptions = {}): string {
  let key = normaliseAddress(address, options);
  if (building) {
    const b = normaliseAddress(/^\d+$/.test(building.trim()) ? `${building.trim()}幢` : building).replace(/(\d+)号$/, '$1幢');
    if (!key.includes(b)) key += b;
  }
  if (unit) {
    const u = normaliseAddress(/^\d+$/.test(unit.trim()) ? `${unit.trim()}单元` : unit);
    if (!key.endsWith(u)) key += u;
  }
  return key;
}
