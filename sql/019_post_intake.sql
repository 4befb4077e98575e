-- 019_post_intake: the durable intake of posts announced by Meta's webhooks (issue 19, "Durable intake").
--
-- A webhook delivery is acknowledged once its changes are rows here, committed by the node's intake
-- writer together with every other delivery waiting at that moment (one multi-row insert), not once
-- each post's grain has stored it: the 200 no longer waits on where a grain lives or how busy it is.
-- A fixed set of shard grains picks the rows up in id order (a post's key always hashes to the same
-- shard, so one post's changes reach its grain in the order they were acknowledged), hands each to
-- its post grain and deletes it once the grain has stored it. A crash between the two replays the
-- row, which the post grain recognises as a duplicate: rows are replayed, never lost.
--
-- A row whose hand-over fails is retried with backoff (attempts, next_attempt_at) and only holds up
-- its own post's later rows; after Silo:Media:Intake:MaxAttempts it is parked (parked_at, with an
-- alert) and no longer blocks anything. Clearing parked_at and next_attempt_at replays it.

create table post_intake (
    id               bigint      generated always as identity primary key,
    shard            int         not null,
    post_id          text        not null,
    tenant           text        not null,
    change           jsonb       not null,
    received_at      timestamptz not null,
    attempts         int         not null default 0,
    next_attempt_at  timestamptz,
    last_error       text,
    parked_at        timestamptz
);

-- A shard's rows in order; the pickup reads only rows that are not parked.
create index post_intake_shard on post_intake (shard, id) where parked_at is null;
-- A post's rows: its later rows wait behind an earlier one in backoff, and the API finds a post still here.
create index post_intake_post on post_intake (post_id, id);
