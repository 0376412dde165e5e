-- api.patient_limits: what the other desks hold about one patient, for the desk's face-path lock
-- and code rate limit (issue 15). See docs/CLINIC-PROTOCOL.md.

-- The two questions the function asks, each answered from an index: a patient's failed face
-- attempts by time, and the codes sent for them by time (code_sent audit rows: the clinic holds
-- the event, never the code).
CREATE INDEX decisions_face_failures ON tanu.decisions (patient_id, decided_at)
  WHERE method = 'face' AND outcome = 'not_identified';
CREATE INDEX audit_rows_codes_sent ON tanu.audit_rows (patient_id, at)
  WHERE event = 'code_sent';

-- Counts over every desk but the caller (the caller adds its own rows, pushed or not, so nothing
-- is counted twice). `since` is compared as the desks write their times (ISO 8601 UTC text with
-- milliseconds, as stored), so the indexes serve it.
--
-- Unlike the other api functions this one reads only: it looks the desk up without
-- tanu.enter_desk()'s UPDATE, which would queue behind the desk's own push holding its row, while
-- the visit asking has 1.5 s.
CREATE FUNCTION api.patient_limits(patient_id text, since timestamptz) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  caller bigint := tanu.session_desk_id();
  since_text text;
  failures integer;
  last_failure text;
  codes integer;
BEGIN
  IF caller IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'TN003',
      MESSAGE = format('role %s is not a registered desk of this clinic, or it was revoked', session_user);
  END IF;
  IF patient_id IS NULL OR patient_id !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
    PERFORM tanu.invalid('patient_id must be a lowercase UUID');
  END IF;
  IF since IS NULL OR NOT isfinite(since) THEN
    PERFORM tanu.invalid('since must be a finite time');
  END IF;
  since_text := to_char(since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  SELECT count(*)::integer, max(d.decided_at) INTO failures, last_failure
    FROM tanu.decisions d
   WHERE d.patient_id = patient_limits.patient_id AND d.method = 'face' AND d.outcome = 'not_identified'
     AND d.decided_at > since_text AND d.desk_id <> caller;
  SELECT count(*)::integer INTO codes
    FROM tanu.audit_rows r
   WHERE r.patient_id = patient_limits.patient_id AND r.event = 'code_sent'
     AND r.at > since_text AND r.desk_id <> caller;
  RETURN jsonb_build_object('faceFailures', failures, 'lastFaceFailureAt', last_failure, 'codesIssued', codes);
END $$;

REVOKE ALL ON FUNCTION api.patient_limits(text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.patient_limits(text, timestamptz) TO tanu_desk;
