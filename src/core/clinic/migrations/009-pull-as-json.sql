-- api.pull again, with its page built as json rather than jsonb. The answer is the same object
-- (changes, cursor, more; each change as 005 made it) and the desk parses both types alike, but
-- PostgreSQL no longer builds a binary jsonb of thousands of sealed rows only to print it as text
-- for the desk: a new desk's first pull of 100,000 patients with templates (200,000 changes) cost
-- the server 34-37 s of CPU as jsonb, 14-19 s as json (docs/SCALING.md). Everything else is 005's:
-- the (xid, id) order bounded by the oldest running transaction, the checks, the desk's role.
-- A return type cannot be replaced in place, so the function is made again with its grants.

DROP FUNCTION api.pull(jsonb, integer);

CREATE FUNCTION api.pull(after_cursor jsonb DEFAULT NULL, max_rows integer DEFAULT 500) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  -- Taken first, before this transaction has an xid of its own.
  bound xid8 := pg_snapshot_xmin(pg_current_snapshot());
  after_xid xid8 := '0';
  after_id bigint := 0;
  page json;
  page_rows integer;
BEGIN
  IF after_cursor IS NOT NULL AND after_cursor <> 'null' THEN
    PERFORM tanu.check_keys(after_cursor, ARRAY['xid', 'id'], ARRAY['xid', 'id'], 'the cursor');
    -- Checked here: PostgreSQL 15's xid8 input reads 'x' as 0 without an error.
    IF after_cursor ->> 'xid' !~ '^[0-9]{1,20}$' OR jsonb_typeof(after_cursor -> 'id') <> 'number' THEN
      PERFORM tanu.invalid('the cursor is malformed');
    END IF;
    BEGIN
      after_xid := (after_cursor ->> 'xid')::xid8;
      after_id := (after_cursor ->> 'id')::bigint;
    EXCEPTION WHEN data_exception THEN
      PERFORM tanu.invalid('the cursor is malformed');
    END;
  END IF;
  IF max_rows IS NULL OR max_rows NOT BETWEEN 1 AND 10000 THEN
    PERFORM tanu.invalid('max_rows must be between 1 and 10000');
  END IF;
  PERFORM tanu.enter_desk();
  SELECT coalesce(json_agg(json_build_object('id', c.id, 'xid', c.xid::text, 'kind', c.kind,
           'desk', d.name, 'at', c.at, 'payload', c.payload) ORDER BY c.xid, c.id), '[]'), count(*),
         (array_agg(c.xid ORDER BY c.xid DESC, c.id DESC))[1], (array_agg(c.id ORDER BY c.xid DESC, c.id DESC))[1]
    INTO page, page_rows, after_xid, after_id
    FROM (SELECT * FROM tanu.changes
           WHERE (xid, id) > (after_xid, after_id) AND xid < bound
           ORDER BY xid, id LIMIT max_rows) c
    JOIN tanu.desks d ON d.id = c.desk_id;
  IF page_rows = 0 THEN
    RETURN json_build_object('changes', page, 'cursor', after_cursor, 'more', false);
  END IF;
  RETURN json_build_object('changes', page,
    'cursor', json_build_object('xid', after_xid::text, 'id', after_id),
    'more', page_rows = max_rows);
END $$;

REVOKE ALL ON FUNCTION api.pull(jsonb, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.pull(jsonb, integer) TO tanu_desk;
