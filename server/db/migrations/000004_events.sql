-- 000004: events (事件) and their closed loop (闭环): reported → accepted → dispatched → in progress →
-- resolved → verified → closed, handled at four levels: grid point (网格) → community station (社区)
-- → town centre (镇受理中心) → city platform (市平台). The rules (which actions are allowed) live in
-- server/domain/events; this schema keeps the current state, every transition, and the data the
-- rules read (categories and deadlines), so that an operator changes a deadline with an UPDATE.

-- Categories are data, with both names, so that Open311's services.json and the web app's legend
-- come from one list.
create table event_category (
  code text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
  name_zh text not null,
  name_en text not null,
  description text not null default '',
  sort int not null default 0
);
insert into event_category (code, name_zh, name_en, description, sort) values
  ('dispute',         '矛盾纠纷', 'Dispute',         'Neighbour, family, property or labour disputes for mediation', 10),
  ('safety_hazard',   '安全隐患', 'Safety hazard',   'Fire, gas, building, traffic or production safety hazards', 20),
  ('environment',     '环境卫生', 'Environment',     'Litter, sewage, pollution, illegal dumping, noise', 30),
  ('public_facility', '公共设施', 'Public facility', 'Damaged roads, street lights, manholes, public equipment', 40),
  ('public_order',    '社会治安', 'Public order',    'Theft, robbery, drugs, vandalism, disorder', 50),
  ('epidemic',        '疫情防控', 'Epidemic',        'Suspected infectious disease, quarantine and prevention matters', 60),
  ('missing_person',  '人员走失', 'Missing person',  'A missing elderly person, child or vulnerable resident', 70),
  ('service_request', '便民服务', 'Service request', 'Requests for help or information from residents', 80),
  ('other',           '其他事项', 'Other',           'Anything not covered by another category', 90);

-- How long an event may stay at a level before it is overdue, per level, category and severity.
-- '*' is a wildcard; the most specific row wins (level+category+severity, then level+category,
-- then level+severity, then level alone): see server/domain/events/deadline_hours.ts.
create table event_deadline (
  level text not null check (level in ('grid', 'community', 'town', 'city')),
  category text not null default '*',
  severity text not null default '*' check (severity in ('*', 'low', 'medium', 'high', 'critical')),
  hours numeric not null check (hours > 0),
  primary key (level, category, severity)
);
insert into event_deadline (level, category, severity, hours) values
  ('grid', '*', '*', 24), ('grid', '*', 'low', 72), ('grid', '*', 'medium', 24), ('grid', '*', 'high', 8), ('grid', '*', 'critical', 2),
  ('community', '*', '*', 72), ('community', '*', 'low', 120), ('community', '*', 'medium', 72), ('community', '*', 'high', 24), ('community', '*', 'critical', 4),
  ('town', '*', '*', 120), ('town', '*', 'low', 240), ('town', '*', 'medium', 120), ('town', '*', 'high', 48), ('town', '*', 'critical', 8),
  ('city', '*', '*', 240), ('city', '*', 'low', 480), ('city', '*', 'medium', 240), ('city', '*', 'high', 72), ('city', '*', 'critical', 24),
  -- A missing person is urgent whatever severity the reporter chose.
  ('grid', 'missing_person', '*', 1), ('community', 'missing_person', '*', 2),
  ('town', 'missing_person', '*', 4), ('city', 'missing_person', '*', 8),
  ('grid', 'epidemic', '*', 4), ('community', 'epidemic', '*', 8);

-- One row per event: its current state. The history is event_log; replaying it gives this row.
create table event (
  region text not null,                      -- code of the tree's root (the town): the distribution key
  id text not null,                          -- the client's idempotency key, or a server uuid
  category text not null references event_category (code),
  severity text not null check (severity in ('low', 'medium', 'high', 'critical')),
  description text not null,
  source text not null check (source in ('patrol', 'resident', 'hotline_12345', 'sensor', 'web', 'open311')),
  reporter text,
  photo_ref text,
  address text,
  geom geometry(Point, 4326) not null,
  cell_id int references area (id) on delete set null,  -- the deepest area holding the point
  grid_id int references area (id) on delete set null,  -- its grid (网格) ancestor
  area_path text not null,                   -- the cell's path: subtree filters are a prefix match
  status text not null check (status in
    ('reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'verified', 'closed', 'suspended', 'cancelled')),
  level text not null check (level in ('grid', 'community', 'town', 'city')),
  assignee text,
  suspended_from text,                       -- the status to resume to
  suspended_at timestamptz,
  due_at timestamptz,                        -- null when no deadline rule applies
  reported_at timestamptz not null,
  updated_at timestamptz not null,
  closed_at timestamptz,
  last_seq bigint not null default 0,        -- the newest event_log.seq of this event
  request_hash text not null,                -- fingerprint of the creating request (idempotency)
  likely_duplicates jsonb not null default '[]'::jsonb,
  primary key (region, id)
);
-- Retries look an id up before the region is known. Under Citus this index would need the region
-- in it, and intake would route by region first.
create unique index event_id_idx on event (id);
create index event_geom_idx on event using gist (geom);
create index event_reported_idx on event (region, reported_at);
create index event_status_idx on event (region, status, category);
create index event_path_idx on event (area_path text_pattern_ops);

-- Every transition, and the report itself (action 'report'). `seq` is the Server-Sent Events id:
-- writers take a lock just before inserting here (see insert_event.ts), so seq order is commit
-- order and a client resuming after seq N misses nothing.
create table event_log (
  seq bigint generated always as identity primary key,
  region text not null,
  event_id text not null,
  action text not null,
  from_status text,
  to_status text not null,
  from_level text,
  to_level text not null,
  assignee text,
  due_at timestamptz,
  note text,
  by text not null,
  at timestamptz not null,
  foreign key (region, event_id) references event (region, id)
);
create index event_log_event_idx on event_log (region, event_id, seq);
