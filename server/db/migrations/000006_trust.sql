-- 000006: users, roles scoped to areas, and the append-only audit log.

create table app_user (
  id int generated always as identity primary key,
  username text not null unique check (username ~ '^[A-Za-z0-9_.@-]{2,64}$'),
  display_name text not null default '',
  password_hash text not null,                  -- argon2id
  disabled boolean not null default false,
  created_at timestamptz not null default now()
);

-- A role at an area reaches everything under it and nothing beside it; area_code null is
-- everywhere (administrators).
create table role_grant (
  id int generated always as identity primary key,
  user_id int not null references app_user (id) on delete cascade,
  role text not null check (role in ('admin', 'planner', 'dispatcher', 'grid_worker', 'analyst', 'viewer')),
  area_code text,
  can_publish boolean not null default false,   -- planners: publish drafts, not only edit them
  unique (user_id, role, area_code)
);

-- The secret that signs bearer tokens, made once per database so every server process agrees.
create table server_secret (
  name text primary key,
  value text not null,
  created_at timestamptz not null default now()
);

-- Every change: who, when, what, before and after. Append-only: a trigger refuses updates and
-- deletes, whoever asks.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,                         -- e.g. areas.import, event.transition, user.create
  entity text not null,                         -- area, household, event, user …
  entity_id text,
  area_code text,                               -- the area it concerns, for scoping and filters
  before jsonb,
  after jsonb
);
create index audit_log_at_idx on audit_log (at);
create index audit_log_actor_idx on audit_log (actor, at);
create index audit_log_area_idx on audit_log (area_code, at);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % refused', tg_op;
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
