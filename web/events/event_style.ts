/** Point colour by status (RGBA), so that the map reads as the loop: new, in hand, done, stopped. */
export const STATUS_COLOURS: Record<string, [number, number, number, number]> = {
  reported: [230, 57, 70, 235], // red: nobody has taken it yet
  accepted: [244, 162, 97, 235],
  dispatched: [233, 196, 106, 235],
  in_progress: [42, 157, 143, 235],
  suspended: [140, 140, 140, 235],
  resolved: [69, 123, 157, 235],
  verified: [29, 53, 87, 235],
  closed: [170, 190, 170, 200],
  cancelled: [200, 200, 200, 180],
};

export function statusColour(status: string): [number, number, number, number] {
  return STATUS_COLOURS[status] ?? [100, 100, 100, 220];
}

/** CSS colour of a status, for the list and the legend. */
export function statusCss(status: string): string {
  const [r, g, b] = statusColour(status);
  return `rgb(${r}, ${g}, ${b})`;
}

/** How long a new event pulses on the map. */
export const PULSE_MS = 2400;

/**
 * The ring drawn around an event `ageMs` after it arrived: it grows and fades twice over
 * PULSE_MS; null once over. Example: pulseAt(0) → { radiusPx: 8, alpha: 230 }; pulseAt(PULSE_MS) → null.
 */
export function pulseAt(ageMs: number): { radiusPx: number; alpha: number } | null {
  if (ageMs < 0 || ageMs >= PULSE_MS) return null;
  const t = (ageMs % (PULSE_MS / 2)) / (PULSE_MS / 2);
  return { radiusPx: Math.round(8 + 28 * t), alpha: Math.round(230 * (1 - t)) };
}
