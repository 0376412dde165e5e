-- The printed slip (issue 13), at the clinic: counted as a bypass of its own in the anti-fraud
-- report (api.slip_days), and issued at reception to be redeemed once at a doctor's desk
-- (tanu.slips, api.issue_slip, api.open_slip, api.redeem_slip). See docs/CLINIC-PROTOCOL.md.
--
-- api.slip_days: per doctor and clinic day, the identified visits and those by slip.
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

-- Slips issued at reception (a registrar desk) and redeemed once at a doctor's desk, decided here
-- when the doctor's desk is online (issue 13). The clinic holds the code only as the HMAC the
-- issuing desk made under the clinic key's slip subkey, bound to the slip's id and a salt
-- (src/core/slip/reception-slips.ts): a dump of this table does not let anyone try the million
-- codes. A doctor's desk that cannot reach the clinic never redeems one: it falls back to its own
-- slip and a second operator's sign-off (two offline desks could both accept the same slip).
CREATE TABLE tanu.slips (
  id uuid PRIMARY KEY,
  desk_id bigint NOT NULL REFERENCES tanu.desks (id),
  patient_id text NOT NULL CHECK (patient_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
  issued_by text NOT NULL CHECK (issued_by ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
  salt text NOT NULL CHECK (salt ~ '^[0-9a-f]{32}$'),
  code_hash text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  issued_at timestamptz NOT NULL DEFAULT now(),
  -- The clinic's clock decides: a patient walks from reception to the doctor within the hour.
  expires_at timestamptz NOT NULL DEFAULT now() + interval '1 hour',
  failed_tries integer NOT NULL DEFAULT 0 CHECK (failed_tries BETWEEN 0 AND 5),
  redeemed_at timestamptz,
  redeemed_desk bigint REFERENCES tanu.desks (id),
  redeemed_visit uuid,
  redeemed_by text,
  CHECK ((redeemed_at IS NULL) = (redeemed_desk IS NULL) AND (redeemed_at IS NULL) = (redeemed_visit IS NULL))
);
CREATE INDEX slips_open_by_patient ON tanu.slips (patient_id, issued_at) WHERE redeemed_at IS NULL;
ALTER TABLE tanu.slips ENABLE ROW LEVEL SECURITY;
ALTER TABLE tanu.slips FORCE ROW LEVEL SECURITY;
CREATE POLICY api_reads ON tanu.slips FOR SELECT TO tanu_api USING (true);
CREATE POLICY desk_inserts ON tanu.slips FOR INSERT TO tanu_api WITH CHECK (desk_id = tanu.session_desk_id());
CREATE POLICY redemptions ON tanu.slips FOR UPDATE TO tanu_api USING (true);

-- A slip the calling desk issued: {"id", "patientId", "issuedBy", "salt", "codeHash"} (hex).
-- Returns when it expires, by the clinic's clock.
CREATE FUNCTION api.issue_slip(slip jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  desk tanu.desks;
  expires timestamptz;
BEGIN
  desk := tanu.enter_desk();
  PERFORM tanu.check_keys(slip, ARRAY['id', 'patientId', 'issuedBy', 'salt', 'codeHash'],
    ARRAY['id', 'patientId', 'issuedBy', 'salt', 'codeHash'], 'a slip');
  BEGIN
    INSERT INTO tanu.slips (id, desk_id, patient_id, issued_by, salt, code_hash)
      VALUES ((slip ->> 'id')::uuid, desk.id, slip ->> 'patientId', slip ->> 'issuedBy', slip ->> 'salt',
              slip ->> 'codeHash')
      RETURNING expires_at INTO expires;
  EXCEPTION WHEN check_violation OR invalid_text_representation OR unique_violation THEN
    PERFORM tanu.invalid('a slip needs a new UUID id, UUID patient and issuer, and hex salt and code hash');
  END;
  RETURN jsonb_build_object('expiresAt', expires);
END $$;

-- The patient's newest slip still open (not redeemed, not expired, not locked), for a doctor's
-- desk: its id and salt (to hash the typed code) and who issued it; null when there is none.
CREATE FUNCTION api.open_slip(patient_id text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM tanu.enter_desk();
  RETURN (SELECT jsonb_build_object('id', s.id, 'salt', s.salt, 'issuedBy', s.issued_by, 'expiresAt', s.expires_at)
            FROM tanu.slips s
           WHERE s.patient_id = open_slip.patient_id AND s.redeemed_at IS NULL AND s.expires_at > now()
             AND s.failed_tries < 5
           ORDER BY s.issued_at DESC LIMIT 1);
END $$;

-- Redeems a slip once: the typed code's HMAC (hex), made by the doctor's desk, against the stored
-- one, under the row's lock, so of two desks redeeming at once exactly one gets "ok" and the other
-- "used". Wrong codes are counted here, at every desk together; the fifth locks the slip (5: the
-- code service's MAX_WRONG_TRIES, src/core/codes/code-policy.ts).
CREATE FUNCTION api.redeem_slip(slip_id uuid, candidate text, visit_id uuid, operator_id text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  desk tanu.desks;
  s tanu.slips;
BEGIN
  desk := tanu.enter_desk();
  IF slip_id IS NULL OR visit_id IS NULL OR candidate IS NULL OR candidate !~ '^[0-9a-f]{64}$'
     OR operator_id IS NULL OR operator_id !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
    PERFORM tanu.invalid('a redemption needs the slip and visit UUIDs, a hex code hash and the operator');
  END IF;
  SELECT * INTO s FROM tanu.slips WHERE id = slip_id FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM tanu.invalid('there is no such slip');
  END IF;
  IF s.redeemed_at IS NOT NULL THEN RETURN jsonb_build_object('status', 'used'); END IF;
  IF s.failed_tries >= 5 THEN RETURN jsonb_build_object('status', 'locked'); END IF;
  IF s.expires_at <= now() THEN RETURN jsonb_build_object('status', 'expired'); END IF;
  IF s.code_hash = candidate THEN
    UPDATE tanu.slips SET redeemed_at = now(), redeemed_desk = desk.id, redeemed_visit = visit_id,
                          redeemed_by = operator_id
     WHERE id = slip_id;
    RETURN jsonb_build_object('status', 'ok', 'patientId', s.patient_id, 'issuedBy', s.issued_by);
  END IF;
  UPDATE tanu.slips SET failed_tries = failed_tries + 1 WHERE id = slip_id;
  IF s.failed_tries + 1 >= 5 THEN RETURN jsonb_build_object('status', 'locked'); END IF;
  RETURN jsonb_build_object('status', 'wrong', 'triesLeft', 5 - (s.failed_tries + 1));
END $$;

REVOKE ALL ON FUNCTION api.issue_slip(jsonb), api.open_slip(text), api.redeem_slip(uuid, text, uuid, text)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.issue_slip(jsonb), api.open_slip(text), api.redeem_slip(uuid, text, uuid, text)
  TO tanu_desk;
