-- api.push_ops: registry operations authored at a desk. See docs/CLINIC-PROTOCOL.md.

-- Refuses the op being applied (the caller's handler files it under rejects): reason is a code.
CREATE FUNCTION tanu.reject(reason text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'TN010', MESSAGE = reason; END $$;

CREATE FUNCTION tanu.log_change(kind text, desk tanu.desks, payload jsonb) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp
AS $$ INSERT INTO tanu.changes (kind, desk_id, payload) VALUES (kind, desk.id, payload) $$;

-- bytea as one-line base64 (encode() wraps at 76 characters).
CREATE FUNCTION tanu.b64(data bytea) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$ SELECT translate(encode(data, 'base64'), E'\n', '') $$;

CREATE FUNCTION tanu.sealed(op jsonb) RETURNS bytea
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  data bytea := decode(op ->> 'sealed', 'base64');
BEGIN
  IF length(data) NOT BETWEEN 1 AND 65536 THEN PERFORM tanu.reject('invalid_op'); END IF;
  RETURN data;
END $$;

CREATE FUNCTION tanu.patient_payload(p tanu.patients) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
AS $$ SELECT jsonb_build_object('id', p.id, 'iinLookup', encode(p.iin_lookup, 'hex'),
                               'sealed', tanu.b64(p.sealed), 'version', p.version) $$;

CREATE FUNCTION tanu.template_payload(t tanu.templates) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
AS $$ SELECT jsonb_build_object('id', t.id, 'patientId', t.patient_id, 'modelId', t.model_id,
       'modelVersion', t.model_version, 'version', t.version, 'sealed', tanu.b64(t.sealed),
       'revoked', t.revoked_at IS NOT NULL) $$;

-- One op, applied or refused with tanu.reject / a constraint; returns what the desk is told.
CREATE FUNCTION tanu.apply_op(desk tanu.desks, op jsonb) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  kind text := op ->> 'kind';
  p tanu.patients;
  t tanu.templates;
  prev tanu.templates;
  c tanu.consents;
  rp tanu.representatives;
  o tanu.operators;
  result jsonb := '{"outcome": "applied"}';
BEGIN
  CASE kind
  WHEN 'patient.upsert' THEN
    PERFORM tanu.check_keys(op, ARRAY['opId', 'kind', 'id', 'iinLookup', 'sealed'], ARRAY['id', 'iinLookup', 'sealed'], 'op');
    IF op ->> 'iinLookup' !~ '^[0-9a-f]{64}$' THEN PERFORM tanu.reject('invalid_op'); END IF;
    INSERT INTO tanu.patients AS x (id, iin_lookup, sealed, desk_id)
    VALUES ((op ->> 'id')::uuid, decode(op ->> 'iinLookup', 'hex'), tanu.sealed(op), desk.id)
    ON CONFLICT (id) DO UPDATE SET iin_lookup = excluded.iin_lookup, sealed = excluded.sealed,
      version = x.version + 1, desk_id = excluded.desk_id, updated_at = now()
    RETURNING * INTO p;
    PERFORM tanu.log_change('patient', desk, tanu.patient_payload(p));
    result := result || jsonb_build_object('version', p.version);
  WHEN 'representative.link', 'representative.unlink' THEN
    PERFORM tanu.check_keys(op, ARRAY['opId', 'kind', 'patientId', 'representativeId', 'sealed'],
      CASE WHEN kind = 'representative.link' THEN ARRAY['patientId', 'representativeId', 'sealed']
           ELSE ARRAY['patientId', 'representativeId'] END, 'op');
    IF kind = 'representative.link' THEN
      INSERT INTO tanu.representatives AS x (patient_id, representative_id, sealed, desk_id)
      VALUES ((op ->> 'patientId')::uuid, (op ->> 'representativeId')::uuid, tanu.sealed(op), desk.id)
      ON CONFLICT (patient_id, representative_id) DO UPDATE SET sealed = excluded.sealed, unlinked_at = NULL
      RETURNING * INTO rp;
    ELSE
      UPDATE tanu.representatives SET unlinked_at = now()
       WHERE patient_id = (op ->> 'patientId')::uuid AND representative_id = (op ->> 'representativeId')::uuid
      RETURNING * INTO rp;
      IF NOT FOUND THEN PERFORM tanu.reject('not_found'); END IF;
    END IF;
    PERFORM tanu.log_change('representative', desk, jsonb_build_object('patientId', rp.patient_id,
      'representativeId', rp.representative_id, 'sealed', tanu.b64(rp.sealed), 'unlinked', rp.unlinked_at IS NOT NULL));
  WHEN 'consent.record', 'consent.withdraw' THEN
    PERFORM tanu.check_keys(op, ARRAY['opId', 'kind', 'id', 'patientId', 'sealed'],
      CASE WHEN kind = 'consent.record' THEN ARRAY['id', 'patientId', 'sealed'] ELSE ARRAY['id'] END, 'op');
    IF kind = 'consent.record' THEN
      INSERT INTO tanu.consents (id, patient_id, sealed, desk_id)
      VALUES ((op ->> 'id')::uuid, (op ->> 'patientId')::uuid, tanu.sealed(op), desk.id) RETURNING * INTO c;
    ELSE
      UPDATE tanu.consents SET withdrawn_at = now() WHERE id = (op ->> 'id')::uuid AND withdrawn_at IS NULL
      RETURNING * INTO c;
      IF NOT FOUND THEN PERFORM tanu.reject('not_found'); END IF;
    END IF;
    PERFORM tanu.log_change('consent', desk, jsonb_build_object('id', c.id, 'patientId', c.patient_id,
      'sealed', tanu.b64(c.sealed), 'withdrawn', c.withdrawn_at IS NOT NULL));
  WHEN 'template.enrol' THEN
    PERFORM tanu.check_keys(op, ARRAY['opId', 'kind', 'id', 'patientId', 'modelId', 'modelVersion', 'sealed'],
      ARRAY['id', 'patientId', 'modelId', 'modelVersion', 'sealed'], 'op');
    -- The patient's row lock orders concurrent enrolments of one patient: versions never collide.
    PERFORM 1 FROM tanu.patients WHERE id = (op ->> 'patientId')::uuid FOR UPDATE;
    IF NOT FOUND THEN PERFORM tanu.reject('unknown_patient'); END IF;
    FOR prev IN UPDATE tanu.templates SET revoked_at = now(), revoked_by = (op ->> 'id')::uuid, sealed = NULL
                WHERE patient_id = (op ->> 'patientId')::uuid AND model_id = op ->> 'modelId' AND revoked_at IS NULL
                RETURNING * LOOP
      PERFORM tanu.log_change('template', desk, tanu.template_payload(prev));
    END LOOP;
    INSERT INTO tanu.templates (id, patient_id, model_id, model_version, version, sealed, desk_id)
    SELECT (op ->> 'id')::uuid, (op ->> 'patientId')::uuid, op ->> 'modelId', op ->> 'modelVersion',
           coalesce(max(version), 0) + 1, tanu.sealed(op), desk.id
      FROM tanu.templates WHERE patient_id = (op ->> 'patientId')::uuid AND model_id = op ->> 'modelId'
    RETURNING * INTO t;
    PERFORM tanu.log_change('template', desk, tanu.template_payload(t));
    result := result || jsonb_build_object('version', t.version);
  WHEN 'template.revoke' THEN
    PERFORM tanu.check_keys(op, ARRAY['opId', 'kind', 'id'], ARRAY['id'], 'op');
    UPDATE tanu.templates SET revoked_at = now(), sealed = NULL WHERE id = (op ->> 'id')::uuid AND revoked_at IS NULL
    RETURNING * INTO t;
    IF NOT FOUND THEN PERFORM tanu.reject('not_found'); END IF;
    PERFORM tanu.log_change('template', desk, tanu.template_payload(t));
  WHEN 'operator.upsert' THEN
    PERFORM tanu.check_keys(op, ARRAY['opId', 'kind', 'id', 'sealed'], ARRAY['id', 'sealed'], 'op');
    INSERT INTO tanu.operators AS x (id, sealed, desk_id) VALUES ((op ->> 'id')::uuid, tanu.sealed(op), desk.id)
    ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed, version = x.version + 1, desk_id = excluded.desk_id,
      updated_at = now()
    RETURNING * INTO o;
    PERFORM tanu.log_change('operator', desk, jsonb_build_object('id', o.id, 'sealed', tanu.b64(o.sealed),
      'version', o.version));
    result := result || jsonb_build_object('version', o.version);
  ELSE
    PERFORM tanu.reject('unknown_kind');
  END CASE;
  RETURN result;
END $$;
