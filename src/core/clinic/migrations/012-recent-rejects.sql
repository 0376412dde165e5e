-- The admin's Clinic tab lists the clinic's refused changes newest first, with how many there are.
-- 005's api.rejects(after_id) pages from the oldest, 1,000 a call, and the tab asked for the first
-- page only: once a clinic had filed 1,000 rejects, a new one never reached any admin. It stays for
-- reading them all in order; this one answers "what went wrong lately, and how much in all".

CREATE FUNCTION api.recent_rejects(max_rows integer) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM tanu.enter_desk();
  IF max_rows IS NULL OR max_rows < 1 OR max_rows > 1000 THEN
    PERFORM tanu.invalid('max_rows must be 1 to 1000');
  END IF;
  RETURN jsonb_build_object(
    'total', (SELECT count(*) FROM tanu.rejects),
    'rows', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'desk', d.name, 'opId', r.op_id,
               'kind', r.kind, 'reason', r.reason, 'detail', r.detail, 'at', r.at) ORDER BY r.id DESC), '[]')
               FROM (SELECT * FROM tanu.rejects ORDER BY id DESC LIMIT max_rows) r
               JOIN tanu.desks d ON d.id = r.desk_id));
END $$;

REVOKE ALL ON FUNCTION api.recent_rejects(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.recent_rejects(integer) TO tanu_desk;
