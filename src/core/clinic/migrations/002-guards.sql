-- The walls around the tables. Desks never reach them: they only EXECUTE functions in `api`,
-- which run as tanu_api. Still, should a table ever be granted by mistake, RLS (forced, so it
-- binds the owner too) shows nothing to any role but tanu_api, and lets tanu_api write evidence
-- only under the calling desk's own id. Superusers bypass RLS; they do not bypass the triggers.

ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- The calling desk: the registered, unrevoked desk whose role is session_user (inside a
-- SECURITY DEFINER function current_user is tanu_api; session_user is still the desk's login).
CREATE FUNCTION tanu.session_desk_id() RETURNS bigint
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
AS $$ SELECT id FROM tanu.desks WHERE role_name = session_user AND revoked_at IS NULL $$;

-- Every api function starts here: refuses an unknown or revoked desk, records the contact.
CREATE FUNCTION tanu.enter_desk() RETURNS tanu.desks
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  desk tanu.desks;
BEGIN
  UPDATE tanu.desks SET last_contact_at = now()
   WHERE role_name = session_user AND revoked_at IS NULL
  RETURNING * INTO desk;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'TN003',
      MESSAGE = format('role %s is not a registered desk of this clinic, or it was revoked', session_user);
  END IF;
  RETURN desk;
END $$;

-- A malformed request: the message names the field, never its value.
CREATE FUNCTION tanu.invalid(what text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'TN004', MESSAGE = what; END $$;

-- Refuses keys outside `allowed` and missing `required` ones: no field can smuggle content in.
CREATE FUNCTION tanu.check_keys(obj jsonb, allowed text[], required text[], what text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  extra text;
  missing text;
BEGIN
  IF jsonb_typeof(obj) IS DISTINCT FROM 'object' THEN
    PERFORM tanu.invalid(format('%s must be a JSON object', what));
  END IF;
  SELECT k INTO extra FROM jsonb_object_keys(obj) AS k WHERE k <> ALL (allowed) LIMIT 1;
  IF extra IS NOT NULL THEN
    PERFORM tanu.invalid(format('%s has an unknown field "%s"', what, extra));
  END IF;
  SELECT r INTO missing FROM unnest(required) AS r WHERE NOT obj ? r OR obj -> r = 'null' LIMIT 1;
  IF missing IS NOT NULL THEN
    PERFORM tanu.invalid(format('%s lacks "%s"', what, missing));
  END IF;
END $$;

CREATE FUNCTION tanu.refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'TN006', MESSAGE = format('%s is append-only: %s refused', TG_TABLE_NAME, TG_OP);
END $$;

-- A template changes once: revoked, its ciphertext erased. Nothing else, never deleted.
CREATE FUNCTION tanu.template_revoke_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL AND NEW.sealed IS NULL
     AND (NEW.id, NEW.patient_id, NEW.model_id, NEW.model_version, NEW.version, NEW.desk_id, NEW.created_at)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.patient_id, OLD.model_id, OLD.model_version, OLD.version, OLD.desk_id, OLD.created_at) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'TN006', MESSAGE = 'templates are insert-only: a template may only be revoked';
END $$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['audit_rows', 'decisions', 'visits', 'acks', 'ops', 'rejects', 'changes'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON tanu.%I FOR EACH ROW EXECUTE FUNCTION tanu.refuse_change()', t || '_append_only', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON tanu.%I FOR EACH STATEMENT EXECUTE FUNCTION tanu.refuse_change()', t || '_no_truncate', t);
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON tanu.%I FROM tanu_api', t);
  END LOOP;
END $$;
CREATE TRIGGER templates_revoke_only BEFORE UPDATE OR DELETE ON tanu.templates
  FOR EACH ROW EXECUTE FUNCTION tanu.template_revoke_only();
CREATE TRIGGER templates_no_truncate BEFORE TRUNCATE ON tanu.templates
  FOR EACH STATEMENT EXECUTE FUNCTION tanu.refuse_change();
REVOKE DELETE, TRUNCATE ON tanu.templates FROM tanu_api;

-- Wakes every desk's LISTEN connection once per committing transaction (NOTIFY is transactional).
CREATE FUNCTION tanu.notify_changes() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$ BEGIN PERFORM pg_notify('tanu_changes', ''); RETURN NULL; END $$;
CREATE TRIGGER changes_notify AFTER INSERT ON tanu.changes
  FOR EACH STATEMENT EXECUTE FUNCTION tanu.notify_changes();

-- Row-level security on every table. Reads: tanu_api only. Evidence and registry inserts: only
-- under the calling desk's id.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['desks', 'chain_heads', 'audit_rows', 'decisions', 'visits', 'acks',
    'patients', 'representatives', 'consents', 'templates', 'operators', 'ops', 'rejects', 'flags',
    'changes', 'clinic_schema_version'] LOOP
    EXECUTE format('ALTER TABLE tanu.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE tanu.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY api_reads ON tanu.%I FOR SELECT TO tanu_api USING (true)', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['chain_heads', 'audit_rows', 'decisions', 'visits', 'acks', 'patients',
    'representatives', 'consents', 'templates', 'operators', 'ops', 'rejects', 'flags', 'changes'] LOOP
    EXECUTE format('CREATE POLICY desk_inserts ON tanu.%I FOR INSERT TO tanu_api WITH CHECK (desk_id = tanu.session_desk_id())', t);
  END LOOP;
  -- Registry rows are updated by whichever desk's op the server applies (a re-enrolment at one
  -- desk revokes a template enrolled at another); the triggers above bound what may change.
  FOREACH t IN ARRAY ARRAY['patients', 'representatives', 'consents', 'templates', 'operators'] LOOP
    EXECUTE format('CREATE POLICY registry_updates ON tanu.%I FOR UPDATE TO tanu_api USING (true)', t);
  END LOOP;
END $$;
CREATE POLICY own_head ON tanu.chain_heads FOR UPDATE TO tanu_api
  USING (desk_id = tanu.session_desk_id());
CREATE POLICY own_contact ON tanu.desks FOR UPDATE TO tanu_api USING (role_name = session_user);
