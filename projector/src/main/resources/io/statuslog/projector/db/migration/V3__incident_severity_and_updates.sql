-- Severity on incidents, their timeline of updates, and an index for the page's "active
-- incidents" query: the very shape of the migration whose half state took a status page down
-- (see DESIGN.md). PostgreSQL applies all three with the history row in one transaction.

ALTER TABLE incidents ADD COLUMN severity text NOT NULL DEFAULT 'MINOR'
  CHECK (severity IN ('MINOR', 'MAJOR', 'CRITICAL', 'MAINTENANCE'));

CREATE TABLE incident_updates (
  event_id     text PRIMARY KEY,
  incident_id  text NOT NULL REFERENCES incidents (incident_id),
  at           timestamptz NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('OPENED', 'UPDATED', 'RESOLVED')),
  severity     text,
  text         text NOT NULL,
  author       text
);
CREATE INDEX incident_updates_by_incident ON incident_updates (incident_id, at);

CREATE INDEX incidents_unresolved ON incidents (opened_at DESC) WHERE resolved_at IS NULL;
