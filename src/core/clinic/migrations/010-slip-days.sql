-- The printed slip as a bypass of its own in the clinic's anti-fraud report (issue 13): per doctor
-- and clinic day, the identified visits and those by slip. See docs/CLINIC-PROTOCOL.md.
--
-- The clinic days come from the caller as [day, from, to] triples of desk instants, the bounds the
-- desk computes for its own report (audit/fraud-report.ts clinicDaysPeriod): one definition of a
-- clinic day, in the clinic's zone, on both sides. Compared as text in byte order ("C"), so
-- decisions_by_time (007) serves the query from the index alone.
CREATE FUNCTION api.slip_days(days jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  -- The callers of api.fraud_counts: IT's superuser session, or a registered desk (its contact recorded).
  PERFORM tanu.enter_desk() WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = session_user AND rolsuper);
  IF days IS NULL OR jsonb_typeof(days) <> 'array' OR jsonb_array_length(days) NOT BETWEEN 1 AND 1000 THEN
    PERFORM tanu.invalid('the days must be an array of 1 to 1000 [day, from, to] triples');
  END IF;
  -- CASE, not AND: its branches are taken in order, so no length is asked of a non-array.
  IF EXISTS (SELECT FROM jsonb_array_elements(days) e WHERE CASE
       WHEN jsonb_typeof(e) <> 'array' THEN true
       WHEN jsonb_array_length(e) <> 3 THEN true
       WHEN jsonb_typeof(e -> 0) <> 'string' OR jsonb_typeof(e -> 1) <> 'string'
            OR jsonb_typeof(e -> 2) <> 'string' THEN true
       WHEN e ->> 0 !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN true
       WHEN NOT tanu.is_desk_instant(e ->> 1) OR NOT tanu.is_desk_instant(e ->> 2) THEN true
       ELSE (e ->> 1) COLLATE "C" >= (e ->> 2) COLLATE "C" END) THEN
    PERFORM tanu.invalid('each day must be [YYYY-MM-DD, from, to] with ISO instants, from before to');
  END IF;
  RETURN (
    SELECT coalesce(jsonb_agg(jsonb_build_object('operatorId', s.operator_id, 'day', s.day,
             'visits', s.visits, 'slips', s.slips) ORDER BY s.operator_id COLLATE "C", s.day COLLATE "C"), '[]')
      FROM (SELECT d.operator_id, b.day,
                   count(*) AS visits,
                   count(*) FILTER (WHERE d.method = 'slip') AS slips
              FROM (SELECT e ->> 0 AS day, e ->> 1 AS from_at, e ->> 2 AS to_at
                      FROM jsonb_array_elements(days) e) b
              JOIN tanu.decisions d
                ON d.decided_at COLLATE "C" >= b.from_at COLLATE "C"
               AND d.decided_at COLLATE "C" < b.to_at COLLATE "C"
             WHERE d.outcome = 'identified'
             GROUP BY d.operator_id, b.day
            HAVING count(*) FILTER (WHERE d.method = 'slip') > 0) s);
END $$;

REVOKE ALL ON FUNCTION api.slip_days(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.slip_days(jsonb) TO tanu_desk;
