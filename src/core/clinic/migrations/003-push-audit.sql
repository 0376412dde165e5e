-- api.push_audit: a desk's evidence going up, in order. See docs/CLINIC-PROTOCOL.md.

-- The batch's audit rows as table rows, validated: the fields of hash-chain.ts recordJson plus
-- the link (prevHash, hash as 64 hex digits), and deskId must be the calling desk's name.
CREATE FUNCTION tanu.audit_rows_from(items jsonb, desk tanu.desks) RETURNS SETOF tanu.audit_rows
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  item jsonb;
  r tanu.audit_rows;
BEGIN
  -- Bounded, so one call never holds the desk's head lock for long: larger backlogs go in pages.
  IF jsonb_typeof(items) IS DISTINCT FROM 'array' OR jsonb_array_length(items) > 5000 THEN
    PERFORM tanu.invalid('rows must be an array of at most 5000');
  END IF;
  FOR item IN SELECT value FROM jsonb_array_elements(items) LOOP
    PERFORM tanu.check_keys(item,
      ARRAY['seq', 'at', 'operatorId', 'deskId', 'patientId', 'visitId', 'event', 'method', 'distance',
            'threshold', 'modelVersion', 'detail', 'prevHash', 'hash'],
      ARRAY['seq', 'at', 'operatorId', 'deskId', 'event', 'prevHash', 'hash'], 'an audit row');
    IF jsonb_typeof(item -> 'seq') <> 'number' OR jsonb_typeof(item -> 'at') <> 'string'
       OR item ->> 'prevHash' !~ '^[0-9a-f]{64}$' OR item ->> 'hash' !~ '^[0-9a-f]{64}$' THEN
      PERFORM tanu.invalid('an audit row needs a numeric seq, a string at, and 64-hex prevHash and hash');
    END IF;
    IF item ->> 'deskId' IS DISTINCT FROM desk.name THEN
      PERFORM tanu.invalid('an audit row names another desk than the calling one');
    END IF;
    IF item ? 'detail' AND jsonb_typeof(item -> 'detail') NOT IN ('object', 'null') THEN
      PERFORM tanu.invalid('an audit row''s detail must be an object or null');
    END IF;
    r.desk_id := desk.id;
    r.seq := (item ->> 'seq')::bigint;
    r.prev_hash := decode(item ->> 'prevHash', 'hex');
    r.hash := decode(item ->> 'hash', 'hex');
    r.at := item ->> 'at';
    r.operator_id := item ->> 'operatorId';
    r.desk_ref := item ->> 'deskId';
    r.patient_id := item ->> 'patientId';
    r.visit_id := item ->> 'visitId';
    r.event := item ->> 'event';
    r.method := item ->> 'method';
    r.distance := (item ->> 'distance')::double precision;
    r.threshold := (item ->> 'threshold')::double precision;
    r.model_version := item ->> 'modelVersion';
    r.detail := CASE WHEN jsonb_typeof(item -> 'detail') = 'object' THEN item -> 'detail' END;
    r.received_at := now();
    RETURN NEXT r;
  END LOOP;
EXCEPTION WHEN data_exception THEN
  PERFORM tanu.invalid('an audit row has a field of the wrong type: ' || SQLERRM);
END $$;

-- Decisions (immutable) and ended visits: inserted once; the same id again must be identical.
CREATE FUNCTION tanu.store_decisions_and_visits(batch jsonb, desk tanu.desks) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  item jsonb;
  d tanu.decisions;
  v tanu.visits;
  stored_d tanu.decisions;
  stored_v tanu.visits;
BEGIN
  FOR item IN SELECT value FROM jsonb_array_elements(coalesce(batch -> 'decisions', '[]')) LOOP
    PERFORM tanu.check_keys(item,
      ARRAY['id', 'visitId', 'patientId', 'operatorId', 'deskId', 'decidedAt', 'outcome', 'method', 'distance',
            'threshold', 'modelVersion'],
      ARRAY['id', 'patientId', 'operatorId', 'decidedAt', 'outcome', 'method'], 'a decision');
    IF item ? 'deskId' AND item ->> 'deskId' IS DISTINCT FROM desk.name THEN
      PERFORM tanu.invalid('a decision names another desk than the calling one');
    END IF;
    d := (desk.id, item ->> 'id', item ->> 'visitId', item ->> 'patientId', item ->> 'operatorId',
          item ->> 'decidedAt', item ->> 'outcome', item ->> 'method', (item ->> 'distance')::double precision,
          (item ->> 'threshold')::double precision, item ->> 'modelVersion', now())::tanu.decisions;
    INSERT INTO tanu.decisions VALUES (d.*) ON CONFLICT (desk_id, id) DO NOTHING;
    IF NOT FOUND THEN
      SELECT * INTO stored_d FROM tanu.decisions WHERE desk_id = desk.id AND id = d.id;
      IF (stored_d.visit_id, stored_d.patient_id, stored_d.operator_id, stored_d.decided_at, stored_d.outcome,
          stored_d.method, stored_d.distance, stored_d.threshold, stored_d.model_version)
         IS DISTINCT FROM (d.visit_id, d.patient_id, d.operator_id, d.decided_at, d.outcome, d.method,
          d.distance, d.threshold, d.model_version) THEN
        RAISE EXCEPTION USING ERRCODE = 'TN005', MESSAGE = format('decision %s was stored with other content', d.id);
      END IF;
    END IF;
  END LOOP;
  FOR item IN SELECT value FROM jsonb_array_elements(coalesce(batch -> 'visits', '[]')) LOOP
    PERFORM tanu.check_keys(item,
      ARRAY['id', 'patientId', 'operatorId', 'deskId', 'visitType', 'startedAt', 'endedAt', 'endState', 'method'],
      ARRAY['id', 'operatorId', 'startedAt', 'endedAt', 'endState'], 'a visit');
    IF item ? 'deskId' AND item ->> 'deskId' IS DISTINCT FROM desk.name THEN
      PERFORM tanu.invalid('a visit names another desk than the calling one');
    END IF;
    v := (desk.id, item ->> 'id', item ->> 'patientId', item ->> 'operatorId', item ->> 'visitType',
          item ->> 'startedAt', item ->> 'endedAt', item ->> 'endState', item ->> 'method', now())::tanu.visits;
    INSERT INTO tanu.visits VALUES (v.*) ON CONFLICT (desk_id, id) DO NOTHING;
    IF NOT FOUND THEN
      SELECT * INTO stored_v FROM tanu.visits WHERE desk_id = desk.id AND id = v.id;
      IF (stored_v.patient_id, stored_v.operator_id, stored_v.visit_type, stored_v.started_at, stored_v.ended_at,
          stored_v.end_state, stored_v.method)
         IS DISTINCT FROM (v.patient_id, v.operator_id, v.visit_type, v.started_at, v.ended_at, v.end_state,
          v.method) THEN
        RAISE EXCEPTION USING ERRCODE = 'TN005', MESSAGE = format('visit %s was stored with other content', v.id);
      END IF;
    END IF;
  END LOOP;
