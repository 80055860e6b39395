-- What every coverage overlay works on: a geometry as it is when valid, else the polygonal part
-- of it made valid (GEOS cannot overlay an invalid polygon; make-valid may also return the lines
-- and points a collapsed ring leaves, which cover no ground). Plain SQL, not strict, so that
-- PostgreSQL inlines it into the queries that call it.
create function coverage_polygonal(g geometry) returns geometry
  language sql immutable parallel safe
  as $$ select case when st_isvalid(g) then g else st_collectionextract(st_makevalid(g), 3) end $$;
