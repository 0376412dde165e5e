-- The same face enrolled under two patients at two desks between their pulls (issue 15): the desk
-- that pulls the other's template finds it (cross-desk-duplicates.ts) and pushes a
-- `face.duplicate` op through api.push_ops. Both desks may report the same pair, each once or
-- again after a lost answer: the clinic keeps one flag per unordered pair, the ids stored in
-- ascending order (the desks send them so, and the function orders them again).

ALTER TABLE tanu.flags DROP CONSTRAINT flags_kind_check;
ALTER TABLE tanu.flags ADD CONSTRAINT flags_kind_check CHECK (kind IN ('duplicate_iin', 'duplicate_face'));
-- duplicate_face names both patients, the lesser id first.
ALTER TABLE tanu.flags ADD CONSTRAINT flags_face_pair CHECK (
  kind <> 'duplicate_face' OR (other_patient_id IS NOT NULL AND patient_id < other_patient_id));
CREATE UNIQUE INDEX flags_one_per_face_pair ON tanu.flags (patient_id, other_patient_id)
  WHERE kind = 'duplicate_face';

-- 004's op applier stays as it is, under another name (as 011 did with api.heads); apply_op
-- handles the new kind and hands every other one to it. push_ops calls tanu.apply_op by name.
ALTER FUNCTION tanu.apply_op(tanu.desks, jsonb) RENAME TO apply_registry_op;
REVOKE ALL ON FUNCTION tanu.apply_registry_op(tanu.desks, jsonb) FROM PUBLIC;

CREATE FUNCTION tanu.apply_op(desk tanu.desks, op jsonb) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  a uuid;
  b uuid;
BEGIN
  IF op ->> 'kind' IS DISTINCT FROM 'face.duplicate' THEN
    RETURN tanu.apply_registry_op(desk, op);
  END IF;
  PERFORM tanu.check_keys(op, ARRAY['opId', 'kind', 'patientId', 'otherPatientId'],
    ARRAY['patientId', 'otherPatientId'], 'op');
  a := least((op ->> 'patientId')::uuid, (op ->> 'otherPatientId')::uuid);
  b := greatest((op ->> 'patientId')::uuid, (op ->> 'otherPatientId')::uuid);
  IF a = b THEN PERFORM tanu.reject('invalid_op'); END IF;
  IF (SELECT count(*) FROM tanu.patients WHERE id IN (a, b)) <> 2 THEN PERFORM tanu.reject('unknown_patient'); END IF;
  -- The second report of a pair (from the other desk) is applied and changes nothing.
  INSERT INTO tanu.flags (kind, patient_id, other_patient_id, desk_id, op_id)
  VALUES ('duplicate_face', a, b, desk.id, (op ->> 'opId')::uuid)
  ON CONFLICT (patient_id, other_patient_id) WHERE kind = 'duplicate_face' DO NOTHING;
  RETURN '{"outcome": "applied"}';
END $$;

REVOKE ALL ON FUNCTION tanu.apply_op(tanu.desks, jsonb) FROM PUBLIC;

-- Every open duplicate flag (a second registration of one IIN, one face under two patients), newest
-- first, for the admin's screen: ids only, which the admin's desk names from its own registry.
CREATE FUNCTION api.duplicates() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM tanu.enter_desk();
  RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('id', f.id, 'kind', f.kind, 'desk', d.name,
            'patientId', f.patient_id, 'otherPatientId', f.other_patient_id, 'at', f.raised_at)
            ORDER BY f.id DESC), '[]')
            FROM (SELECT * FROM tanu.flags WHERE resolved_at IS NULL ORDER BY id DESC LIMIT 1000) f
            JOIN tanu.desks d ON d.id = f.desk_id);
END $$;

REVOKE ALL ON FUNCTION api.duplicates() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.duplicates() TO tanu_desk;
