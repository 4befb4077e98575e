-- 005_insights: Meta Ads insights (seed 004).
--
-- An ad account is connected once (`ad_accounts`) and is the unit of Meta's rate limiting: its
-- `throttled_until` is read by every grain of the account on every node before any Graph API call,
-- so one entity's rate-limit error slows the whole account across the cluster. `status` stops the
-- account's refresh when its token has expired (code 190) until it is connected again.
-- `ad_entities` holds the campaigns, ad sets and ads the account grain discovered (each one is also
-- a grain). `meta_ad_insights` keeps one row per entity and day, unique on seed 004's key; the key
-- treats NULLs as equal (a campaign row has no ad set nor ad) so an upsert never duplicates.
-- `sync_runs` + `sync_run_entities` are seed 004's sync report: one row per entity and run, so a
-- retried turn records its outcome once. `insights_alerts` holds this module's alerts (expired
-- token, rate limit exhausted); one open alert per account and kind.

create table ad_accounts (
    account_id       text        primary key,
    tenant           text        not null,
    name             text        not null,
    token_ref        text        not null,
    status           text        not null default 'active' check (status in ('active', 'token_expired')),
    throttled_at     timestamptz,
    throttled_until  timestamptz,
    throttle_reason  text,
    usage_percent    numeric(6,2),
    discovered_at    timestamptz,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);

create table ad_entities (
    entity_id      text        primary key,
    entity_type    text        not null check (entity_type in ('campaign', 'adset', 'ad')),
    account_id     text        not null references ad_accounts (account_id),
    campaign_id    text        not null,
    adset_id       text,
    name           text        not null,
    status         text        not null,
    targeting      jsonb,
    last_synced_at timestamptz,
    last_error     text,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);

create index ad_entities_account on ad_entities (account_id, entity_type);
create index ad_entities_campaign on ad_entities (campaign_id);
create index ad_entities_adset on ad_entities (adset_id) where adset_id is not null;

create table meta_ad_insights (
    id                  uuid          primary key default gen_random_uuid(),
    account_id          text          not null,
    campaign_id         text,
    adset_id            text,
    ad_id               text,
    entity_type         text          not null check (entity_type in ('campaign', 'adset', 'ad')),
    date_start          date          not null,
    date_end            date          not null,
    spend               numeric(14,2) not null,
    impressions         bigint        not null,
    clicks              bigint        not null,
    conversions         bigint        not null,
    revenue             numeric(14,2) not null,
    ctr                 numeric(9,4)  not null,
    cpc                 numeric(12,4) not null,
    roas                numeric(12,4) not null,
    frequency           numeric(9,4)  not null,
    reach               bigint        not null,
    unique_clicks       bigint        not null,
    cost_per_conversion numeric(14,4) not null,
    created_at          timestamptz   not null default now(),
    updated_at          timestamptz   not null default now(),
    constraint unique_insight unique nulls not distinct (campaign_id, adset_id, ad_id, date_start, entity_type)
);

create index idx_insights_entity_date on meta_ad_insights (entity_type, date_start);
create index idx_insights_campaign_date on meta_ad_insights (campaign_id, date_start);
create index idx_insights_adset_date on meta_ad_insights (adset_id, date_start);
create index idx_insights_ad_date on meta_ad_insights (ad_id, date_start);

create table sync_runs (
    sync_id          uuid        primary key,
    sync_type        text        not null check (sync_type in ('scheduled', 'manual')),
    mode             text        not null,
    tenant           text        not null,
    account_id       text,
    days_back        int         not null,
    expected_entities int,
    started_at       timestamptz not null default now(),
    finished_at      timestamptz
);

create index sync_runs_started on sync_runs (started_at desc);

create table sync_run_entities (
    sync_id     uuid        not null references sync_runs (sync_id) on delete cascade,
    entity_id   text        not null,
    entity_type text        not null,
    ok          boolean     not null,
    rows        int         not null default 0,
    error       text,
    finished_at timestamptz not null default now(),
    primary key (sync_id, entity_id)
);

create table insights_alerts (
    id          bigint      generated always as identity primary key,
    account_id  text        not null,
    kind        text        not null,
    message     text        not null,
    created_at  timestamptz not null default now(),
    resolved_at timestamptz
);

create unique index insights_alerts_open on insights_alerts (account_id, kind) where resolved_at is null;
