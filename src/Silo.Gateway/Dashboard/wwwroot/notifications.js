// Silo dashboard: notifications (#notifications, #notifications/<id> for one destination's delivery log): the key's
// destinations with where each one's delivery stands, for managers a form to add one (a webhook's signing secret is shown
// once, then never again; email only where the operator configured an SMTP relay, else the form says why), "Send a test
// event", "Resume" (a destination paused for failing too long) and "Delete". Everything comes from /api/notifications.
'use strict';
(function () {
  const ui = () => window.SiloUi;
  const $ = id => document.getElementById(id);
  let secretOnce = null;

  async function problem(response) {
    const body = await response.json().catch(() => ({}));
    return body;
  }

  function problemView(body, status) {
    const { h } = ui();
    return h('div', { class: 'error', role: 'alert' }, h('strong', {}, body.title || `The gateway answered ${status}`),
      body.errors ? h('ul', { id: 'destination-errors' }, Object.entries(body.errors).map(([field, messages]) =>
        h('li', { 'data-field': field }, h('span', { class: 'mono' }, field), ': ', messages.join(' ')))) : h('p', {}, body.detail || ''));
  }

  async function notifications(id) {
    const { h, table, ago, badge } = ui();
    const root = $('notifications');
    const [listed, types, kindsAnswer] = await Promise.all([ui().api('/api/notifications/destinations'),
      ui().api('/api/notifications/event-types'), ui().api('/api/notifications/destination-kinds')]);
    if (!listed.ok) { root.replaceChildren(problemView(await problem(listed), listed.status)); return; }
    const destinations = await listed.json();
    const eventTypes = types.ok ? await types.json() : [];
    const kinds = kindsAnswer.ok ? await kindsAnswer.json() : [];
    const state = d => d.pausedAt ? badge('paused') : d.failedAttempts > 0 ? badge('retrying') : badge('ok');
    const list = h('div', { class: 'card' }, h('h2', {}, 'Notification destinations'), h('div', { id: 'destination-list' }, table([
      { label: 'Name', value: d => h('a', { href: `#notifications/${d.id}`, 'data-destination': d.id }, d.name) },
      { label: 'Kind', value: d => d.kind },
      { label: 'URL or addresses', wrap: true, value: d => h('span', { class: 'mono' }, d.url.startsWith('mailto:') ? d.url.slice(7).split(',').join(', ') : d.url) },
      { label: 'Events', wrap: true, value: d => d.events.join(', ') },
      { label: 'State', value: state },
      { label: 'Failed tries', num: true, value: d => d.failedAttempts },
      { label: 'Next try', value: d => d.nextTryAt ? ago(d.nextTryAt) : '—' }], destinations, 'No destination yet.')));
    root.replaceChildren(ui().manager() ? form(eventTypes, kinds) : '', list, h('div', { id: 'destination' }));
    if (id) await destination(id);
  }

  // ---------- a new destination (managers) ----------
  // The API's validator is the one rule: its ProblemDetails are shown field by field.
  const kindLabels = { webhook: 'signed webhook', slack: 'Slack-compatible', email: 'email' };

  function form(eventTypes, kinds) {
    const { h } = ui();
    const status = h('div', { id: 'destination-status', role: 'status' });
    const email = kinds.find(k => k.kind === 'email');
    const url = h('label', { class: 'grow', id: 'destination-url' }, 'URL', h('input', { name: 'url', type: 'url' }));
    const addresses = h('label', { class: 'grow', id: 'destination-addresses', hidden: true }, 'Email addresses (comma-separated)',
      h('input', { name: 'addresses', type: 'text', autocomplete: 'email' }));
    const kind = h('select', { name: 'kind' }, (kinds.length ? kinds : [{ kind: 'webhook', available: true }, { kind: 'slack', available: true }]).map(k =>
      h('option', { value: k.kind, disabled: !k.available, title: k.reason || '' }, (kindLabels[k.kind] || k.kind) + (k.available ? '' : ' (not configured)'))));
    // Email needs the operator's SMTP relay: without one it is shown disabled, and why.
    const why = email && !email.available ? h('p', { class: 'muted', id: 'email-unavailable' }, `Email: ${email.reason}`) : '';
    kind.addEventListener('change', () => { const mail = kind.value === 'email'; url.hidden = mail; addresses.hidden = !mail; });
    const f = h('form', { class: 'filters publish', id: 'destination-form', novalidate: true },
      h('label', {}, 'Name', h('input', { name: 'name' })),
      h('label', {}, 'Kind', kind), url, addresses,
      h('fieldset', { class: 'events' }, h('legend', {}, 'Events'),
        eventTypes.map(t => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'events', value: t }), t))),
      h('button', { type: 'submit' }, 'Add destination'));
    f.addEventListener('submit', async e => {
      e.preventDefault();
      const data = new FormData(f);
      const body = { name: String(data.get('name') || ''), kind: data.get('kind'), events: data.getAll('events') };
      if (body.kind === 'email') body.addresses = String(data.get('addresses') || '').split(/[,;\s]+/).filter(a => a);
      else body.url = String(data.get('url') || '').trim();
      const response = await ui().api('/api/notifications/destinations', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (response.status !== 201) { status.replaceChildren(problemView(await problem(response), response.status)); return; }
      const created = await response.json();
      // The destination's page, opened by the hash change, shows the secret this once.
      secretOnce = { id: String(created.destination.id), secret: created.secret };
      location.hash = `#notifications/${created.destination.id}`;
    });
    return h('div', { class: 'card' }, h('h2', {}, 'Add a destination'), f, why, status);
  }

  // ---------- one destination's delivery log ----------
  async function destination(id) {
    const { h, table, ago, badge } = ui();
    const box = $('destination');
    const response = await ui().api(`/api/notifications/destinations/${encodeURIComponent(id)}?limit=50`);
    if (!response.ok) { box.replaceChildren(h('div', { class: 'card' }, problemView(await problem(response), response.status))); return; }
    const { destination: d, deliveries } = await response.json();
    const status = h('p', { id: 'destination-command', class: 'muted', role: 'status' });
    const commands = !ui().manager() ? '' : h('p', { class: 'commands' },
      d.pausedAt ? h('button', { class: 'small', 'data-command': 'resume', onclick: async () => {
        const r = await ui().api(`/api/notifications/destinations/${d.id}/resume`, { method: 'POST' });
        if (r.ok) { await notifications(String(d.id)); return; }
        status.textContent = `Not resumed: ${(await problem(r)).detail || r.status}`;
      } }, 'Resume') : '',
      h('button', { class: 'small', 'data-command': 'test', onclick: async () => {
        const r = await ui().api(`/api/notifications/destinations/${d.id}/test`, { method: 'POST' });
        status.textContent = r.ok ? `Test event ${(await r.json()).eventId} queued.` : `Not queued: ${(await problem(r)).detail || r.status}`;
      } }, 'Send a test event'),
      h('button', { class: 'small danger', 'data-command': 'delete', onclick: async () => {
        const r = await ui().api(`/api/notifications/destinations/${d.id}`, { method: 'DELETE' });
        if (r.ok) { location.hash = '#notifications'; return; }
        status.textContent = `Not deleted: ${(await problem(r)).detail || r.status}`;
      } }, 'Delete'));
    const secret = secretOnce && secretOnce.id === String(d.id) && secretOnce.secret;
    secretOnce = null;
    box.replaceChildren(secret ? h('p', { class: 'card', id: 'destination-secret' },
      'Signing secret (shown this once; receivers check Silo-Signature with it): ', h('span', { class: 'mono' }, secret)) : '',
      h('div', { class: 'card' },
      h('h2', {}, 'Deliveries to ', h('span', { id: 'destination-name' }, d.name)),
      d.pausedAt ? h('p', { class: 'error', id: 'destination-paused', role: 'alert' },
        `Paused ${ago(d.pausedAt)}: it had been failing since ${ago(d.failingSince)}. Nothing is sent until it is resumed; what waits is then delivered, in order.`) : '',
      h('p', { class: 'muted' }, `Delivered through event ${d.deliveredThrough}`, d.failedAttempts ? ` · ${d.failedAttempts} failed tries at the next one` + (d.pausedAt ? '' : `, next try ${ago(d.nextTryAt)}`) : ''),
      commands, status,
      h('div', { id: 'deliveries' }, table([
        { label: 'Event', num: true, value: a => a.eventId },
        { label: 'Type', value: a => a.eventType },
        { label: 'Try', num: true, value: a => a.attempt },
        { label: 'At', value: a => ago(a.attemptedAt) },
        { label: 'Outcome', value: a => badge(a.outcome) },
        { label: d.kind === 'email' ? 'SMTP' : 'HTTP', num: true, value: a => a.statusCode ?? '—' },
        { label: 'Error', wrap: true, value: a => a.error || '' },
        { label: 'Next try', value: a => a.nextTryAt ? ago(a.nextTryAt) : '—' }], deliveries, 'Nothing sent yet.'))));
  }

  window.SiloPages = Object.assign(window.SiloPages || {}, { notifications });
})();
