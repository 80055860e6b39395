-- 000020: register rows (households, facilities) that name their grid (所属网格) but have neither
-- coordinates nor an address that places them. They are kept in that grid, unplaced, until a
-- person gives them a point: the household and facility tables hold only placed rows (geom not
-- null), which every spatial query, tile and reassignment relies on.
create table unplaced_register_row (
  region text not null,
  kind text not null check (kind in ('household', 'facility')),
  id text not null,
  cell_id int not null references area (id) on delete cascade, -- the grid the row names
  address text,
  -- The row's other fields as read (people, floating, name, category, head_name, phone, attrs):
  -- personal fields are only served to roles that may see them.
  fields jsonb not null default '{}'::jsonb,
  updated_at timestamptz not null default now(),
  primary key (region, kind, id)
);
create index unplaced_register_row_cell_idx on unplaced_register_row (cell_id);
