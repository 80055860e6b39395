/** A patrol as stored (patrol table), times as ISO strings. */
export interface PatrolRow {
  id: string;
  owner_id: number;
  area_code: string;
  area_path: string;
  started_at: string;
  stopped_at: string | null;
}

/** A patrol with what its kept points add up to. */
export interface PatrolSummaryRow extends PatrolRow {
  username: string;
  point_count: number;
  kept_count: number;
  distance_m: number;
  /** From its start to its stop, or to its last point while it goes on. */
  duration_s: number;
  /** The units (单元) its track passed through, by code. */
  units: string[];
  /** GeoJSON LineString of the kept points; null with fewer than two. */
  track: string | null;
}
