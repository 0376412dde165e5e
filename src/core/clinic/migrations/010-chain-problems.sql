-- What the clinic learns of a desk whose chain went wrong, so that `clinic verify` finds a desk
-- database restored from an older backup or cut at its tail (issue 15), not only a clinic copy
-- tampered with. Until now the clinic's copy of such a desk stayed sound and verify said "ok":
-- the desk's start check stopped it, and its forked pushes were refused whole, so the clinic kept
-- no trace of either. Two witnesses now write here:
--  - the server itself, for every push it refuses as a gap (TN001) or a fork (TN002): a desk that
--    does not check itself, or whose check was removed, cannot push past the refusal unseen;
--  - the desk, when its start check finds its chain behind, forked or missing at the head that
--    was acknowledged (api.report_chain_problem): a restored desk that stops pushing says why.
-- Append-only like the evidence: a problem is a fact about the desk, never taken back.

CREATE TABLE tanu.chain_problems (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  desk_id bigint NOT NULL REFERENCES tanu.desks (id),
  -- server: 'gap' | 'fork' (a refused push); desk: its start check's finding (ack-check.ts).
  problem text NOT NULL CHECK (problem IN ('gap', 'fork', 'behind', 'forked', 'missing', 'clinic-lost')),
  reported_by text NOT NULL CHECK (reported_by IN ('server', 'desk')),
  -- desk reports: the acknowledged seq the chain lost, and the local chain's last seq.
  acked_seq bigint,
  local_seq bigint,
  -- server refusals: the refusal's own words (seqs only, never row content).
  message text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chain_problems_by_desk ON tanu.chain_problems (desk_id, id);

CREATE TRIGGER chain_problems_append_only BEFORE UPDATE OR DELETE ON tanu.chain_problems
  FOR EACH ROW EXECUTE FUNCTION tanu.refuse_change();
CREATE TRIGGER chain_problems_no_truncate BEFORE TRUNCATE ON tanu.chain_problems
  FOR EACH STATEMENT EXECUTE FUNCTION tanu.refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON tanu.chain_problems FROM tanu_api;
ALTER TABLE tanu.chain_problems ENABLE ROW LEVEL SECURITY;
ALTER TABLE tanu.chain_problems FORCE ROW LEVEL SECURITY;
CREATE POLICY api_reads ON tanu.chain_problems FOR SELECT TO tanu_api USING (true);
CREATE POLICY desk_inserts ON tanu.chain_problems FOR INSERT TO tanu_api
  WITH CHECK (desk_id = tanu.session_desk_id());

-- Once per distinct finding: a stopped desk says it every round, a refused desk may retry.
CREATE FUNCTION tanu.record_chain_problem(desk tanu.desks, p tanu.chain_problems) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM tanu.chain_problems c WHERE c.desk_id = desk.id AND c.problem = p.problem
                   AND c.reported_by = p.reported_by AND c.acked_seq IS NOT DISTINCT FROM p.acked_seq
                   AND c.local_seq IS NOT DISTINCT FROM p.local_seq AND c.message = p.message) THEN
    INSERT INTO tanu.chain_problems (desk_id, problem, reported_by, acked_seq, local_seq, message)
    VALUES (desk.id, p.problem, p.reported_by, p.acked_seq, p.local_seq, p.message);
  END IF;
END $$;

-- push_audit (003) keeps its rules, under another name and out of the desks' reach; the api's
-- push_audit runs it in a subtransaction, so a refused batch still stores none of its rows while
-- the refusal itself is kept. The refusal is answered rather than raised (a raised error would
-- roll the record back with the batch): {"refused": "TN001" | "TN002", "message": …}.
ALTER FUNCTION api.push_audit(jsonb) RENAME TO push_audit_checked;
ALTER FUNCTION api.push_audit_checked(jsonb) SET SCHEMA tanu;
REVOKE ALL ON FUNCTION tanu.push_audit_checked(jsonb) FROM PUBLIC, tanu_desk;

CREATE FUNCTION api.push_audit(batch jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  state text;
  said text;
  p tanu.chain_problems;
BEGIN
  BEGIN
    RETURN tanu.push_audit_checked(batch);
  EXCEPTION WHEN SQLSTATE 'TN001' OR SQLSTATE 'TN002' THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, said = MESSAGE_TEXT;
  END;
  p.problem := CASE state WHEN 'TN001' THEN 'gap' ELSE 'fork' END;
  p.reported_by := 'server';
  p.message := said;
  PERFORM tanu.record_chain_problem(tanu.enter_desk(), p);
  RETURN jsonb_build_object('refused', state, 'message', said);
END $$;

REVOKE ALL ON FUNCTION api.push_audit(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.push_audit(jsonb) TO tanu_desk;

-- The calling desk's start check failed: {"problem": "behind" | "forked" | "missing" |
-- "clinic-lost", "ackedSeq": n, "localSeq": n}. Whole numbers only: nothing else can ride along.
CREATE FUNCTION api.report_chain_problem(report jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  desk tanu.desks;
  p tanu.chain_problems;
BEGIN
  desk := tanu.enter_desk();
  PERFORM tanu.check_keys(report, ARRAY['problem', 'ackedSeq', 'localSeq'],
    ARRAY['problem', 'ackedSeq', 'localSeq'], 'the chain problem');
  IF report ->> 'problem' NOT IN ('behind', 'forked', 'missing', 'clinic-lost')
     OR jsonb_typeof(report -> 'problem') <> 'string' THEN
    PERFORM tanu.invalid('the chain problem must be behind, forked, missing or clinic-lost');
  END IF;
  IF jsonb_typeof(report -> 'ackedSeq') <> 'number' OR report ->> 'ackedSeq' !~ '^[0-9]{1,18}$'
     OR jsonb_typeof(report -> 'localSeq') <> 'number' OR report ->> 'localSeq' !~ '^[0-9]{1,18}$' THEN
    PERFORM tanu.invalid('the chain problem''s ackedSeq and localSeq must be whole numbers');
  END IF;
  p.problem := report ->> 'problem';
  p.reported_by := 'desk';
  p.acked_seq := (report ->> 'ackedSeq')::bigint;
  p.local_seq := (report ->> 'localSeq')::bigint;
  p.message := format('the desk found its chain %s: it ends at seq %s, the clinic acknowledged seq %s',
    p.problem, p.local_seq, p.acked_seq);
  PERFORM tanu.record_chain_problem(desk, p);
  RETURN NULL;
END $$;

REVOKE ALL ON FUNCTION api.report_chain_problem(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.report_chain_problem(jsonb) TO tanu_desk;
