// Silo dashboard: sign in with an API key (kept in sessionStorage for this tab), then render each
// section from the snapshots the gateway pushes over Server-Sent Events. No framework, no CDN.
'use strict';
(function () {
  const KEY = 'silo.dashboard.key';
  const PAGES = ['cluster', 'grains', 'media', 'publishing', 'insights'];
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
  function key() { return sessionStorage.getItem(KEY); }
  async function api(path, init) {
    const response = await fetch(path, { ...(init || {}), headers: { ...((init && init.headers) || {}), Authorization: `Bearer ${key()}` } });
    if (response.status === 401) { signOut('Your key was refused; sign in again.'); throw new Error('unauthorized'); }
    return response;
  }

  async function signIn(candidate) {
    const response = await fetch('/api/dashboard/me', { headers: { Authorization: `Bearer ${candidate}` } });
    if (response.status === 401) return 'Unknown or revoked key.';
    if (response.status === 403) return 'This key does not have analytics:read.';
    if (!response.ok) return `The gateway answered ${response.status}.`;
    me = await response.json();
    sessionStorage.setItem(KEY, candidate);
    return null;
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY);
    me = null; snapshot = null;
    if (stream) { stream.abort(); stream = null; }
    $('nav').hidden = true; $('session').hidden = true;
    for (const p of PAGES) $(`page-${p}`).hidden = true;
    $('sign-in').hidden = false;
    const error = $('sign-in-error');
    error.hidden = !message; error.textContent = message || '';
  }

  // SSE over fetch so the key travels in a header, never in a URL; reconnects with backoff.
  async function connect() {
    const controller = new AbortController();
    stream = controller;
    let delay = 1000;
    while (!controller.signal.aborted) {
      try {
        const response = await fetch('/api/dashboard/stream', { headers: { Authorization: `Bearer ${key()}`, Accept: 'text/event-stream' }, signal: controller.signal });
        if (response.status === 401 || response.status === 403) { signOut('Your key was refused; sign in again.'); return; }
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
  function page() { const p = location.hash.slice(1); return PAGES.includes(p) ? p : 'cluster'; }
  function show() {
    if (!me) return;
    const current = page();
    for (const p of PAGES) $(`page-${p}`).hidden = p !== current;
    for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.page === current);
    document.title = `Silo · ${current[0].toUpperCase()}${current.slice(1)}`;
  }

  function render() {
    if (!snapshot) return;
    renderCluster(snapshot.cluster);
    renderGrains(snapshot.grains);
    renderMedia(snapshot.media);
    renderPublishing(snapshot.publishing);
    renderInsights(snapshot.insights);
  }

  function renderCluster(c) {
    if (!c) return;
    const last = c.history.length ? c.history[c.history.length - 1] : null;
    $('cluster-figures').replaceChildren(
      figure('Nodes alive', `${c.aliveNodes} / ${c.nodes.length}`),
      figure('Turns/s', num(c.turnsPerSecond)),
      figure('Failed turns/s', num(c.failuresPerSecond)),
      figure('Error rate', pct(last ? last.errorRate : 0)),
      figure('Running turns', num(c.nodes.reduce((s, n) => s + n.runningTurns, 0))));
    SiloCharts.line($('chart-turns'), c.history, {
      title: 'Turns per second',
      xLabel: p => time(p.at),
      series: [
        { key: 'turnsPerSecond', label: 'turns/s', color: '#2f6fde' },
        { key: 'failuresPerSecond', label: 'failed turns/s', color: '#d64545' },
        { key: 'errorRate', label: 'error rate (right)', color: '#d98b04', axis: 'right', format: v => `${Math.round(v * 100)}%` },
      ],
    });
    $('nodes').replaceChildren(table([
      { label: 'Node', value: n => h('span', { class: 'mono' }, n.nodeId) },
      { label: 'Status', value: n => badge(n.status) },
      { label: 'Role', value: n => n.role },
      { label: 'Address', value: n => n.address || '—' },
      { label: 'Version', value: n => n.version },
      { label: 'Started', value: n => ago(n.startedAt) },
      { label: 'Last heartbeat', value: n => ago(n.lastHeartbeatAt) },
      { label: 'Running turns', num: true, value: n => num(n.runningTurns) },
      { label: 'Turns/s', num: true, value: n => num(n.turnsPerSecond) },
      { label: 'Turns', num: true, value: n => num(n.turnsCompleted) },
      { label: 'Failed', num: true, value: n => num(n.turnsFailed) },
    ], c.nodes, 'No node has joined yet.'));
  }

  function renderGrains(g) {
    if (!g) return;
    $('grain-types').replaceChildren(table([
      { label: 'Type', value: r => h('strong', { class: 'nowrap' }, r.grain_type) },
      { label: 'Grains', num: true, value: r => num(r.grains) },
      { label: 'Running', num: true, value: r => num(r.running) },
      { label: 'Runnable', num: true, value: r => num(r.runnable) },
      { label: 'Scheduled', num: true, value: r => num(r.scheduled) },
      { label: 'Idle', num: true, value: r => num(r.idle) },
      { label: 'Inbox', num: true, value: r => num(r.pending) },
      { label: 'Handled/s', num: true, value: r => num(r.handled_per_second) },
      { label: 'Retrying', num: true, value: r => num(r.retrying) },
      { label: 'Parked', num: true, value: r => r.parked ? h('span', { class: 'error' }, num(r.parked)) : '0' },
      { label: 'Reminders due', num: true, value: r => num(r.reminders_due) },
      { label: 'Overdue', num: true, value: r => r.reminders_overdue ? h('span', { class: 'error' }, num(r.reminders_overdue)) : '0' },
      { label: 'Next reminder', value: r => ago(r.next_reminder_at) },
      { label: 'Turns (this node)', num: true, value: r => num(r.node_turns) },
      { label: 'Failures (this node)', num: true, value: r => num(r.node_failures) },
    ], g.types, 'No grain has been addressed yet.'));
    $('next-reminders').replaceChildren(table([
      { label: 'Grain', value: r => grainLink(r.grain_id) },
      { label: 'Reminder', value: r => r.name },
      { label: 'Due', value: r => ago(r.due_at) },
      { label: 'Period', value: r => r.period_seconds ? `${num(r.period_seconds)} s` : 'once' },
    ], g.next_reminders, 'No reminder is registered.'));
    $('recent-errors').replaceChildren(table([
      { label: 'Grain', value: r => grainLink(r.grain_id) },
      { label: 'Message', value: r => r.message_type },
      { label: 'Attempts', num: true, value: r => num(r.attempts) },
      { label: 'Error', wrap: true, value: r => h('span', {}, r.parked ? badge('parked') : '', ' ', r.last_error) },
    ], g.recent_errors, 'No message is failing.'));
  }

  function grainLink(id) {
    return h('a', { href: '#grains', class: 'mono', onclick: e => { e.preventDefault(); $('grain-id').value = id; openGrain(id); } }, id);
  }

  async function openGrain(id) {
    const target = $('grain-detail');
    const response = await api(`/api/dashboard/grain?id=${encodeURIComponent(id)}`);
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      const detail = problem.errors ? Object.values(problem.errors).flat().join(' ') : problem.detail;
      target.replaceChildren(h('p', { class: 'error' }, detail || `The gateway answered ${response.status}.`));
      return;
    }
    const g = await response.json();
    target.replaceChildren(
      h('h2', {}, 'Grain ', h('span', { class: 'mono' }, g.grain_id)),
      h('div', { class: 'figures' },
        figure('Fence', num(g.fence)), figure('Lease owner', g.lease_owner || 'none'),
        figure('Next run', ago(g.next_run_at)), figure('Last state change', ago(g.updated_at))),
      h('div', { class: 'columns' },
        h('div', {}, h('h3', {}, 'Timeline'), h('div', { class: 'timeline' }, table([
          { label: 'When', value: e => ago(e.at) }, { label: 'What', value: e => badge(e.kind) },
          { label: 'Item', value: e => e.what }, { label: 'Detail', wrap: true, value: e => e.detail }], g.timeline))),
        h('div', {}, h('h3', {}, 'Current state'),
          h('pre', { class: 'state' }, g.state ? JSON.stringify(g.state, null, 2) : 'Kept in the module\'s own tables (see its section).'),
          h('h3', {}, 'Reminders'), table([
            { label: 'Name', value: r => r.name }, { label: 'Due', value: r => ago(r.due_at) },
            { label: 'Attempts', num: true, value: r => num(r.attempts) }, { label: 'Error', wrap: true, value: r => r.last_error || '' }],
          g.reminders, 'None.'))));
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
          { label: 'Status', value: r => badge(r.resolved ? 'resolved' : 'open') }], m.alerts, 'No alert.'))));
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
          { label: 'Campaign', value: c => c.name || h('span', { class: 'mono' }, c.campaign_id) },
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

  // ---------- start ----------
  async function start() {
    $('sign-in').hidden = true;
    $('nav').hidden = false; $('session').hidden = false;
    $('who').textContent = me ? `${me.name} · ${(me.permissions || []).join(', ')}` : '';
    show();
    connect();
  }

  document.addEventListener('DOMContentLoaded', async () => {
    $('sign-in-form').addEventListener('submit', async e => {
      e.preventDefault();
      const candidate = $('key').value.trim();
      const error = await signIn(candidate);
      if (error) { const el = $('sign-in-error'); el.textContent = error; el.hidden = false; return; }
      $('key').value = '';
      start();
    });
    $('sign-out').addEventListener('click', () => signOut());
    $('grain-search').addEventListener('submit', e => { e.preventDefault(); const id = $('grain-id').value.trim(); if (id) openGrain(id); });
    window.addEventListener('hashchange', show);
    const saved = key();
    if (saved) {
      const error = await signIn(saved);
      if (error) signOut(error); else start();
    }
  });
})();
