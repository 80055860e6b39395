-- Personal access keys for machines and GIS clients (docs/ACCESS.md, "Access keys"): each acts for
-- its user with a subset of the user's permissions until it expires or is revoked. Only a SHA-256
-- of the key is kept (keys are 32 random bytes, so a fast hash is enough); `prefix` is the key's
-- first characters, shown so that a person can tell their keys apart.
create table access_key (
  id bigserial primary key,
  user_id int not null references app_user(id) on delete cascade,
  name text not null,
  prefix text not null,
  key_hash text not null unique,
  permissions text[] not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by text
);
create index access_key_user on access_key (user_id);
