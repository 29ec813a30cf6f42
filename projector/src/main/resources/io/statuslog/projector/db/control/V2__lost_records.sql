-- Records a generation needed that the log no longer holds (deleted by retention, or a topic
-- made again). A generation with a row here is not projected any further: carrying on from the
-- log's first offset would hide the gap for good. `doctor` names each gap; the way out is a
-- rebuild from what the log still holds, then a cutover.

CREATE TABLE lost_records (
  generation_id  integer NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
  topic          text NOT NULL,
  partition      integer NOT NULL,
  from_offset    bigint NOT NULL,
  to_offset      bigint NOT NULL,
  found_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (generation_id, topic, partition)
);
