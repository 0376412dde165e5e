-- api.heads again, each desk with what it last said it still holds back (api.report_backlog,
-- migration 007): the admin's desk list names every desk's last contact, acknowledged head and
-- unsent decisions (issue 15), and until now the third was only in the report. null: the desk
-- never said. 005's function stays as it is, under another name and out of the desks' reach (as
-- 010 did with push_audit); the api's heads adds `unsent` to each desk it lists.

ALTER FUNCTION api.heads() RENAME TO heads_without_unsent;
ALTER FUNCTION api.heads_without_unsent() SET SCHEMA tanu;
REVOKE ALL ON FUNCTION tanu.heads_without_unsent() FROM PUBLIC, tanu_desk;

CREATE FUNCTION api.heads() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  heads jsonb := tanu.heads_without_unsent();
BEGIN
  RETURN jsonb_set(heads, '{desks}', (
    SELECT coalesce(jsonb_agg(listed.entry || jsonb_build_object('unsent',
             CASE WHEN d.unsent_reported_at IS NULL THEN NULL
                  ELSE jsonb_build_object('decisions', d.unsent_decisions, 'oldestAt', d.unsent_oldest_at,
                         'reportedAt', d.unsent_reported_at) END) ORDER BY listed.n), '[]')
      FROM jsonb_array_elements(heads -> 'desks') WITH ORDINALITY AS listed (entry, n)
      JOIN tanu.desks d ON d.name = listed.entry ->> 'desk'));
END $$;

REVOKE ALL ON FUNCTION api.heads() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.heads() TO tanu_desk;
