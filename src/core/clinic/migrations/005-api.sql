-- The rest of the desks' api: push_ops, pull, heads, rejects. See docs/CLINIC-PROTOCOL.md.

CREATE FUNCTION api.push_ops(ops jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  desk tanu.desks;
  op jsonb;
  this_op uuid;
  prior tanu.ops;
  outcome jsonb;
  reason text;
  other uuid;
  -- An array appends in place; a jsonb || in the loop would copy the whole answer per op.
  results jsonb[] := '{}';
BEGIN
  desk := tanu.enter_desk();
  IF jsonb_typeof(ops) IS DISTINCT FROM 'array' OR jsonb_array_length(ops) > 5000 THEN
    PERFORM tanu.invalid('ops must be an array of at most 5000');
  END IF;
  FOR op IN SELECT value FROM jsonb_array_elements(ops) LOOP
    -- Without a UUIDv7 id and a kind an op cannot even be filed as rejected: the desk is broken.
    IF jsonb_typeof(op) IS DISTINCT FROM 'object' OR jsonb_typeof(op -> 'kind') IS DISTINCT FROM 'string'
       OR op ->> 'kind' !~ '^[a-z][a-z._]{0,63}$'
       OR op ->> 'opId' !~ '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' THEN
      PERFORM tanu.invalid('every op needs a lowercase UUIDv7 opId and a kind like "patient.upsert"');
    END IF;
    this_op := (op ->> 'opId')::uuid;
    SELECT * INTO prior FROM tanu.ops o WHERE o.op_id = this_op;
    IF FOUND THEN
      IF prior.desk_id <> desk.id THEN PERFORM tanu.invalid('an opId already used by another desk'); END IF;
      results := results || (prior.outcome || jsonb_build_object('opId', this_op, 'repeated', true));
      CONTINUE;
    END IF;
    BEGIN
      outcome := tanu.apply_op(desk, op);
    EXCEPTION
      WHEN SQLSTATE 'TN010' OR SQLSTATE 'TN004' OR data_exception OR unique_violation OR foreign_key_violation
        OR check_violation OR not_null_violation THEN
        reason := CASE
          WHEN SQLSTATE = 'TN010' THEN SQLERRM
          WHEN SQLSTATE = '23505' AND op ->> 'kind' = 'patient.upsert' THEN 'iin_taken'
          WHEN SQLSTATE = '23505' THEN 'exists'
          WHEN SQLSTATE = '23503' THEN 'unknown_patient'
          ELSE 'invalid_op' END;
        outcome := jsonb_build_object('outcome', 'rejected', 'reason', reason);
        IF reason = 'iin_taken' THEN
          -- Two desks registered one IIN as two patients: the first stays, the desk is told which
          -- patient it is, and a supervisor gets one flag.
          SELECT id INTO other FROM tanu.patients WHERE iin_lookup = decode(op ->> 'iinLookup', 'hex');
          outcome := outcome || jsonb_build_object('existingPatientId', other);
          INSERT INTO tanu.flags (kind, patient_id, other_patient_id, desk_id, op_id)
          VALUES ('duplicate_iin', other, (op ->> 'id')::uuid, desk.id, this_op);
        END IF;
        INSERT INTO tanu.rejects (desk_id, op_id, kind, reason, detail)
        VALUES (desk.id, this_op, op ->> 'kind', reason, outcome - 'outcome' - 'reason');
    END;
    INSERT INTO tanu.ops (op_id, desk_id, kind, outcome) VALUES (this_op, desk.id, op ->> 'kind', outcome);
    results := results || (outcome || jsonb_build_object('opId', this_op));
  END LOOP;
  RETURN to_jsonb(results);
END $$;

-- Changes after `cursor`, oldest first. Ordered by (xid, id) and bounded by the oldest
-- transaction still running: a transaction that began earlier but commits later has a smaller
-- xid, so nothing at or above it is handed out until it has finished, and it is never skipped.
CREATE FUNCTION api.pull(after_cursor jsonb DEFAULT NULL, max_rows integer DEFAULT 500) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  -- Taken first, before this transaction has an xid of its own.
  bound xid8 := pg_snapshot_xmin(pg_current_snapshot());
  after_xid xid8 := '0';
  after_id bigint := 0;
  page jsonb;
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
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'xid', c.xid::text, 'kind', c.kind,
           'desk', d.name, 'at', c.at, 'payload', c.payload) ORDER BY c.xid, c.id), '[]'),
         (array_agg(c.xid ORDER BY c.xid DESC, c.id DESC))[1], (array_agg(c.id ORDER BY c.xid DESC, c.id DESC))[1]
    INTO page, after_xid, after_id
    FROM (SELECT * FROM tanu.changes
           WHERE (xid, id) > (after_xid, after_id) AND xid < bound
           ORDER BY xid, id LIMIT max_rows) c
    JOIN tanu.desks d ON d.id = c.desk_id;
  IF jsonb_array_length(page) = 0 THEN
    RETURN jsonb_build_object('changes', page, 'cursor', after_cursor, 'more', false);
  END IF;
  RETURN jsonb_build_object('changes', page,
    'cursor', jsonb_build_object('xid', after_xid::text, 'id', after_id),
    'more', jsonb_array_length(page) = max_rows);
END $$;

-- Every desk's state for the admin's screen, and which one is the caller.
CREATE FUNCTION api.heads() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  desk tanu.desks;
BEGIN
  desk := tanu.enter_desk();
  RETURN jsonb_build_object('self', desk.name, 'desks', (
    SELECT coalesce(jsonb_agg(jsonb_build_object('desk', d.name, 'lastContactAt', d.last_contact_at,
             'revoked', d.revoked_at IS NOT NULL,
             'head', CASE WHEN h.desk_id IS NULL THEN NULL
                          ELSE jsonb_build_object('seq', h.seq, 'hash', encode(h.hash, 'hex')) END,
             'acknowledgedAt', h.updated_at) ORDER BY d.name), '[]')
      FROM tanu.desks d LEFT JOIN tanu.chain_heads h ON h.desk_id = d.id));
END $$;

-- Rejected ops after `after_id`, for the admin's screen (the op's content stays at its desk).
CREATE FUNCTION api.rejects(after_id bigint DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM tanu.enter_desk();
  RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'desk', d.name, 'opId', r.op_id,
            'kind', r.kind, 'reason', r.reason, 'detail', r.detail, 'at', r.at) ORDER BY r.id), '[]')
            FROM (SELECT * FROM tanu.rejects WHERE id > after_id ORDER BY id LIMIT 1000) r
            JOIN tanu.desks d ON d.id = r.desk_id);
END $$;

REVOKE ALL ON FUNCTION api.push_ops(jsonb), api.pull(jsonb, integer), api.heads(), api.rejects(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.push_ops(jsonb), api.pull(jsonb, integer), api.heads(), api.rejects(bigint) TO tanu_desk;
