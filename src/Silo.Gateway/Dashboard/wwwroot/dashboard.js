// Silo dashboard: the content team's pages (media, publishing, insights), rendered from the snapshots
// the gateway pushes over Server-Sent Events. The gateway's sign-in (/signin) set an HttpOnly session
// cookie that every request here carries; this script never sees a key. No framework, no CDN.
'use strict';
(function () {
  // library, post and failures are drawn by library.js from the posts API (hash #post/<id> for one post);
  // batches and batch by batches.js from the publishing routes (#batch/<id> for one batch).
  // storage by storage.js from the media storage route; campaigns by campaigns.js (#campaigns/<level>/<id>), the insights drill-down;
  // notifications by notifications.js (#notifications/<id> for one destination's delivery log).
  const PAGES = ['media', 'library', 'post', 'failures', 'storage', 'publishing', 'batches', 'batch', 'insights', 'campaigns', 'notifications', 'deletions'];
  const EXTRA = window.SiloPages = window.SiloPages || {};
  const $ = id => document.getElementById(id);
  let me = null, stream = null, snapshot = null;

  // ---------- DOM helpers (textContent only: data never becomes markup) ----------
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k === 'class') node.className = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : String(c));
    return node;
  }
  const num = v => (v === null || v === undefined) ? '—' : Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 });
  const pct = v => (v === null || v === undefined) ? '—' : (Number(v) * 100).toFixed(1) + '%';
  // Cents only where they matter: a figure card holds "$36,043" but not "$36,042.56" on a laptop screen.
  const money = v => {
    const n = Number(v || 0), cents = Math.abs(n) >= 1000 ? 0 : 2;
    return n.toLocaleString('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: cents, maximumFractionDigits: cents });
  };
  function bytes(v) {
    let n = Number(v || 0), u = 0; const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    while (n >= 1024 && u < units.length - 1) { n /= 1024; u++; }
    return `${n.toFixed(u ? 1 : 0)} ${units[u]}`;
  }
  function ago(iso) {
    if (!iso) return '—';
    const s = (Date.now() - new Date(iso).getTime()) / 1000;
    if (Math.abs(s) < 60) return s >= 0 ? `${Math.round(s)} s ago` : `in ${Math.round(-s)} s`;
    if (Math.abs(s) < 3600) return s >= 0 ? `${Math.round(s / 60)} min ago` : `in ${Math.round(-s / 60)} min`;
    return new Date(iso).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  }
  const time = iso => iso ? new Date(iso).toISOString().slice(11, 19) : '—';
  const badge = s => h('span', { class: `badge ${String(s).replace(/[^a-z_]/gi, '')}` }, s);
  function table(columns, rows, empty) {
    if (!rows || rows.length === 0) return h('p', { class: 'muted' }, empty || 'Nothing to show.');
    return h('table', {},
      h('thead', {}, h('tr', {}, columns.map(c => h('th', { class: c.num ? 'num' : '' }, c.label)))),
      h('tbody', {}, rows.map(r => h('tr', {}, columns.map(c => h('td', { class: c.num ? 'num' : c.wrap ? 'wrap' : '' }, c.value(r)))))));
  }
  const figure = (label, value, delta) => h('div', { class: 'figure' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), delta || '');
  // A section whose read failed (the snapshot keeps the others) says why instead of going blank.
  const failed = (section, data) => h('div', { class: 'card unavailable' }, h('strong', {}, `${section}: could not be read`), ' ', data.error);

  // ---------- API ----------
  // The session cookie goes with every same-origin request; an expired or revoked session goes back to sign-in.
  function signIn() { location.assign(`/signin?returnUrl=${encodeURIComponent(location.pathname + location.hash)}`); }
  async function api(path, init) {
    const response = await fetch(path, { credentials: 'same-origin', ...(init || {}) });
    if (response.status === 401) { signIn(); throw new Error('unauthorized'); }
    return response;
  }

  // SSE over fetch (it reports 401/403, which EventSource hides); reconnects with backoff.
  async function connect() {
    const controller = new AbortController();
    stream = controller;
    let delay = 1000;
    while (!controller.signal.aborted) {
      try {
        const response = await fetch('/api/dashboard/stream', { credentials: 'same-origin', headers: { Accept: 'text/event-stream' }, signal: controller.signal });
        if (response.status === 401) { signIn(); return; }
        if (response.status === 403) { refused(); return; }
        if (!response.ok || !response.body) throw new Error(`stream ${response.status}`);
        setLive(true); delay = 1000;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end); buffer = buffer.slice(end + 2);
            const data = block.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).replace(/^ /, '')).join('\n');
            if (data) { snapshot = JSON.parse(data); render(); }
          }
        }
      } catch (e) {
        if (controller.signal.aborted) return;
      }
      setLive(false);
      await new Promise(r => setTimeout(r, delay));
      delay = Math.min(delay * 2, 15000);
    }
  }
  function setLive(on) { const l = $('live'); l.className = `live ${on ? 'on' : 'off'}`; l.textContent = on ? 'live' : 'reconnecting'; }

  // ---------- pages ----------
  function page() { const p = location.hash.slice(1).split('/')[0]; return PAGES.includes(p) ? p : 'media'; }
  function show() {
    if (!me) return;
    const current = page();
    for (const p of PAGES) $(`page-${p}`).hidden = p !== current;
    const tab = current === 'post' ? 'library' : current === 'batch' ? 'batches' : current;
    for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.page === tab);
    document.title = `Silo · ${current[0].toUpperCase()}${current.slice(1)}`;
    if (EXTRA[current]) EXTRA[current](decodeURIComponent(location.hash.slice(1).split('/').slice(1).join('/')));
  }

  function render() {
    if (!snapshot) return;
    renderMedia(snapshot.media);
    renderPublishing(snapshot.publishing);
    renderInsights(snapshot.insights);
  }

  function renderMedia(m) {
    const root = $('media');
    if (!m) return;
    if (m.error) { root.replaceChildren(failed('Media', m)); return; }
    const posts = m.posts || {};
    const rate = m.error_rate || 0;
    root.replaceChildren(
      h('div', { class: 'figures' },
        figure('Archived', num(posts.archived)), figure('Pending', num(posts.pending)),
        figure('Failed', num(posts.failed)), figure('Skipped', num(posts.skipped)),
        figure('Bytes stored', m.storage ? bytes(m.storage.bytes_stored) : '—'),
        figure('Saved by dedup', m.storage ? bytes(m.storage.bytes_saved_by_dedup) : '—'),
        figure('Error rate', h('span', { class: rate > m.alert_error_rate ? 'error' : '' }, pct(rate)),
          h('div', { class: 'delta muted' }, `${num(m.attempts_in_window)} attempts in ${num(m.error_rate_window_seconds / 60)} min · alert line ${pct(m.alert_error_rate)}`))),
      h('div', { class: 'columns' },
        h('div', { class: 'card' }, h('h2', {}, 'Recent failures'), table([
          { label: 'Post', value: r => h('span', { class: 'mono' }, r.post_id) },
          { label: 'When', value: r => ago(r.at) },
          { label: 'Error', wrap: true, value: r => describeError(r.error) }], m.recent_failures, 'No failed post.')),
        h('div', { class: 'card' }, h('h2', {}, 'Media alerts'), table([
          { label: 'When', value: r => ago(r.at) }, { label: 'Kind', value: r => r.kind || '—' },
          { label: 'Message', wrap: true, value: r => r.message },
          { label: 'Status', value: r => badge(r.resolved ? 'resolved' : 'open') }], m.alerts, 'No alert.'))),
      h('div', { class: 'card' }, h('h2', {}, 'History backfills'), table([
        { label: 'Walk', value: b => h('span', { class: 'mono' }, b.id) },
        { label: 'Status', value: b => badge(b.status) },
        { label: 'Pages', num: true, value: b => num(b.pagesRead) },
        { label: 'Oldest reached', value: b => b.oldestReached ? b.oldestReached.slice(0, 10) : '—' },
        { label: 'Posts', value: b => backfillBar(b) },
        { label: 'Last error', wrap: true, value: b => b.lastError || '' }], m.backfills, 'No backfill is running.')),
      h('div', { class: 'card' }, h('h2', {}, 'Patreon crawls'), table([
        { label: 'Campaign', value: c => h('span', { class: 'mono' }, c.campaignId) },
        { label: 'Status', value: c => badge(c.status) },
        { label: 'Phase', value: c => c.phase },
        { label: 'Listed', num: true, value: c => num(c.postsFound) },
        { label: 'Posts', value: c => backfillBar(c) },
        { label: 'Last error', wrap: true, value: c => c.lastError || '' }], m.patreon_crawls || [], 'No Patreon crawl is running.')),
      h('div', { class: 'card', id: 'transcript-backfills' }, h('h2', {}, 'Transcript backfills'), table([
        { label: 'Tenant', value: b => b.tenant },
        { label: 'Source', value: b => b.source || 'all' },
        { label: 'Status', value: b => badge(b.status) },
        { label: 'Files', value: b => transcriptBar(b) },
        { label: 'Last error', wrap: true, value: b => b.lastError || '' }], m.transcript_backfills || [],
        'No transcript backfill is running (POST /api/media/transcripts/backfill transcribes files archived before transcription was on).')));
  }

  // A bar per transcript backfill: files whose transcription has settled (done, failed, skipped) of those found.
  function transcriptBar(b) {
    const bar = h('div', { class: 'progress' }, h('div', {}));
    bar.firstChild.style.width = `${Math.round((b.progress || 0) * 100)}%`;
    return h('div', { 'data-backfill': b.id }, bar, h('span', { class: 'muted' },
      `${num(b.done)} transcribed · ${num(b.failed)} failed · ${num(b.skipped)} without sound · ${num(b.inProgress)} in progress · ${num(b.filesHanded)} of ${num(b.filesFound)} handed on`));
  }

  // A bar per walk: posts settled (archived, failed, skipped) of those found so far.
  function backfillBar(b) {
    const bar = h('div', { class: 'progress' }, h('div', {}));
    bar.firstChild.style.width = `${Math.round((b.progress || 0) * 100)}%`;
    return h('div', {}, bar, h('span', { class: 'muted' },
      `${num(b.archived)} archived · ${num(b.failed)} failed · ${num(b.inProgress)} in progress of ${num(b.postsFound)} found`));
  }

  // Seed 000 keeps the last error as JSON {message, type, timestamp, attempt}; show it as a sentence.
  function describeError(error) {
    try {
      const e = JSON.parse(error);
      if (e && typeof e === 'object' && e.message) return `${e.message}${e.type ? ` (${e.type}` : ''}${e.attempt ? `, attempt ${e.attempt}` : ''}${e.type ? ')' : ''}`;
    } catch { /* plain text */ }
    return error;
  }

  function renderPublishing(p) {
    const root = $('publishing');
    if (!p) return;
    if (p.error) { root.replaceChildren(failed('Publishing', p)); return; }
    const manager = me && (me.permissions || []).some(x => x === 'manager' || x === 'admin');
    root.replaceChildren(
      h('div', { class: 'figures' }, (p.batches_by_status || []).map(s => figure(`Batches ${s.status}`, num(s.n)))),
      h('div', { class: 'card' }, h('h2', {}, 'Active batches'), table([
        { label: 'Batch', value: b => h('span', { class: 'mono' }, b.batch_id) },
        { label: 'Status', value: b => badge(b.status) },
        { label: 'Mode', value: b => b.publish_mode },
        { label: 'Started', value: b => ago(b.created_at) },
        { label: 'Clips', value: b => clipBar(b.clips) },
      ], p.active_batches, 'No batch is in progress.')),
      h('div', { class: 'card' }, h('h2', {}, 'Unconfirmed clips (waiting for a decision)'), table([
        { label: 'Batch', value: c => h('span', { class: 'mono' }, c.batch_id) },
        { label: 'Clip', num: true, value: c => num(c.clip_index) },
        { label: 'Title', value: c => c.title || '—' },
        { label: 'Why', wrap: true, value: c => c.error || '' },
        { label: '', value: c => manager
            ? h('span', {}, h('button', { class: 'small', title: 'Look the clip up in Metricool again; publish it only if it is not there', onclick: () => decide(c.batch_id, 'retry') }, 'Resume'), ' ',
                h('button', { class: 'small secondary', title: 'Leave this clip out and go on with the next', onclick: () => decide(c.batch_id, 'skip') }, 'Skip'))
            : h('span', { class: 'muted' }, 'manager only') },
      ], p.unconfirmed_clips, 'No clip is waiting for a decision.')));
  }

  function clipBar(clips) {
    const done = clips.filter(c => c.status === 'published').length;
    const bar = h('div', { class: 'progress' }, h('div', {}));
    bar.firstChild.style.width = `${clips.length ? (100 * done) / clips.length : 0}%`;
    return h('div', {}, h('div', { class: 'clips' }, clips.map(c => h('span', { class: `clip ${c.status}`, title: `${c.index}: ${c.title || ''} (${c.status})` }, c.index))),
      bar, h('span', { class: 'muted' }, `${done} of ${clips.length} published`));
  }

  // The publishing module's own route: a paused batch resumes, and its unconfirmed clip is looked up
  // again (action=retry, created only if Metricool does not have it) or left out (action=skip).
  async function decide(batchId, action) {
    const response = await api(`/api/metricool/batches/${encodeURIComponent(batchId)}/resume?action=${action}`, { method: 'POST' });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      alert(`${action === 'skip' ? 'Skip' : 'Resume'} failed: ${problem.detail || `the gateway answered ${response.status}`}.`);
    }
  }

  function renderInsights(i) {
    const root = $('insights');
    if (!i) return;
    if (i.error) { root.replaceChildren(failed('Insights', i)); return; }
    const cur = i.current || {}, prev = i.previous || {};
    const versus = (k, fmt) => {
      const a = cur[k] || 0, b = prev[k] || 0;
      if (!b) return h('div', { class: 'delta muted' }, 'no previous period');
      const change = (a - b) / b;
      // A cost per click going up is bad news: colour by whether the change is good, arrow by direction.
      const good = k === 'cpc' ? change <= 0 : change >= 0;
      return h('div', { class: `delta ${good ? 'up' : 'down'}` }, `${change >= 0 ? '▲' : '▼'} ${pct(Math.abs(change))} vs ${fmt(b)}`);
    };
    const chart = h('div', { class: 'chart' });
    root.replaceChildren(
      h('p', { class: 'muted' }, 'Last 7 days against the 7 days before (campaign level).'),
      h('div', { class: 'figures' },
        figure('Spend', money(cur.spend), versus('spend', money)), figure('Impressions', num(cur.impressions), versus('impressions', num)),
        figure('Clicks', num(cur.clicks), versus('clicks', num)), figure('Conversions', num(cur.conversions), versus('conversions', num)),
        figure('Revenue', money(cur.revenue), versus('revenue', money)), figure('CTR', `${num(cur.ctr)}%`, versus('ctr', num)),
        figure('CPC', money(cur.cpc), versus('cpc', money)), figure('ROAS', num(cur.roas), versus('roas', num))),
      h('div', { class: 'card' }, h('h2', {}, 'Spend and ROAS, last 28 days'), chart),
      h('div', { class: 'columns' },
        h('div', { class: 'card' }, h('h2', {}, 'Top campaigns (7 days)'), table([
          { label: 'Campaign', value: c => h('a', { href: `#campaigns/campaign/${encodeURIComponent(c.campaign_id)}` }, c.name || c.campaign_id) },
          { label: 'Spend', num: true, value: c => money(c.spend) }, { label: 'Revenue', num: true, value: c => money(c.revenue) },
          { label: 'ROAS', num: true, value: c => num(c.roas) }], i.top_campaigns, 'No campaign data yet.')),
        h('div', { class: 'card' }, h('h2', {}, 'Last syncs'), table([
          { label: 'Started', value: s => ago(s.started_at) }, { label: 'Type', value: s => s.type },
          { label: 'Mode', value: s => s.mode }, { label: 'Entities', num: true, value: s => `${num(s.entities_ok + s.entities_failed)}${s.expected_entities ? ` / ${num(s.expected_entities)}` : ''}` },
          { label: 'Rows', num: true, value: s => num(s.rows) },
          { label: 'Seconds', num: true, value: s => num(s.duration_seconds) },
          // A scheduled run has no expected count: it is done when its entities have reported.
          { label: 'Result', value: s => badge(s.entities_failed > 0 ? 'failed'
              : (s.expected_entities !== null && s.entities_ok < s.expected_entities) || !s.finished_at ? 'processing' : 'completed') }],
          i.last_syncs, 'No sync has run yet.'),
          h('h3', {}, 'Rate limits per ad account'), table([
            { label: 'Account', value: a => h('span', { class: 'mono', title: a.name }, a.account_id) },
            { label: 'State', value: a => badge(a.status !== 'active' ? a.status : a.throttled ? 'paused' : 'ok') },
            { label: 'Usage', num: true, value: a => a.usage_percent === null ? '—' : `${num(a.usage_percent)}%` },
            { label: 'Until', value: a => a.throttled ? ago(a.throttled_until) : '—' },
            { label: 'Why', wrap: true, value: a => a.throttled ? a.throttle_reason || '' : '' }], i.rate_limits, 'No ad account is connected.'))),
      h('div', { class: 'card' }, h('h2', {}, 'Insights alerts'), table([
        { label: 'When', value: r => ago(r.at) }, { label: 'Account', value: r => h('span', { class: 'mono' }, r.account_id) },
        { label: 'Kind', value: r => r.kind }, { label: 'Message', wrap: true, value: r => r.message },
        { label: 'Status', value: r => badge(r.resolved ? 'resolved' : 'open') }], i.alerts, 'No alert.')));
    SiloCharts.line(chart, i.daily || [], {
      title: 'Spend and ROAS', xLabel: p => p.day,
      series: [{ key: 'spend', label: 'spend', color: '#2f6fde', format: v => `$${Math.round(v)}` },
               { key: 'roas', label: 'ROAS (right)', color: '#1f9d55', axis: 'right' }],
    });
  }

  // What library.js draws with: the same helpers, so its pages look and behave like these.
  window.SiloUi = { h, num, bytes, ago, badge, table, api, describeError,
    manager: () => !!me && (me.permissions || []).some(x => x === 'manager' || x === 'admin'),
    admin: () => !!me && (me.permissions || []).includes('admin'),
    tenant: () => me && me.tenant,
    allTenants: () => !!me && me.tenant === '*' };

  // ---------- start ----------
  function refused() {
    $('refused').hidden = false;
    for (const p of PAGES) $(`page-${p}`).hidden = true;
  }

  document.addEventListener('DOMContentLoaded', async () => {
    window.addEventListener('hashchange', show);
    const response = await fetch('/api/dashboard/me', { credentials: 'same-origin' });
    if (response.status === 401) { signIn(); return; }
    if (response.status === 403) { $('session').hidden = false; refused(); return; }
    if (!response.ok) { $('refused').textContent = `The gateway answered ${response.status}.`; $('refused').hidden = false; return; }
    me = await response.json();
    // The Orleans Dashboard lists every tenant's grains: only a key of tenant * may open it (a tenant's key gets 403 there).
    if (me.tenant !== '*') $('orleans-link').remove();
    $('nav').hidden = false; $('session').hidden = false;
    $('who').textContent = `${me.name} · ${(me.permissions || []).join(', ')}`;
    show();
    connect();
  });
})();
