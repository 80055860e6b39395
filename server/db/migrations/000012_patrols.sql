-- 000012: patrols (巡查) and visits (走访) by grid workers in the field.
--
-- A patrol belongs to the user who walks it and is held at an area (their grid, as a rule): its
-- track is personal data, seen by its walker and by those who may read patrols over that area
-- (docs/ACCESS.md). `area_path` is the area's ancestry when the patrol started, as events keep
-- theirs: a later re-drawing of the grids does not move a walk that happened.
create table patrol (
  id text primary key check (id ~ '^[A-Za-z0-9._:@-]{1,128}$'),   -- the phone's client id
  owner_id int not null references app_user (id),
  area_code text not null,
  area_path text not null,
  started_at timestamptz not null,
  stopped_at timestamptz,
  created_at timestamptz not null default now(),
  check (stopped_at is null or stopped_at >= started_at)
);
create index patrol_started_idx on patrol (started_at);
create index patrol_owner_idx on patrol (owner_id, started_at);

-- The batches of points a phone sent, by its client id for the batch: a batch sent again (its
-- answer was lost, or the outbox re-sent it when the network came back) is stored once.
create table patrol_batch (
  patrol_id text not null references patrol (id),
  client_id text not null check (client_id ~ '^[A-Za-z0-9._:@-]{1,128}$'),
  received int not null,
  kept int not null,
  created_at timestamptz not null default now(),
  primary key (patrol_id, client_id)
);

-- Every point received, in time order within its patrol. `kept` is false for a GPS jump (a
-- speed no walker or e-bike reaches, or a fix too inaccurate to draw): it is kept for the record
-- but left out of the track, its distance and the units it passed.
create table patrol_point (
  patrol_id text not null references patrol (id),
  t timestamptz not null,
  geom geometry(Point, 4326) not null,
  accuracy real,
  kept boolean not null,
  primary key (patrol_id, t)
);

-- A visit (走访) to a unit, or to a household (then its unit), with a note and photos.
create table visit (
  id text primary key check (id ~ '^[A-Za-z0-9._:@-]{1,128}$'),
  owner_id int not null references app_user (id),
  patrol_id text references patrol (id),
  unit_code text not null,
  area_path text not null,               -- the unit's ancestry when visited
  household_region text,
  household_id text,
  note text not null,
  visited_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index visit_unit_time_idx on visit (unit_code, visited_at);
create index visit_time_idx on visit (visited_at);

create table visit_media (
  visit_id text not null references visit (id),
  media_id text not null references media (id),
  sort int not null default 0,
  primary key (visit_id, media_id)
);
create index visit_media_media_idx on visit_media (media_id);
