-- The clinic's tables, in the private schema `tanu`, owned by tanu_api (runs as that role).
-- Nothing here can hold an IIN, a name, an image, a descriptor or a code: the registry is
-- ciphertext under the clinic data key plus keyed hashes, and audit rows have no free text.

CREATE TABLE tanu.desks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The desk's configured id (the deskId inside its audit rows), e.g. "desk-12".
  name text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z][A-Za-z0-9_-]{0,31}$'),
  role_name name NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_contact_at timestamptz
);

-- One row per desk that pushed; locked FOR UPDATE by every push, so pushes of one desk queue.
CREATE TABLE tanu.chain_heads (
  desk_id bigint PRIMARY KEY REFERENCES tanu.desks (id),
  -- Where the server's copy starts: 1, or the first row after a retention purge on the desk.
  first_seq bigint NOT NULL CHECK (first_seq >= 1),
  seq bigint NOT NULL CHECK (seq >= first_seq),
  hash bytea NOT NULL CHECK (length(hash) = 32),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The desk's audit rows as it hashed them (hash-chain.ts: recordJson), with the link.
CREATE TABLE tanu.audit_rows (
  desk_id bigint NOT NULL REFERENCES tanu.desks (id),
  seq bigint NOT NULL CHECK (seq >= 1),
  prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
  hash bytea NOT NULL CHECK (length(hash) = 32),
  -- Text, exactly as hashed: a timestamptz round trip could change the string.
  at text NOT NULL,
  operator_id text NOT NULL,
  desk_ref text NOT NULL,
  patient_id text,
  visit_id text,
  event text NOT NULL CHECK (event ~ '^[a-z_]{1,64}$'),
  method text,
  distance double precision,
  threshold double precision,
  model_version text,
  detail jsonb CHECK (detail IS NULL OR (jsonb_typeof(detail) = 'object' AND length(detail::text) <= 2048)),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (desk_id, seq)
);

-- Identification decisions and ended visits, as the desk's decision and visit tables hold them.
CREATE TABLE tanu.decisions (
  desk_id bigint NOT NULL REFERENCES tanu.desks (id),
  id text NOT NULL,
  visit_id text,
  patient_id text NOT NULL,
  operator_id text NOT NULL,
  decided_at text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('identified', 'not_identified')),
  method text NOT NULL CHECK (method IN ('face', 'code', 'representative', 'slip', 'override')),
  distance double precision,
  threshold double precision,
  model_version text,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (desk_id, id)
);

CREATE TABLE tanu.visits (
  desk_id bigint NOT NULL REFERENCES tanu.desks (id),
  id text NOT NULL,
  patient_id text,
  operator_id text NOT NULL,
  visit_type text CHECK (visit_type IN ('in-person', 'online')),
  started_at text NOT NULL,
  ended_at text NOT NULL,
  end_state text NOT NULL CHECK (
    end_state IN ('identified', 'recordedOnline', 'codeLocked', 'cancelled', 'timedOut', 'noChannel')
  ),
  method text CHECK (method IN ('face', 'code', 'representative', 'slip', 'override')),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (desk_id, id)
);

-- Every head the server acknowledged: a later head below one of these is a rollback.
CREATE TABLE tanu.acks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  desk_id bigint NOT NULL REFERENCES tanu.desks (id),
  seq bigint NOT NULL,
  hash bytea NOT NULL CHECK (length(hash) = 32),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX acks_by_desk ON tanu.acks (desk_id, seq);

-- The registry: opaque rows. `sealed` is AES-256-GCM under the clinic data key; lookups are
-- HMAC-SHA-256 under a subkey of it. Ids are the desks' UUIDs.
CREATE TABLE tanu.patients (
  id uuid PRIMARY KEY,
  iin_lookup bytea NOT NULL UNIQUE CHECK (length(iin_lookup) = 32),
  sealed bytea NOT NULL,
  version integer NOT NULL DEFAULT 1,
  desk_id bigint NOT NULL REFERENCES tanu.desks (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tanu.representatives (
  patient_id uuid NOT NULL REFERENCES tanu.patients (id),
  representative_id uuid NOT NULL REFERENCES tanu.patients (id),
  sealed bytea NOT NULL,
  unlinked_at timestamptz,
  desk_id bigint NOT NULL REFERENCES tanu.desks (id),
  PRIMARY KEY (patient_id, representative_id),
  CHECK (patient_id <> representative_id)
);

CREATE TABLE tanu.consents (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES tanu.patients (id),
  sealed bytea NOT NULL,
  withdrawn_at timestamptz,
  desk_id bigint NOT NULL REFERENCES tanu.desks (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Insert-only with versions per (patient, model): an enrolment revokes the older template, and a
-- revoked template's ciphertext is erased (sealed NULL).
CREATE TABLE tanu.templates (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES tanu.patients (id),
  model_id text NOT NULL CHECK (length(model_id) BETWEEN 1 AND 200),
  model_version text NOT NULL CHECK (length(model_version) BETWEEN 1 AND 100),
  version integer NOT NULL CHECK (version >= 1),
  sealed bytea,
  revoked_at timestamptz,
  revoked_by uuid,
  desk_id bigint NOT NULL REFERENCES tanu.desks (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (patient_id, model_id, version),
  CHECK (revoked_at IS NOT NULL OR sealed IS NOT NULL)
);
CREATE UNIQUE INDEX templates_one_active ON tanu.templates (patient_id, model_id) WHERE revoked_at IS NULL;

CREATE TABLE tanu.operators (
  id uuid PRIMARY KEY,
  sealed bytea NOT NULL,
  version integer NOT NULL DEFAULT 1,
  desk_id bigint NOT NULL REFERENCES tanu.desks (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Pushed registry operations by their UUIDv7 id: a retried push finds its outcome here.
CREATE TABLE tanu.ops (
  op_id uuid PRIMARY KEY CHECK (substr(op_id::text, 15, 1) = '7'),
  desk_id bigint NOT NULL REFERENCES tanu.desks (id),
  kind text NOT NULL,
  outcome jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- Operations the server refused, for the admin's screen; they never block a desk's queue.
CREATE TABLE tanu.rejects (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  desk_id bigint NOT NULL REFERENCES tanu.desks (id),
  op_id uuid NOT NULL,
  kind text NOT NULL,
  reason text NOT NULL,
  detail jsonb,
  at timestamptz NOT NULL DEFAULT now()
);

-- Things a supervisor must look at (the same IIN registered from two desks, …).
CREATE TABLE tanu.flags (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('duplicate_iin')),
  patient_id uuid NOT NULL,
  other_patient_id uuid,
  desk_id bigint NOT NULL REFERENCES tanu.desks (id),
  op_id uuid,
  raised_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);

-- What desks pull, ordered by (xid, id): see api.pull for why not by id alone.
CREATE TABLE tanu.changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  kind text NOT NULL,
  desk_id bigint NOT NULL REFERENCES tanu.desks (id),
  payload jsonb NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX changes_by_cursor ON tanu.changes (xid, id);
