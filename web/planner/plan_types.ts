/** The shapes of the planner API (server/routes/plans.ts), as the page uses them. */
import type { CellStatus } from '../../server/domain/sizing/evaluate_cell.ts';
import type { PlanCheck, PlanCheckCell } from '../../server/services/plans/check_plan.ts';

export type PlanStatus = 'draft' | 'published' | 'discarded';

export interface Plan {
  id: string | number;
  root: string;
  name: string;
  status: PlanStatus;
  rev: string | number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  base_version: string | number | null;
  can_undo: boolean;
  can_redo: boolean;
}

/** How a draft's cell stands against the published tree. */
export type CellState = 'unchanged' | 'changed' | 'new' | 'deleted';

export interface CellProps {
  code: string;
  name: string;
  level: string;
  kind: string;
  parent_code: string | null;
  locked: boolean;
  state: CellState;
}

/** Against the sizing rule; `no_rule` when no rule covers the cell's level and kind. */
export type SizingStatus = CellStatus;
/** The live check (GET /api/plans/:id/check, and every edit's answer): the server's own types. */
export type CheckCell = PlanCheckCell;
export type Check = PlanCheck;

type Geometry = GeoJSON.Polygon | GeoJSON.MultiPolygon;

/** One edit on a draft (POST /api/plans/:id/edits). */
export type EditOp =
  | { op: 'reshape'; code: string; geometry: Geometry }
  | { op: 'split'; code: string; line: GeoJSON.LineString }
  | { op: 'merge'; codes: string[] }
  | { op: 'create'; parent_code: string; level: string; name: string; geometry: Geometry }
  | { op: 'paint'; unit_codes: string[]; to: string }
  | { op: 'delete'; code: string }
  | { op: 'lock'; code: string }
  | { op: 'unlock'; code: string }
  | { op: 'rename'; code: string; name: string };

export interface EditResult {
  plan: Plan;
  touched: string[];
  check: Check;
}

export interface Move {
  from: string | null;
  to: string | null;
  count: number;
}

export interface Diff {
  changed: GeoJSON.FeatureCollection;
  moves: {
    households: Move[];
    facilities: Move[];
    events: { id: string; from: string | null; to: string | null }[];
    staff: { staff_id: string; name: string; from: string | null; to: string | null }[];
  };
  totals: { households: number; facilities: number; events: number; staff: number };
}

export interface Version {
  id: string | number;
  published_at: string;
  published_by: string;
  reason: string;
  plan_id: string | number;
}

export interface PublishResult {
  version: Version;
  moved: { households: number; facilities: number };
}
