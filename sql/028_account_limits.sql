-- 026_account_limits: what every grain of an ad account shares about Meta's limits, in its own table (issue 24).
--
-- `ad_accounts` is the account grain's row alone, written only by its storage (version-checked). The
-- hold, the usage Meta reported and the token expiry are written by any grain of the account, on any
-- node, in the middle of its Graph calls (AccountLimits): they live here, one row per account that met
-- a limit, so those writes never touch the grain's row. Sending them through the account grain would
-- deadlock: its own discovery records usage on every call.
--
-- `expired_connection` is the connection (`ad_accounts.connection`) a code 190 was met on. The account
-- reads as `token_expired` while it still matches: a reconnect moves `connection` on in the grain's own
-- write, which ends the expiry without writing here, and an expiry met before the reconnect but recorded
-- after it never stops the new connection.
--
-- `ad_account_status` is what users see of an account (API, dashboard, gRPC, metrics): its status and
-- its hold and usage, one row per account, null figures when it never met a limit.

create table ad_account_limits (
    account_id         text        primary key references ad_accounts (account_id) on delete cascade,
    throttled_at       timestamptz,
    throttled_until    timestamptz,
    throttle_reason    text,
    usage_percent      numeric(6,2),
    expired_connection bigint,
    updated_at         timestamptz not null default now()
);

insert into ad_account_limits (account_id, throttled_at, throttled_until, throttle_reason, usage_percent, expired_connection)
select account_id, throttled_at, throttled_until, throttle_reason, usage_percent,
       case when status = 'token_expired' then connection end
  from ad_accounts
 where throttled_at is not null or throttled_until is not null or throttle_reason is not null
    or usage_percent is not null or status = 'token_expired';

alter table ad_accounts
    drop column status,
    drop column throttled_at,
    drop column throttled_until,
    drop column throttle_reason,
    drop column usage_percent;

create view ad_account_status as
select a.account_id,
       case when l.expired_connection = a.connection then 'token_expired' else 'active' end as status,
       l.throttled_at, l.throttled_until, l.throttle_reason, l.usage_percent
  from ad_accounts a left join ad_account_limits l on l.account_id = a.account_id;
