-- 000007: plans (drafts of boundary changes), the versions they publish, and the area tree's
-- history so that `GET /api/areas?at=DATE` can answer as the published tree stood then.

-- A draft over one subtree (its root and everything under it). `rev` is its ETag: every edit,
-- undo and redo bumps it, and a request carrying an older one is refused (409), so two planners
-- never overwrite each other silently. `base_fingerprint` is the published subtree's fingerprint
-- when the draft was copied: publish refuses when the published cells changed since.
create table plan (
  id int generated always as identity primary key,
  region text not null,
  root_code text not null,
  name text not null,
  status text not null default 'draft' check (status in ('draft', 'published', 'discarded')),
  rev int not null default 1,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  base_version int,                  -- the newest plan_version under the root when copied
  base_fingerprint text not null,
  proposal_id int,
  last_touched text[] not null default '{}',
  published_version int
);
create index plan_root_idx on plan (root_code, status);

-- The draft's cells: a copy of the published rows, edited here and never in `area`, so tiles,
-- locate and the area lists cannot see them before publishing. Codes name cells within a plan
-- (parents by code, since new cells have no area id). base_* keep what was copied, for the diff.
create table plan_area (
  plan_id int not null references plan (id) on delete cascade,
  code text not null,
  area_id int,                       -- the published area it was copied from; null: made in the draft
  parent_code text,
  level text not null,
  kind text not null,
  name text not null,
  attrs jsonb not null default '{}'::jsonb,
  geom geometry(MultiPolygon, 4326) not null,
  locked boolean not null default false,
  deleted boolean not null default false,   -- a published cell the draft removes
  successor text,                           -- where a merged or emptied cell's staff go
  base_parent_code text,
  base_name text,
  base_geom geometry(MultiPolygon, 4326),
  primary key (plan_id, code)
);
create index plan_area_geom_idx on plan_area using gist (geom);
create index plan_area_parent_idx on plan_area (plan_id, parent_code);

-- The edit log: every touched row before and after (geometry as hex EWKB, exact to the bit), so
-- undo and redo put back exactly what was there. Undone edits stay until a new edit drops them.
create table plan_edit (
  plan_id int not null references plan (id) on delete cascade,
  seq int not null,
  op jsonb not null,
  touched text[] not null,
  before jsonb not null,             -- [{code, row}] with row null where the cell did not exist
  after jsonb not null,
  undone boolean not null default false,
  actor text not null,
  at timestamptz not null default now(),
  primary key (plan_id, seq)
);

-- One publish: who, when, why, from which plan, on which base.
create table plan_version (
  id int generated always as identity primary key,
  plan_id int not null references plan (id),
  region text not null,
  root_code text not null,
  published_by text not null,
  published_at timestamptz not null default now(),
  reason text not null check (length(reason) > 0),
  base_version int,
  codes text[] not null,
  moved jsonb not null default '{}'::jsonb
);
create index plan_version_root_idx on plan_version (root_code, published_at);

-- Every state each area row has had, [valid_from, valid_to). Kept by triggers on `area` rather
-- than by the publish code, so that every path that changes areas (imports, coverage fixes,
-- publishes, anything later) is recorded. A change's time is its transaction's start (now()):
-- everything one transaction wrote appears at one instant.
create table area_history (
  id bigint generated always as identity primary key,
  area_id int not null,
  region text not null,
  code text not null,
  parent_id int,
  path text not null,
  depth int not null,
  level text not null,
  kind text not null,
  name text not null,
  attrs jsonb not null,
  geom geometry(MultiPolygon, 4326) not null,
  valid_from timestamptz not null,
  valid_to timestamptz
);
create index area_history_current_idx on area_history (area_id) where valid_to is null;
create index area_history_area_idx on area_history (area_id, valid_from);  -- the triggers' zero-length clean-up
create index area_history_time_idx on area_history (valid_from, valid_to);
create index area_history_geom_idx on area_history using gist (geom);

-- Areas already stored when this migration runs have been there since they were made.
insert into area_history (area_id, region, code, parent_id, path, depth, level, kind, name, attrs, geom, valid_from)
select id, region, code, parent_id, path, depth, level, kind, name, attrs, geom, created_at from area;

-- Statement-level triggers with transition tables: an import of 1,780 areas is one insert into
-- the history, not 1,780 trigger calls. (A trigger with transition tables takes one event only.)
create function area_history_close() returns trigger language plpgsql as $$
begin
  update area_history h set valid_to = now()
    from old_rows o where h.area_id = o.id and h.valid_to is null;
  -- A row written twice in one transaction leaves a zero-length state that no instant can see.
  delete from area_history h using old_rows o where h.area_id = o.id and h.valid_to = h.valid_from;
  return null;
end $$;

create function area_history_open() returns trigger language plpgsql as $$
begin
  insert into area_history (area_id, region, code, parent_id, path, depth, level, kind, name, attrs, geom, valid_from)
  select id, region, code, parent_id, path, depth, level, kind, name, attrs, geom, now() from new_rows;
  return null;
end $$;

create function area_history_update() returns trigger language plpgsql as $$
begin
  update area_history h set valid_to = now()
    from old_rows o where h.area_id = o.id and h.valid_to is null;
  delete from area_history h using old_rows o where h.area_id = o.id and h.valid_to = h.valid_from;
  insert into area_history (area_id, region, code, parent_id, path, depth, level, kind, name, attrs, geom, valid_from)
  select id, region, code, parent_id, path, depth, level, kind, name, attrs, geom, now() from new_rows;
  return null;
end $$;

create trigger area_history_insert after insert on area
  referencing new table as new_rows for each statement execute function area_history_open();
create trigger area_history_update after update on area
  referencing old table as old_rows new table as new_rows for each statement execute function area_history_update();
create trigger area_history_delete after delete on area
  referencing old table as old_rows for each statement execute function area_history_close();
