-- 000002: the staff and party register ("1+1+1+N", 一网格一支部), and what assignment records
-- beyond a cell: the other cells an ambiguous point lies in.

-- Every cell at the deepest level that holds an ambiguous point (an overlap, or a point exactly on
-- a shared edge): cell_id keeps the lowest code, this lists them all. Null unless ambiguous.
alter table household add column cell_candidates int[];
alter table facility add column cell_candidates int[];
-- Lists of orphans, ambiguous and near-edge points, without scanning the assigned majority.
create index household_assignment_idx on household (assignment) where assignment <> 'assigned';
create index facility_assignment_idx on facility (assignment) where assignment <> 'assigned';

-- A person serving in the grid network. Personal fields (phone) are only served to roles that
-- may see them.
create table staff (
  region text not null,
  id text not null,
  name text not null,
  phone text,
  attrs jsonb not null default '{}'::jsonb,
  updated_at timestamptz not null default now(),
  primary key (region, id)
);

-- A person's role at an area: 网格长 grid_leader, 专职网格员 grid_worker (full time), 兼职网格员
-- part_time_worker, 网格民警 police, 物业管理员 property_manager, 单元长 unit_leader, 党员联系户
-- party_contact, 志愿者 volunteer. One person may hold several roles in several areas.
create table staff_assignment (
  region text not null,
  staff_id text not null,
  role text not null check (role in
    ('grid_leader', 'grid_worker', 'part_time_worker', 'police', 'property_manager', 'unit_leader', 'party_contact', 'volunteer')),
  area_id int not null references area (id) on delete cascade,
  since date,
  primary key (region, staff_id, role, area_id),
  foreign key (region, staff_id) references staff (region, id) on delete cascade
);
create index staff_assignment_area_idx on staff_assignment (area_id, role);

-- 党组织 attached to an area: a community party committee (党委), general branch (党总支), the
-- grid's branch (网格党支部) and the groups under it (党小组).
create table party_org (
  id int generated always as identity primary key,
  region text not null,
  code text not null unique,
  name text not null,
  kind text not null check (kind in ('committee', 'general_branch', 'branch', 'group')),
  area_id int references area (id) on delete set null,
  parent_id int references party_org (id) on delete set null,
  members int not null default 0 check (members >= 0),
  attrs jsonb not null default '{}'::jsonb
);
create index party_org_area_idx on party_org (area_id, kind);
