-- 000003: coverage checks (覆盖全面、地域清晰、归属明确): accepted exceptions and the log of applied fixes.

-- A problem the check reports that people have looked at and accepted (a lake, a river, land
-- outside any jurisdiction). Keyed by the problem's stable id (a hash of kind, codes and rounded
-- centroid), so the same problem found again next run is still marked.
create table coverage_exception (
  problem_id text primary key,
  kind text not null,
  codes text[] not null default '{}',
  reason text not null check (length(reason) > 0),
  created_by text not null,
  created_at timestamptz not null default now()
);

-- One fix applied to the areas, with every touched area's geometry before and after, so that it
-- can be undone (and refused when the areas changed again since).
create table coverage_fix (
  id int generated always as identity primary key,
  problem_id text not null,
  kind text not null,
  type text not null,
  params jsonb not null default '{}'::jsonb,
  codes text[] not null,
  before jsonb not null,   -- [{code, wkb}]: hex EWKB, so restoring is exact to the last bit
  after jsonb not null,
  applied_at timestamptz not null default now(),
  undone_at timestamptz
);
create index coverage_fix_problem_idx on coverage_fix (problem_id);
