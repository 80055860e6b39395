-- 000011: photos (照片) reported with events and their transitions, and client ids on transitions.
--
-- The bytes live in the database, not on an app node's disk: a deployment runs several app
-- processes on several machines behind one address, and every one of them must serve a photo
-- another one took in. PostgreSQL already is what they all share (and what backups, replicas and
-- failover cover); phone photos shrunk on the phone are 100–500 KB, so a table is fine at the
-- scale of a district (README.md, "Photos").
create table media (
  id text primary key check (id ~ '^[A-Za-z0-9._:@-]{1,128}$'),
  owner_id int not null references app_user (id),
  -- What the bytes are, sniffed from them (never the client's word); re-encoded on upload, which
  -- drops EXIF (GPS, device) and applies the EXIF orientation to the pixels.
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
  width int not null check (width > 0),
  height int not null check (height > 0),
  bytes bytea not null,
  thumb bytea not null,                  -- a JPEG at most 320 px on its long side
  sha256 text not null,                  -- of the stored bytes: the ETag
  created_at timestamptz not null default now()
);

-- Which event (and which step of it) a photo belongs to. A photo may be read by whoever may
-- read one of its events, and by the user who uploaded it.
create table event_media (
  region text not null,
  event_id text not null,
  media_id text not null references media (id),
  seq bigint,                            -- the transition it came with; null: the report's own
  sort int not null default 0,
  primary key (event_id, media_id),
  foreign key (region, event_id) references event (region, id)
);
create index event_media_media_idx on event_media (media_id);

-- A transition sent by a phone carries the phone's id for it, so that a retry after a lost
-- answer (or a queue sent again when the network comes back) is applied once.
alter table event_log add column client_id text;
create unique index event_log_client_id_idx on event_log (event_id, client_id) where client_id is not null;