EXCEPTION
  WHEN data_exception OR check_violation OR not_null_violation THEN
    PERFORM tanu.invalid('a decision or visit is malformed: ' || SQLERRM);
END $$;

CREATE FUNCTION api.push_audit(batch jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  genesis constant bytea := decode(repeat('00', 32), 'hex');
  desk tanu.desks;
  head tanu.chain_heads;
  r tanu.audit_rows;
  stored tanu.audit_rows;
  head_seq bigint;
  head_hash bytea;
  start_seq bigint;
BEGIN
  desk := tanu.enter_desk();
  PERFORM tanu.check_keys(batch, ARRAY['rows', 'decisions', 'visits'], ARRAY['rows'], 'the batch');
  -- The head row is this desk's queue: a second push of the same desk waits here.
  SELECT * INTO head FROM tanu.chain_heads WHERE desk_id = desk.id FOR UPDATE;
  head_seq := head.seq;
  head_hash := head.hash;
  start_seq := head.first_seq;
  FOR r IN SELECT * FROM tanu.audit_rows_from(batch -> 'rows', desk) ORDER BY seq LOOP
    IF head_seq IS NOT NULL AND r.seq <= head_seq THEN
      -- Already here (a retried push): a no-op if identical, a fork otherwise.
      SELECT * INTO stored FROM tanu.audit_rows WHERE desk_id = desk.id AND seq = r.seq;
      IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'TN001',
          MESSAGE = format('seq %s is before the first row the clinic holds for this desk (%s)', r.seq, start_seq);
      END IF;
      IF (stored.prev_hash, stored.hash, stored.at, stored.operator_id, stored.patient_id, stored.visit_id,
          stored.event, stored.method, stored.distance, stored.threshold, stored.model_version, stored.detail)
         IS DISTINCT FROM (r.prev_hash, r.hash, r.at, r.operator_id, r.patient_id, r.visit_id, r.event, r.method,
          r.distance, r.threshold, r.model_version, r.detail) THEN
        RAISE EXCEPTION USING ERRCODE = 'TN002',
          MESSAGE = format('seq %s differs from the row the clinic holds at that seq', r.seq);
      END IF;
      CONTINUE;
    END IF;
    IF head_seq IS NULL THEN
      -- The first contact: the chain starts at 1 from the genesis, or after a retention purge.
      IF r.seq = 1 AND r.prev_hash <> genesis THEN
        RAISE EXCEPTION USING ERRCODE = 'TN002', MESSAGE = 'seq 1 does not link to the genesis hash';
      END IF;
      start_seq := r.seq;
    ELSIF r.seq <> head_seq + 1 THEN
      RAISE EXCEPTION USING ERRCODE = 'TN001',
        MESSAGE = format('seq %s does not follow the clinic''s head %s: rows are missing', r.seq, head_seq);
    ELSIF r.prev_hash <> head_hash THEN
      RAISE EXCEPTION USING ERRCODE = 'TN002',
        MESSAGE = format('seq %s does not link to the clinic''s head %s', r.seq, head_seq);
    END IF;
    INSERT INTO tanu.audit_rows VALUES (r.*);
    head_seq := r.seq;
    head_hash := r.hash;
  END LOOP;
  PERFORM tanu.store_decisions_and_visits(batch, desk);
  IF head_seq IS NULL THEN
    RETURN 'null'::jsonb;
  END IF;
  IF head.desk_id IS NULL THEN
    INSERT INTO tanu.chain_heads (desk_id, first_seq, seq, hash) VALUES (desk.id, start_seq, head_seq, head_hash);
  ELSIF head_seq <> head.seq THEN
    UPDATE tanu.chain_heads SET seq = head_seq, hash = head_hash, updated_at = now() WHERE desk_id = desk.id;
  END IF;
  IF head.seq IS DISTINCT FROM head_seq THEN
    INSERT INTO tanu.acks (desk_id, seq, hash) VALUES (desk.id, head_seq, head_hash);
  END IF;
  RETURN jsonb_build_object('seq', head_seq, 'hash', encode(head_hash, 'hex'));
END $$;

REVOKE ALL ON FUNCTION api.push_audit(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.push_audit(jsonb) TO tanu_desk;
