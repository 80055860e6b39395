-- Tokens signed out one at a time (POST /api/auth/logout): each names its token by its id (the
-- JWT's jti) until the token would have expired anyway; expired rows are dropped as new ones come.
create table revoked_token (
  jti text primary key,
  expires_at timestamptz not null
);
