-- Duplicate detection: per spool and log partition, the highest sequence number counted. Every
-- result a checker or agent spools carries its spool's id and a number that only grows, and a
-- spool delivers in order, so a result whose number is not above this one is a copy of a result
-- already counted (a retried delivery). Written in the same transaction as the rows and
-- consumed_offsets; a new table, so PostgreSQL applies it with its history row in one
-- transaction, in place.

CREATE TABLE spool_sequences (
  spool_id       text NOT NULL,
  topic          text NOT NULL,
  partition      integer NOT NULL,
  last_sequence  bigint NOT NULL,
  PRIMARY KEY (spool_id, topic, partition)
);
