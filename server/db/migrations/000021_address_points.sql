-- 000021: the town's standard address register (四标四实 标准地址): one point per address, with its
-- building (楼栋/幢) and unit (单元). Register rows with an address and no coordinates are placed by
-- matching their normalised address to `norm` (server/domain/addresses/normalise_address.ts).
create table address_point (
  region text not null,
  id text not null,                  -- the register's address code (地址编码)
  address text not null,             -- as written in the register
  norm text not null,                -- the normalised address the matcher compares
  building text,
  unit text,
  attrs jsonb not null default '{}'::jsonb,
  geom geometry(Point, 4326) not null,
  cell_id int references area (id) on delete set null, -- the deepest area holding the point
  updated_at timestamptz not null default now(),
  primary key (region, id)
);
create index address_point_geom_idx on address_point using gist (geom);
create index address_point_cell_idx on address_point (cell_id);
