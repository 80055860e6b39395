import { can, type Principal } from '../access/can.ts';

/**
 * Whether `principal` may see a photo: the user who uploaded it may (it is theirs until an event
 * holds it, and after), and so may whoever may read one of the events that hold it
 * (`event_paths`: their area paths, '/'-joined codes), and whoever may read patrols where a visit
 * that holds it was made (`visit_paths`).
 *
 *   mayReadMedia(gridWorkerOfT0101, { owner_id: 9, event_paths: ['T/T01/T0101/U7'] })  // → true
 *   mayReadMedia(gridWorkerOfT0102, { owner_id: 9, event_paths: ['T/T01/T0101/U7'] })  // → false
 */
export function mayReadMedia(principal: Principal | null, media: { owner_id: number; event_paths: readonly string[]; visit_paths?: readonly string[] }): boolean {
  if (!principal) return false;
  if (principal.userId === media.owner_id) return true;
  // A visit's photo is part of the walker's record: for those who may read patrols there.
  if (media.visit_paths?.some((p) => can(principal, 'patrols.read', p.split('/')))) return true;
  return media.event_paths.some((p) => can(principal, 'events.read', p.split('/')));
}
