-- 021_post_changed_at: when the newest change a post holds was made at its source (issue 19, re-ordered deliveries).
--
-- Meta stamps each webhook entry with the time of its change, and a retried delivery of an older change can
-- arrive after a newer one. The post grain keeps the newest stamp it applied and ignores a change stamped
-- before it, so a post ends with its newest fields whatever order the deliveries came in. Null: no stamped
-- change yet (posts from the API, polls and backfills carry none and apply in the order they arrive).

alter table posts add column changed_at timestamptz;
