-- api.heads again, each desk with what it last said it still holds back (api.report_backlog,
-- migration 007): the admin's desk list names every desk's last contact, acknowledged head and
-- unsent decisions (issue 15), and until now the third was only in the report. null: the desk
-- never said. Same signature and return type, so replaced in place with its grants.

CREATE OR REPLACE FUNCTION api.heads() RETURNS jsonb
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
             'acknowledgedAt', h.updated_at,
             'unsent', CASE WHEN d.unsent_reported_at IS NULL THEN NULL
                            ELSE jsonb_build_object('decisions', d.unsent_decisions,
                                   'oldestAt', d.unsent_oldest_at, 'reportedAt', d.unsent_reported_at) END)
             ORDER BY d.name), '[]')
      FROM tanu.desks d LEFT JOIN tanu.chain_heads h ON h.desk_id = d.id));
END $$;
