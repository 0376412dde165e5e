-- The anti-fraud report computed at the clinic, over every desk (issue 15), and each desk's place
-- against its offline budget. Only ids and counts leave: operator ids, desk names, numbers, times.
-- See docs/CLINIC-PROTOCOL.md.

-- What a desk last said it still holds back (api.report_backlog). The clinic cannot count a desk's
-- unsent decisions itself; a desk says it after every round, and also while its pushing is stopped.
ALTER TABLE tanu.desks
  ADD COLUMN unsent_decisions integer CHECK (unsent_decisions >= 0),
  ADD COLUMN unsent_oldest_at timestamptz,
  ADD COLUMN unsent_reported_at timestamptz;

-- The report's period filters: decided_at and at are text exactly as the desk wrote them (ISO
-- instants, which sort in byte order as they compare in time, hence "C"). The counted columns are
-- included so the report reads the indexes only: over 1,000,000 decisions and 3,000,000 audit rows
-- a month's report took 4.4 s with heap reads (19,000 refusals on as many pages) and 0.75 s so,
-- on a loaded 2-core machine. Refusals are few among audit rows: a partial index costs the pushes
-- next to nothing.
CREATE INDEX decisions_by_time ON tanu.decisions (decided_at COLLATE "C") INCLUDE (operator_id, outcome, method);
CREATE INDEX refusals_by_time ON tanu.audit_rows (at COLLATE "C") INCLUDE (operator_id)
  WHERE event = 'consent_refused';

