import type { Open311Request } from '../events/open311_request.ts';

/**
 * What anyone may read of a service request (GeoReport v2 GET without signing in): the service,
 * status, times, the agency responsible and where, to about 100 m (three decimals). Left out:
 * the description and address (residents write names and door numbers into them), the assignee
 * and any photo. Staff who sign in with events.read see the whole request in their areas.
 *
 *   publicOpen311Request({ …, description: '3号楼王阿姨家漏水', lat: 29.301234, … })
 *   // → { …, description: '', address: '', lat: 29.301, … }
 */
export function publicOpen311Request(r: Open311Request): Open311Request {
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    ...r,
    description: '',
    address: '',
    media_url: '',
    status_notes: publicStatusNotes(r.status_notes),
    lat: round(r.lat),
    long: round(r.long),
  };
}

/**
 * The public part of the status notes: our status and level (`dispatched at grid level`), both
 * words from fixed lists, kept by matching them, not by cutting the assignee off: an assignee
 * written over two lines (`张三\n手机13812345678`) once slipped past a cut at `$` (#14).
 */
function publicStatusNotes(notes: string): string {
  return /^[a-z_]+ at [a-z_]+ level/.exec(notes)?.[0] ?? '';
}
