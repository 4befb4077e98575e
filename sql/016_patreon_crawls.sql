-- 016_patreon_crawls: a Patreon creator's campaign crawled in seed 003's three phases (issue 12).
--
-- One row per campaign in patreon_crawls is the crawling grain's state (grain `patreon-crawl/{campaignId}`),
-- with `version` as its ETag, written after every page of the post list (phase 1, `list`), every post whose
-- details were read and handed to its post grain (phase 2, `details`) and the campaign's tiers (phase 3,
-- `collections`). A node killed mid-crawl resumes from the last write: the cursor of the next page, or the
-- next post still `listed`. `run` grows by one each time a finished crawl is started again.
--
-- patreon_crawl_posts: the posts each run listed, in the order found, and what phase 2 made of each
-- (`listed` → `handed` to post grain `patreon:{postId}`, or `gone`: Patreon answered 404), with the details
-- the archive's post row does not keep (title, Patreon URL, publication time, embed, the tiers it is locked to).
-- patreon_tiers: the campaign's tiers read in phase 3. Patreon's API v2 has no collections endpoint; the
-- grouping it documents is a post's `tiers`, so "which posts belong to which collection" is post ↔ tier.

create table patreon_crawls (
    campaign_id      text        primary key,
    tenant           text        not null,
    run              int         not null,
    status           text        not null check (status in ('running', 'paused', 'done', 'failed', 'cancelled')),
    phase            text        not null check (phase in ('list', 'details', 'collections')),
    cursor_next      text,
    pages_read       int         not null default 0,
    posts_found      int         not null default 0,
    details_read     int         not null default 0,
    posts_gone       int         not null default 0,
    tiers_found      int         not null default 0,
    slowdowns        int         not null default 0,
    failures_in_row  int         not null default 0,
    not_before       timestamptz,
    last_error       text,
    started_at       timestamptz not null,
    finished_at      timestamptz,
    updated_at       timestamptz not null default now(),
    version          bigint      not null
);

create index patreon_crawls_tenant on patreon_crawls (tenant);

create table patreon_crawl_posts (
    campaign_id   text        not null references patreon_crawls (campaign_id),
    run           int         not null,
    post_id       text        not null,
    position      int         not null,
    state         text        not null default 'listed' check (state in ('listed', 'handed', 'gone')),
    title         text,
    url           text,
    published_at  timestamptz,
    embed_url     text,
    is_public     boolean,
    tiers         text[]      not null default '{}',
    primary key (campaign_id, run, post_id)
);

-- Phase 2 takes the first post still listed, in the order the list gave them.
create index patreon_crawl_posts_listed on patreon_crawl_posts (campaign_id, run, position) where state = 'listed';

create table patreon_tiers (
    campaign_id   text   not null references patreon_crawls (campaign_id),
    tier_id       text   not null,
    title         text,
    amount_cents  int,
    primary key (campaign_id, tier_id)
);
