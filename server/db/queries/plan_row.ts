/** A draft cell's stored row as the edit log keeps it: geometry as hex EWKB, exact to the bit. */
export interface PlanRow {
  code: string;
  area_id: number | null;
  parent_code: string | null;
  level: string;
  kind: string;
  name: string;
  attrs: Record<string, unknown>;
  geom: string;
  locked: boolean;
  deleted: boolean;
  successor: string | null;
}

/** A plan as the API shows it (can_undo / can_redo are added by the service). */
export interface PlanRecord {
  id: number;
  region: string;
  root: string;
  name: string;
  status: 'draft' | 'published' | 'discarded';
  rev: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  base_version: number | null;
  base_fingerprint: string;
  proposal_id: number | null;
  last_touched: string[];
  published_version: number | null;
}

/** The plan's columns, as PlanRecord names them (timestamps as ISO text). */
export const PLAN_COLUMNS = `p.id, p.region, p.root_code as root, p.name, p.status, p.rev, p.created_by,
  to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
  to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at,
  p.base_version, p.base_fingerprint, p.proposal_id, p.last_touched, p.published_version`;

/**
 * A draft cell's state against what was copied: new (made in the draft), deleted, changed
 * (outline, parent or name) or unchanged. Geometries compare by their bytes: any moved vertex is
 * a change.
 */
export const PLAN_AREA_STATE = `case when pa.deleted then 'deleted'
       when pa.area_id is null then 'new'
       when st_asbinary(pa.geom) <> st_asbinary(pa.base_geom) or pa.parent_code is distinct from pa.base_parent_code
            or pa.name <> pa.base_name then 'changed'
       else 'unchanged' end`;
