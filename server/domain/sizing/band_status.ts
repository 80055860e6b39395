import type { Band } from './sizing_rule.ts';

export type BandStatus = 'under' | 'within' | 'over';

export interface BandCheck {
  status: BandStatus;
  /** Distance to the nearest bound, signed: negative under, positive over, 0 within. */
  deviation: number;
  /** `deviation` as a percentage of the bound it breaches (0 within; null when that bound is 0). */
  percent: number | null;
}

/**
 * Where a value stands against an inclusive band.
 *
 * @example bandStatus(150, { min: 200, max: 400 }) // { status: 'under', deviation: -50, percent: -25 }
 */
export function bandStatus(value: number, band: Band): BandCheck {
  if (band.min !== null && value < band.min) return { status: 'under', deviation: value - band.min, percent: pct(value - band.min, band.min) };
  if (band.max !== null && value > band.max) return { status: 'over', deviation: value - band.max, percent: pct(value - band.max, band.max) };
  return { status: 'within', deviation: 0, percent: 0 };
}

/** How far outside the band a value lies, 0 when inside: what the proposals minimise. */
export function bandExcess(value: number, min: number, max: number): number {
  return value < min ? min - value : value > max ? value - max : 0;
}

function pct(deviation: number, bound: number): number | null {
  return bound === 0 ? null : Math.round((deviation / bound) * 1000) / 10;
}
