-- statuslog:requires-rebuild
-- New projections: status per region, hour and day rollups, latency histograms, incidents.
-- Rows for these must be derived from the whole log, so this version is never applied in place
-- to a generation that already holds data: it is built as a new generation (statuslog rebuild).

-- Latency histogram bucket upper bounds in ms: 10, 25, 50, 100, 250, 500, 1000, 2500, 5000,
-- 10000, and everything slower. Element-wise sum, for upserts.
CREATE FUNCTION add_buckets(a bigint[], b bigint[]) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i) $$;

ALTER TABLE rollup_minute ADD COLUMN latency_buckets bigint[] NOT NULL DEFAULT '{0,0,0,0,0,0,0,0,0,0,0}';

CREATE TABLE rollup_hour (LIKE rollup_minute INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE rollup_hour RENAME COLUMN minute TO hour;
ALTER TABLE rollup_hour ADD PRIMARY KEY (check_id, hour);

CREATE TABLE rollup_day (LIKE rollup_minute INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE rollup_day RENAME COLUMN minute TO day;
ALTER TABLE rollup_day ADD PRIMARY KEY (check_id, day);

CREATE TABLE check_region_status (
  check_id         text NOT NULL,
  region           text NOT NULL,
  status           text NOT NULL CHECK (status IN ('UP', 'DOWN', 'DEGRADED')),
  last_checked_at  timestamptz NOT NULL,
  duration_ms      bigint NOT NULL,
  http_status      integer,
  error_kind       text,
  error_message    text,
  PRIMARY KEY (check_id, region)
);

CREATE TABLE incidents (
  incident_id          text PRIMARY KEY,
  title                text NOT NULL,
  state                text NOT NULL CHECK (state IN ('OPEN', 'RESOLVED')),
  affected_components  text[] NOT NULL DEFAULT '{}',
  opened_at            timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  resolved_at          timestamptz
);
