-- Tokens carry the generation of their user's sessions; a password change (or an administrator's
-- "sign out everywhere") moves it on, and every token issued before stops working at once.
alter table app_user add column token_generation int not null default 0;
