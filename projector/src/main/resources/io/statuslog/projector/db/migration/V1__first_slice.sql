-- The first slice of the read model: check definitions, the latest status per check, per-minute
-- rollups, and the log offsets these rows were derived up to. Offsets change in the same
-- transaction as the rows, which is what makes the projection exactly-once.

CREATE TABLE checks (
  check_id         text PRIMARY KEY,
  name             text NOT NULL,
  component        text,
  url              text NOT NULL,
  interval_ms      bigint NOT NULL,
  timeout_ms       bigint NOT NULL,
  expected_status  integer NOT NULL,
  public           boolean NOT NULL
);

CREATE TABLE check_status (
  check_id         text PRIMARY KEY,
  status           text NOT NULL CHECK (status IN ('UP', 'DOWN', 'DEGRADED')),
  last_checked_at  timestamptz NOT NULL,
  duration_ms      bigint NOT NULL,
  http_status      integer,
  error_kind       text,
  error_message    text
);

CREATE TABLE rollup_minute (
  check_id         text NOT NULL,
  minute           timestamptz NOT NULL,
  up_count         integer NOT NULL,
  down_count       integer NOT NULL,
  degraded_count   integer NOT NULL,
  latency_sum_ms   bigint NOT NULL,
  latency_max_ms   bigint NOT NULL,
  PRIMARY KEY (check_id, minute)
);

CREATE TABLE consumed_offsets (
  topic            text NOT NULL,
  partition        integer NOT NULL,
  next_offset      bigint NOT NULL,
  PRIMARY KEY (topic, partition)
);
