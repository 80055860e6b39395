-- 000010: codes keep to one alphabet, and an area's `path` is always its ancestors' codes.
--
-- Scope is decided from the tree: a role at an area reaches the areas whose ancestry holds it, and
-- `path` materialises that ancestry as codes joined by '/'. A code holding '/' (accepted before
-- this migration) made `path` lie: `330782101001/x` under a grid of community 330782101002 read as
-- if it lay under community 330782101001. So codes are 1 to 64 ASCII letters, digits, '-', '_'
-- and '.', beginning with a letter or a digit (server/domain/area_code.ts says the same and
-- names the bad character; this is the database's own guard against any other writer), and a
-- deferred trigger checks, as each writing transaction commits, that every written area's path
-- is its parent's path and its own code, and that its children's paths follow it.

-- Refuse to go on, naming them, when stored codes break the rule: they must be renamed by hand
-- (nothing here can guess what they should be).
do $$
declare
  bad text;
begin
  select string_agg(format('%L', code), ', ') into bad
    from (select code from area
           where not (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' and octet_length(code) = char_length(code))
           order by code limit 20) x;
  if bad is not null then
    raise exception 'area codes outside the alphabet (1 to 64 ASCII letters, digits, -, _ and ., beginning with a letter or a digit): %', bad
      using hint = 'Rename these areas (and re-path their subtrees) before upgrading.';
  end if;
  select string_agg(format('%L', code), ', ') into bad
    from (select code from party_org
           where not (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' and octet_length(code) = char_length(code))
           order by code limit 20) x;
  if bad is not null then
    raise exception 'party organisation codes outside the alphabet (1 to 64 ASCII letters, digits, -, _ and ., beginning with a letter or a digit): %', bad
      using hint = 'Rename these organisations before upgrading.';
  end if;
end $$;

alter table area add constraint area_code_alphabet
  check (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' and octet_length(code) = char_length(code));
alter table party_org add constraint party_org_code_alphabet
  check (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' and octet_length(code) = char_length(code));
-- Draft cells: new ones only (NOT VALID). A stored draft cell with a bad code can never be
-- published, since `area` refuses it; discarded and published drafts are history.
alter table plan_area add constraint plan_area_code_alphabet
  check (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' and octet_length(code) = char_length(code)) not valid;

-- At commit, the written area's path and depth follow its parent's, and its children's follow its
-- own. Deferred: an import writes parents and children and re-paths subtrees in several
-- statements, and only the state at commit matters.
create function area_path_follows_tree() returns trigger language plpgsql as $$
declare
  r record;
  child text;
begin
  select a.id, a.code, a.path, a.depth, a.parent_id, p.path as parent_path, p.depth as parent_depth
    into r from area a left join area p on p.id = a.parent_id where a.id = new.id;
  if not found then
    return null; -- deleted later in the same transaction
  end if;
  if r.parent_id is null and (r.path <> r.code or r.depth <> 0)
     or r.parent_id is not null and (r.path <> r.parent_path || '/' || r.code or r.depth <> r.parent_depth + 1) then
    raise exception 'area % has path % at depth %, which is not its place in the tree (parent path %)', r.code, r.path, r.depth, coalesce(r.parent_path, '(none)')
      using errcode = 'check_violation';
  end if;
  select c.code into child from area c where c.parent_id = r.id and c.path <> r.path || '/' || c.code limit 1;
  if found then
    raise exception 'area % has path % under area %, whose path is %', child, (select path from area where code = child), r.code, r.path
      using errcode = 'check_violation';
  end if;
  return null;
end $$;

create constraint trigger area_path_follows_tree
  after insert or update of code, parent_id, path, depth on area
  deferrable initially deferred
  for each row execute function area_path_follows_tree();
