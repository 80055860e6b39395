-- 000001: the area tree (town → community/village → grid → subgrid → unit), households, facilities.
-- Runs unchanged on PGlite (PostgreSQL 18, PostGIS 3.6) and on a server (PostgreSQL 15, PostGIS 3.3).

create extension if not exists postgis;

-- One row per area at any depth. Levels are names, not numbers: `town`, `community`, `grid`,
-- `subgrid`, `unit` by default, and whatever an importer uses (a city keeps `neighbourhood`,
-- `block`). Depth and ancestry come from the parent links; `path` materialises them so that a
-- subtree is one indexed prefix match.
create table area (
  id int generated always as identity primary key,
  region text not null,                  -- code of the tree's root (the town): the distribution key
  code text not null unique,             -- hierarchical code, e.g. 330782101 / 330782101001 / …01
  parent_id int references area (id),
  path text not null,                    -- codes from the root down to this area, joined by '/'
  depth int not null check (depth >= 0), -- 0 for a root
  level text not null check (level ~ '^[a-z][a-z0-9_]*$'),
  kind text not null default 'base' check (kind in
    ('base', 'village', 'school', 'hospital', 'institution', 'enterprise', 'estate')),
  name text not null,
  attrs jsonb not null default '{}'::jsonb,
  geom geometry(MultiPolygon, 4326) not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((parent_id is null) = (depth = 0))
);
create index area_geom_idx on area using gist (geom);
create index area_parent_idx on area (parent_id);
create index area_region_level_idx on area (region, level);
create index area_path_idx on area (path text_pattern_ops);

-- 户: one household at one address. Personal fields (head_name, phone) are only served to roles
-- that may see them.
create table household (
  region text not null,
  id text not null,
  address text,
  head_name text,
  phone text,
  people int not null default 1 check (people >= 0),
  floating int not null default 0 check (floating >= 0),  -- 流动人口 in the household
  flags text[] not null default '{}',                     -- special-care groups: elderly_alone …
  attrs jsonb not null default '{}'::jsonb,
  geom geometry(Point, 4326) not null,
  cell_id int references area (id) on delete set null,    -- the deepest area that holds it
  assignment text not null default 'pending'
    check (assignment in ('pending', 'assigned', 'orphan', 'ambiguous', 'near_edge')),
  updated_at timestamptz not null default now(),
  primary key (region, id)
);
create index household_geom_idx on household using gist (geom);
create index household_cell_idx on household (cell_id);

-- 场所/企业: schools, clinics, village committees, enterprises …
create table facility (
  region text not null,
  id text not null,
  name text not null,
  category text not null,
  address text,
  attrs jsonb not null default '{}'::jsonb,
  geom geometry(Point, 4326) not null,
  cell_id int references area (id) on delete set null,
  assignment text not null default 'pending'
    check (assignment in ('pending', 'assigned', 'orphan', 'ambiguous', 'near_edge')),
  updated_at timestamptz not null default now(),
  primary key (region, id)
);
create index facility_geom_idx on facility using gist (geom);
create index facility_cell_idx on facility (cell_id);
