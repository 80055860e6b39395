-- 000005: sizing rules (网格规模标准) and the proposals made against them.

-- One rule per level and kind of cell. `kind = '*'` is the level's default, used by every kind
-- without a rule of its own. A band left null is not checked. Staff ratios are what the rule
-- requires; the report states them beside the counts (staff are not stored yet).
create table sizing_rule (
  level text not null check (level ~ '^[a-z][a-z0-9_]*$'),
  kind text not null default '*' check (kind in
    ('*', 'base', 'village', 'school', 'hospital', 'institution', 'enterprise', 'estate')),
  households_min int check (households_min >= 0),
  households_max int check (households_max >= 0),
  people_min int check (people_min >= 0),
  people_max int check (people_max >= 0),
  floating_min int check (floating_min >= 0),
  floating_max int check (floating_max >= 0),
  facilities_min int check (facilities_min >= 0),
  facilities_max int check (facilities_max >= 0),
  events_per_month_min int check (events_per_month_min >= 0),
  events_per_month_max int check (events_per_month_max >= 0),
  -- 社区工作者: about 18 per 10,000 residents.
  community_workers_per_10k numeric check (community_workers_per_10k >= 0),
  -- 专职网格员: one full-time grid worker per grid.
  grid_workers_per_grid int check (grid_workers_per_grid >= 0),
  -- On a level's default rule (kind '*'): 专属网格 (school, hospital, institution, enterprise,
  -- estate) without a rule of their own are reported `exempt`.
  exempt_dedicated boolean not null default true,
  updated_at timestamptz not null default now(),
  primary key (level, kind),
  check (households_min <= households_max),
  check (people_min <= people_max),
  check (floating_min <= floating_max),
  check (facilities_min <= facilities_max),
  check (events_per_month_min <= events_per_month_max)
);

-- The seeds' standard: a base grid holds 200–400 households and has one full-time grid worker;
-- a community has about 18 community workers per 10,000 residents.
insert into sizing_rule (level, kind, households_min, households_max, grid_workers_per_grid, exempt_dedicated)
values ('grid', '*', 200, 400, 1, true);
insert into sizing_rule (level, kind, community_workers_per_10k, exempt_dedicated)
values ('community', '*', 18, true);

-- A proposed change (split, merge, rebalance), kept so the planner can open it later. Never
-- applied by the sizing service: `document` is the draft as the API returned it.
create table sizing_proposal (
  id int generated always as identity primary key,
  region text not null,
  root text not null,
  kind text not null check (kind in ('split', 'merge', 'rebalance')),
  seed text not null,
  document jsonb not null,
  created_at timestamptz not null default now()
);
create index sizing_proposal_region_idx on sizing_proposal (region, created_at desc);