-- An instant as the desk writes one (Date.toISOString): what the period bounds must look like.
CREATE FUNCTION tanu.is_desk_instant(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$ SELECT value ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$' $$;

-- The calling desk's backlog: {"decisions": n, "oldestAt": ISO instant or null}.
CREATE FUNCTION api.report_backlog(backlog jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  desk tanu.desks;
  waiting integer;
  oldest timestamptz;
BEGIN
  desk := tanu.enter_desk();
  PERFORM tanu.check_keys(backlog, ARRAY['decisions', 'oldestAt'], ARRAY['decisions'], 'the backlog');
  IF jsonb_typeof(backlog -> 'decisions') <> 'number' OR backlog ->> 'decisions' !~ '^[0-9]{1,9}$' THEN
    PERFORM tanu.invalid('the backlog''s decisions must be a whole number');
  END IF;
  waiting := (backlog ->> 'decisions')::integer;
  IF backlog ? 'oldestAt' AND backlog -> 'oldestAt' <> 'null' THEN
    IF jsonb_typeof(backlog -> 'oldestAt') <> 'string' OR NOT tanu.is_desk_instant(backlog ->> 'oldestAt') THEN
      PERFORM tanu.invalid('the backlog''s oldestAt must be an ISO instant or null');
    END IF;
    BEGIN
      oldest := (backlog ->> 'oldestAt')::timestamptz;
    EXCEPTION WHEN data_exception THEN
      PERFORM tanu.invalid('the backlog''s oldestAt must be an ISO instant or null');
    END;
  END IF;
  UPDATE tanu.desks
     SET unsent_decisions = waiting,
         -- Nothing waiting has no oldest: a stale time must not keep the desk flagged.
         unsent_oldest_at = CASE WHEN waiting > 0 THEN oldest END,
         unsent_reported_at = now()
   WHERE id = desk.id;
  RETURN NULL;
END $$;

-- Per operator, the decisions made in [from_at, to_at) at every desk (the same counts as the
-- desk's DecisionRows.countsByOperator), the consent refusals recorded in the period, and per desk
-- its last contact, acknowledged head, last reported backlog and whether it is past the budget:
--  - decisions: it last reported at least budget_decisions unsent;
--  - hours: its last contact (or, never in contact, its registration) or the oldest decision it
--    reported unsent is at least budget_hours old. A desk that is not in contact may have nothing
--    to send, but the clinic cannot know that, and evidence only on a doctor's PC is what the
--    budget is about. A revoked desk is listed but never flagged: it is gone on purpose.
-- Called by a desk (its contact is recorded) or by clinic IT with a superuser session.
CREATE FUNCTION api.fraud_counts(from_at text, to_at text, budget_hours integer, budget_decisions integer)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = session_user AND rolsuper) THEN
    PERFORM tanu.enter_desk();
  END IF;
  IF from_at IS NULL OR to_at IS NULL OR NOT tanu.is_desk_instant(from_at) OR NOT tanu.is_desk_instant(to_at)
     OR from_at COLLATE "C" >= to_at COLLATE "C" THEN
    PERFORM tanu.invalid('the period must be two ISO instants (YYYY-MM-DDTHH:MM:SS.sssZ), from before to');
  END IF;
  IF budget_hours IS NULL OR budget_hours < 1 OR budget_decisions IS NULL OR budget_decisions < 1 THEN
    PERFORM tanu.invalid('the offline budget must be at least 1 hour and 1 decision');
  END IF;
  -- One statement, so one snapshot: decisions, refusals and desks are of one moment.
  RETURN jsonb_build_object(
    'from', from_at,
    'to', to_at,
    'at', now(),
    'decisions', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
               'operatorId', c.operator_id, 'decisions', c.decisions, 'visits', c.visits, 'face', c.face,
               'code', c.code, 'representative', c.representative, 'slip', c.slip, 'override', c.override,
               'faceDecisions', c.face_decisions, 'faceNoMatches', c.face_no_matches,
               'codeFailures', c.code_failures) ORDER BY c.operator_id COLLATE "C"), '[]')
        FROM (SELECT operator_id,
                     count(*) AS decisions,
                     count(*) FILTER (WHERE outcome = 'identified') AS visits,
                     count(*) FILTER (WHERE outcome = 'identified' AND method = 'face') AS face,
                     count(*) FILTER (WHERE outcome = 'identified' AND method = 'code') AS code,
                     count(*) FILTER (WHERE outcome = 'identified' AND method = 'representative') AS representative,
                     count(*) FILTER (WHERE outcome = 'identified' AND method = 'slip') AS slip,
                     count(*) FILTER (WHERE outcome = 'identified' AND method = 'override') AS override,
                     count(*) FILTER (WHERE method = 'face') AS face_decisions,
                     count(*) FILTER (WHERE method = 'face' AND outcome = 'not_identified') AS face_no_matches,
                     count(*) FILTER (WHERE method = 'code' AND outcome = 'not_identified') AS code_failures
                FROM tanu.decisions
               WHERE decided_at COLLATE "C" >= from_at AND decided_at COLLATE "C" < to_at
               GROUP BY operator_id) c),
    'refusals', (
      SELECT coalesce(jsonb_agg(jsonb_build_object('operatorId', r.operator_id, 'count', r.n)
               ORDER BY r.operator_id COLLATE "C"), '[]')
        FROM (SELECT operator_id, count(*) AS n FROM tanu.audit_rows
               WHERE event = 'consent_refused' AND at COLLATE "C" >= from_at AND at COLLATE "C" < to_at
               GROUP BY operator_id) r),
    'desks', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
               'desk', d.name,
               'revoked', d.revoked_at IS NOT NULL,
               'lastContactAt', d.last_contact_at,
               'headSeq', h.seq,
               'acknowledgedAt', h.updated_at,
               'unsent', CASE WHEN d.unsent_reported_at IS NULL THEN NULL
                              ELSE jsonb_build_object('decisions', d.unsent_decisions,
                                     'oldestAt', d.unsent_oldest_at, 'reportedAt', d.unsent_reported_at) END,
               'overBudget', CASE
                 WHEN d.revoked_at IS NOT NULL THEN NULL
                 WHEN d.unsent_decisions >= budget_decisions THEN
                   jsonb_build_object('reason', 'decisions', 'amount', d.unsent_decisions)
                 WHEN d.hours_behind >= budget_hours THEN
                   jsonb_build_object('reason', 'hours', 'amount', d.hours_behind) END)
               ORDER BY d.name), '[]')
        FROM (SELECT *, floor(extract(epoch FROM now() - least(coalesce(last_contact_at, created_at),
                          CASE WHEN unsent_decisions > 0 THEN unsent_oldest_at END)) / 3600)::integer AS hours_behind
                FROM tanu.desks) d
        LEFT JOIN tanu.chain_heads h ON h.desk_id = d.id));
END $$;

REVOKE ALL ON FUNCTION api.report_backlog(jsonb), api.fraud_counts(text, text, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.report_backlog(jsonb), api.fraud_counts(text, text, integer, integer) TO tanu_desk;
