-- The control schema: which read model generations exist, their state, and which is live.
-- Readers find the live generation here; a cutover is one transaction on this table.

CREATE TABLE generations (
  id                 integer PRIMARY KEY,
  schema_name        text NOT NULL UNIQUE,
  state              text NOT NULL CHECK (state IN ('building', 'catching-up', 'live', 'retired', 'failed')),
  code_version       text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  state_changed_at   timestamptz NOT NULL DEFAULT now(),
  previous_live      integer REFERENCES generations (id),
  note               text
);

-- At most one live generation, enforced by the database rather than by care.
CREATE UNIQUE INDEX one_live_generation ON generations ((true)) WHERE state = 'live';
