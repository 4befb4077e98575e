-- 013_insights_rate_limit_hits: every time Meta refused a call of an ad account for its rate limit.
--
-- Seed 004 recommends an alert above 10 rate-limit hits per hour and /metrics shows the hits of the
-- last hour per account: `ad_accounts.throttled_at` keeps only the latest hold, so each hit is a row
-- here, written with the hold (AdAccountStore.RateLimitedAsync). A hold Silo takes on its own when
-- Meta's usage headers pass the high tier is not a hit: Meta refused nothing. Rows older than a day
-- are deleted by the alert check; the hour is all anything reads.

create table insights_rate_limit_hits (
    id         bigint      generated always as identity primary key,
    account_id text        not null,
    code       int         not null,
    hit_at     timestamptz not null default now()
);

create index insights_rate_limit_hits_account on insights_rate_limit_hits (account_id, hit_at);
