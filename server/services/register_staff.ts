import type { Queryable } from '../db/db.ts';
import { ValidationError, type Problem } from '../errors.ts';
import { insertStaffAssignments, type StaffAssignmentRow } from '../db/queries/insert_staff_assignments.ts';
import { upsertPartyOrgs, type PartyOrgRow } from '../db/queries/upsert_party_orgs.ts';
import { upsertStaff, type StaffRow } from '../db/queries/upsert_staff.ts';

export interface StaffRegister {
  staff: StaffRow[];
  assignments: StaffAssignmentRow[];
  partyOrgs: PartyOrgRow[];
}

/**
 * Writes people, their roles at areas and party organisations inside the caller's transaction;
 * an area or parent code that names nothing refuses the whole register (the caller's
 * transaction rolls back).
 */
export async function registerStaff(tx: Queryable, register: StaffRegister): Promise<{ staff: number; assignments: number; partyOrgs: number }> {
  const staff = register.staff.length ? await upsertStaff(tx, register.staff) : 0;
  const a = register.assignments.length ? await insertStaffAssignments(tx, register.assignments) : { written: 0, unknownAreas: [] };
  const o = register.partyOrgs.length ? await upsertPartyOrgs(tx, register.partyOrgs) : { written: 0, unknownAreas: [], unknownParents: [] };
  const problems: Problem[] = [
    ...a.unknownAreas.map((code) => ({ code, field: 'area', problem: `no area has code "${code}"` })),
    ...o.unknownAreas.map((code) => ({ code, field: 'area', problem: `no area has code "${code}"` })),
    ...o.unknownParents.map((code) => ({ code, field: 'parent', problem: `no party organisation has code "${code}"` })),
  ];
  if (problems.length) throw new ValidationError(`Staff register refused: ${problems[0].problem}${problems.length > 1 ? `, and ${problems.length - 1} more` : ''}. Nothing was written.`, problems);
  return { staff, assignments: a.written, partyOrgs: o.written };
}
