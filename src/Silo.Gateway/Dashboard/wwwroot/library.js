// Silo dashboard: the media library (#library), one post (#post/<id>, with each file's transcript as
// text and as captions on its player) and failures by reason (#failures), read from the posts API
// (/api/posts…). The library's search looks in messages and transcripts; a post holding a file the latest integrity scrub
// could not repair carries a "damaged" badge and a notice saying which file, what was found and what to do. Images and videos are only ever rendered from
// an archived copy (publicUrl: this gateway's /media/… or the store), never from a post's original
// link, and the page's CSP allows nothing else. Original links are shown as links, https only.
'use strict';
(function () {
  const ui = () => window.SiloUi;
  const $ = id => document.getElementById(id);
  const SOURCES = ['facebook', 'instagram', 'patreon', 'youtube', 'manual'];
  const STATUSES = ['pending', 'downloading', 'success', 'error', 'skipped'];
  const PAGE_SIZE = 24;
  const filters = { page: 1 };

  async function problem(response) {
    const body = await response.json().catch(() => ({}));
    const details = body.errors ? Object.entries(body.errors).map(([k, v]) => `${k} ${v.join(' ')}`).join('; ') : '';
    return details || body.detail || body.title || `the gateway answered ${response.status}`;
  }

  const isWebLink = url => /^https?:\/\//i.test(url || '');
  // Only archived copies are drawn; the CSP would refuse anything but this origin and the store anyway.
  // A grid tile (small) draws the file's preview where it has one — a large image's small copy, a
  // video's first frame as its poster without fetching the video — so a page of tiles loads fast.
  // A finished transcript plays as captions (a <track>) on the post's page; its WebVTT comes from this origin through the
  // posts API (a store's own URL would need CORS), which answers only a viewer of the post's tenant.
  function archivedMedia(item, attrs, small, captions) {
    const { h } = ui();
    const mime = item.mimeType || '';
    const track = captions ? h('track', { kind: 'captions', src: captions.src, srclang: captions.language || undefined,
      label: captions.language ? `Transcript (${captions.language})` : 'Transcript', default: true }) : '';
    if (mime.startsWith('audio/') || (item.kind === 'audio' && !mime.startsWith('image/'))) {
      if (small) return h('div', { class: 'thumb none' }, 'Audio');
      return h('audio', { src: item.publicUrl, preload: 'metadata', controls: true, ...attrs }, track);
    }
    if (mime.startsWith('video/') || item.kind === 'video')
      return h('video', { src: item.publicUrl, poster: item.previewUrl || undefined, preload: small && item.previewUrl ? 'none' : 'metadata',
        controls: true, muted: true, playsinline: true, ...attrs }, track);
    return h('img', { src: (small && item.previewUrl) || item.publicUrl, loading: 'lazy', alt: item.slot, ...attrs });
  }

  const captionsUrl = (postId, slot) => `/api/posts/${encodeURIComponent(postId)}/transcripts/${encodeURIComponent(slot)}/vtt`;

  // A file's transcript under its player: the text once done, else where it stands (and why, when it failed or was skipped).
  function transcriptOf(t) {
    const { h, badge, ago } = ui();
    if (!t) return '';
    return h('div', { class: 'transcript', 'data-slot': t.slot },
      h('h3', {}, 'Transcript ', badge(t.status), t.language ? h('span', { class: 'muted' }, ` ${t.language}`) : ''),
      t.status === 'done'
        ? [h('p', { class: 'transcript-text' }, t.text || h('span', { class: 'muted' }, '(nothing was heard)')),
           h('p', { class: 'muted' }, isArchived(t.textUrl) ? h('a', { href: t.textUrl, target: '_blank' }, 'text file') : '',
             isArchived(t.vttUrl) ? [' · ', h('a', { href: t.vttUrl, target: '_blank' }, 'WebVTT file')] : '', ` · finished ${ago(t.finishedAt)}`)]
        : h('p', { class: t.status === 'failed' ? 'error' : 'muted' },
            t.error ? `${t.error}${t.errorType ? ` (${t.errorType})` : ''}` : t.nextRetryAt ? `retrying ${ago(t.nextRetryAt)}` : 'waiting for its turn'));
  }
  // Links to stored files only: this gateway's /media/… or the store's own https URL.
  const isArchived = url => /^(\/media\/|https?:\/\/)/i.test(url || '');

  function select(name, label, values) {
    const { h } = ui();
    return h('label', {}, label, h('select', { name }, h('option', { value: '' }, 'any'),
      values.map(v => h('option', { value: v, selected: filters[name] === v }, v))));
  }

  // ---------- the grid ----------
  async function library() {
    const { h } = ui();
    const root = $('library');
    const form = h('form', { class: 'filters', id: 'library-filters' },
      select('source', 'Source', SOURCES), select('status', 'Status', STATUSES), select('kind', 'Media', ['image', 'video', 'audio']),
      h('label', {}, 'Stored files', h('select', { name: 'damaged' }, h('option', { value: '' }, 'any'),
        h('option', { value: 'true', selected: filters.damaged === 'true' }, 'damaged (scrub)'),
        h('option', { value: 'false', selected: filters.damaged === 'false' }, 'sound'))),
      h('label', {}, 'From', h('input', { type: 'date', name: 'from', value: filters.from || '' })),
      h('label', {}, 'To', h('input', { type: 'date', name: 'to', value: filters.to || '' })),
      ui().allTenants() ? h('label', {}, 'Tenant', h('input', { name: 'tenant', value: filters.tenant || '', placeholder: 'all' })) : '',
      h('label', { class: 'grow' }, 'Message or transcript contains', h('input', { type: 'search', name: 'q', value: filters.q || '' })),
      h('button', { type: 'submit' }, 'Show'));
    form.addEventListener('submit', e => {
      e.preventDefault();
      for (const [k, v] of new FormData(form)) filters[k] = String(v).trim() || undefined;
      filters.page = 1;
      draw();
    });
    const results = h('div', { id: 'library-results' });
    root.replaceChildren(h('div', { class: 'card' }, h('h2', {}, 'Media library'), form), results);

    async function draw() {
      const query = new URLSearchParams({ page: filters.page, pageSize: PAGE_SIZE });
      for (const k of ['source', 'status', 'kind', 'damaged', 'tenant', 'q']) if (filters[k]) query.set(k, filters[k]);
      // Dates are whole days in the viewer's time zone; "to" includes its day.
      if (filters.from) query.set('from', new Date(`${filters.from}T00:00:00`).toISOString());
      if (filters.to) query.set('to', new Date(new Date(`${filters.to}T00:00:00`).getTime() + 86400000).toISOString());
      const response = await ui().api(`/api/posts?${query}`);
      if (!response.ok) { results.replaceChildren(h('p', { class: 'card error', role: 'alert' }, await problem(response))); return; }
      const page = await response.json();
      const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
      const pager = h('div', { class: 'pager' },
        h('button', { class: 'small secondary', disabled: filters.page <= 1, onclick: () => { filters.page--; draw(); } }, '← Newer'),
        h('span', { class: 'muted' }, `${ui().num(page.total)} posts · page ${page.page} of ${pages}`),
        h('button', { class: 'small secondary', disabled: filters.page >= pages, onclick: () => { filters.page++; draw(); } }, 'Older →'));
      results.replaceChildren(pager, page.items.length === 0
        ? h('p', { class: 'muted' }, 'No post matches these filters.')
        : h('div', { class: 'grid', id: 'library-grid' }, page.items.map(tile)));
    }
    await draw();
  }

  // A stored file the scrub found missing or corrupted is not drawn (its request would fail or show broken bytes), nor a
  // damaged preview: the item is drawn from its file instead.
  function drawable(item, damaged) {
    const hurt = (damaged || []).filter(d => d.slot === item.slot);
    if (hurt.some(d => d.file === 'file')) return null;
    return hurt.some(d => d.file === 'preview') ? { ...item, previewUrl: null } : item;
  }
  const damagedPlaceholder = (item, damaged, cls) => ui().h('div', { class: `${cls} none` },
    `Stored file ${(damaged || []).find(d => d.slot === item.slot && d.file === 'file')?.kind || 'damaged'}`);

  function tile(post) {
    const { h, badge, ago } = ui();
    const first = (post.archived || []).find(a => (a.mimeType || '').startsWith('image/')) || (post.archived || [])[0];
    const shown = first && drawable(first, post.damaged);
    return h('a', { class: 'tile', href: `#post/${encodeURIComponent(post.postId)}`, 'data-post': post.postId },
      shown ? archivedMedia(shown, { class: 'thumb', controls: false }, true)
        : first ? damagedPlaceholder(first, post.damaged, 'thumb')
        : h('div', { class: 'thumb none', title: post.noImageReason || '' }, post.noImageReason || 'No archived image'),
      h('div', { class: 'meta' }, badge(post.status), ' ', (post.damaged || []).length ? [damagedBadge(post.damaged), ' '] : '',
        h('span', { class: 'muted' }, `${post.source} · ${ago(post.createdAt)}`)),
      h('div', { class: 'message' }, post.message || h('span', { class: 'muted' }, '(no message)')));
  }

  // A tile's mark: the badge names the files in its tooltip; the post's page says the rest.
  function damagedBadge(damaged) {
    const b = ui().badge('damaged');
    b.title = damaged.map(d => `${d.slot}: ${d.file === 'preview' ? 'preview ' : ''}${d.kind}`).join(', ');
    return b;
  }

  // The scrub's mark on a post's page: each file it could not repair, the finding, why, and what the viewer can do.
  function damageNotice(p, status) {
    const { h, ago } = ui();
    if (!(p.damaged || []).length) return '';
    const again = ui().manager()
      ? h('button', { id: 'archive-again', onclick: async () => {
          const r = await ui().api(`/api/posts/${encodeURIComponent(p.postId)}/retry`, { method: 'POST' });
          status.textContent = r.ok ? 'Archiving the damaged files again.' : `Archive again failed: ${await problem(r)}`;
          if (r.ok) follow(p.postId, status);
        } }, 'Archive again')
      : '';
    return h('div', { class: 'card error', id: 'damage', role: 'alert' },
      h('h2', {}, 'Damaged files ', ui().badge('damaged')),
      p.damaged.map(d => h('div', { class: 'damaged-file', 'data-slot': d.slot, 'data-file': d.file },
        h('p', {}, h('strong', {}, d.slot), ` — its ${d.file === 'preview' ? 'preview' : 'stored file'} is ${d.kind}`,
          ` (integrity scrub run ${d.run}, ${ago(d.foundAt)}); `, h('span', { class: 'mono' }, d.storageKey)),
        d.detail ? h('p', {}, `Not fetched again: ${d.detail}`) : '',
        h('p', { class: 'remedy' }, d.remedy))),
      again);
  }

  // ---------- one post ----------
  async function post(id) {
    const { h, badge, ago, bytes, num, table } = ui();
    const root = $('post');
    if (!id) { root.replaceChildren(h('p', { class: 'muted' }, 'No post chosen.')); return; }
    const response = await ui().api(`/api/posts/${encodeURIComponent(id)}`);
    if (!response.ok) { root.replaceChildren(h('p', { class: 'card error', role: 'alert' }, await problem(response))); return; }
    const p = await response.json();
    const transcripts = Object.fromEntries((p.transcripts || []).map(t => [t.slot, t]));
    const status = h('p', { id: 'retry-status', class: 'muted', role: 'status' });
    const retry = ui().manager() && p.status === 'error'
      ? h('button', { id: 'retry', onclick: async () => {
          const r = await ui().api(`/api/posts/${encodeURIComponent(p.postId)}/retry`, { method: 'POST' });
          status.textContent = r.ok ? 'Retry stored: archiving again.' : `Retry failed: ${await problem(r)}`;
          if (r.ok) follow(p.postId, status);
        } }, 'Retry')
      : '';
    const remove = ui().manager() ? deleteControl(p) : '';
    const original = m => isWebLink(m.originalUrl)
      ? h('span', {}, h('a', { href: m.originalUrl, rel: 'noopener noreferrer', target: '_blank', class: 'wrap' }, 'original link'),
          m.linkExpired ? [' ', badge('expired')] : '')
      : h('span', { class: 'muted', title: m.originalUrl }, 'not a web link');
    root.replaceChildren(
      h('div', { class: 'card' },
        h('p', {}, h('a', { href: '#library' }, '← Library')),
        h('h2', {}, p.message || '(no message)'),
        h('p', {}, badge(p.status), ' ', h('span', { class: 'mono' }, p.postId), ` · ${p.source} · tenant ${p.tenant} · created ${ago(p.createdAt)}`,
          p.archivedAt ? ` · archived ${ago(p.archivedAt)}` : ''),
        h('p', {}, 'Permalink: ', h('a', { href: `#post/${encodeURIComponent(p.postId)}`, id: 'permalink' }, 'this page'),
          isWebLink(p.permalink) ? [' · ', h('a', { href: p.permalink, rel: 'noopener noreferrer', target: '_blank' }, 'the original post')] : ''),
        p.lastError && p.status === 'error' ? h('p', { class: 'error' }, ui().describeError(JSON.stringify(p.lastError))) : '',
        p.noImageReason ? h('p', { class: 'muted' }, `No image shown: ${p.noImageReason}`) : '',
        retry, status, remove),
      damageNotice(p, status),
      h('div', { class: 'card' }, h('h2', {}, 'Media'), h('div', { class: 'items' }, (p.media || []).map(m => h('div', { class: 'item', 'data-slot': m.slot },
        !m.publicUrl ? h('div', { class: 'thumb none' }, m.error || m.note || `not archived (${m.status})`)
          : drawable(m, p.damaged) ? archivedMedia(drawable(m, p.damaged), { class: 'full' }, false, captionsOf(p, m))
          : damagedPlaceholder(m, p.damaged, 'thumb'),
        transcriptOf(transcripts[m.slot]),
        table([{ label: 'Field', value: r => r[0] }, { label: 'Value', wrap: true, value: r => r[1] }], [
          ['Slot', `${m.slot} (${m.kind}, ${m.action})`], ['Status', badge(m.status)], ['Original', original(m)],
          ['Size', m.size === null ? '—' : bytes(m.size)], ['Type', m.mimeType || '—'],
          ['Dimensions', m.width ? `${m.width} × ${m.height}` : '—'], ['Duration', m.durationSeconds === null ? '—' : `${num(m.durationSeconds)} s`],
          ['SHA-256', m.sha256 ? h('span', { class: 'mono' }, m.sha256) : '—'],
          ['Integrity', (p.damaged || []).some(d => d.slot === m.slot)
            ? (p.damaged || []).filter(d => d.slot === m.slot).flatMap(d => [badge('damaged'), ` ${d.file === 'preview' ? 'preview ' : ''}${d.kind} `])
            : '—'],
          ['Shared by', m.sharedByPosts === null ? '—' : `${m.sharedByPosts} post${m.sharedByPosts === 1 ? '' : 's'}`],
          ['Error', m.error || '—']]))))),
      h('div', { class: 'card' }, h('h2', {}, 'Attempts'), table([
        { label: '#', num: true, value: a => a.attempt }, { label: 'When', value: a => ago(a.attemptedAt) },
        { label: 'Outcome', value: a => badge(a.succeeded ? 'archived' : 'error') }, { label: 'Error', value: a => a.errorType || '—' }],
        p.attemptHistory, 'No attempt yet.')));
  }

  // Deleting asks once more, in the page (no browser dialog), saying what goes and what is kept for the grace period.
  function deleteControl(p) {
    const { h } = ui();
    const outcome = h('p', { id: 'delete-status', role: 'status' });
    const confirm = h('div', { id: 'delete-confirm', class: 'card error', hidden: true },
      h('p', {}, `Delete post ${p.postId}? Its record and media rows go now; its stored files are deleted after the grace period `
        + 'unless another post holds them or the post is delivered again. The deletion is recorded with your key\'s name.'),
      h('button', { id: 'delete-confirmed', class: 'danger', onclick: async () => {
        const r = await ui().api(`/api/posts/${encodeURIComponent(p.postId)}`, { method: 'DELETE' });
        confirm.hidden = true;
        outcome.textContent = r.ok ? 'Post deleted.' : `Delete failed: ${await problem(r)}`;
        if (r.ok) location.hash = '#deletions';
      } }, 'Delete for good'), ' ',
      h('button', { id: 'delete-cancel', class: 'link', onclick: () => { confirm.hidden = true; } }, 'Cancel'));
    return h('div', {}, h('button', { id: 'delete', onclick: () => { confirm.hidden = false; } }, 'Delete post…'), confirm, outcome);
  }

  function captionsOf(p, m) {
    const t = (p.transcripts || []).find(x => x.slot === m.slot && x.status === 'done');
    return t ? { src: captionsUrl(p.postId, m.slot), language: t.language } : null;
  }

  // After a retry, the post's page follows it until the archive ends (polling the post, at most a minute).
  async function follow(id, status) {
    for (let i = 0; i < 60; i++) {
      await new Promise(r => setTimeout(r, 1000));
      if (location.hash !== `#post/${encodeURIComponent(id)}`) return;
      const r = await ui().api(`/api/posts/${encodeURIComponent(id)}`);
      if (!r.ok) return;
      const p = await r.json();
      if (p.status === 'success' || (p.status === 'error' && !p.nextRetryAt)) { await post(id); return; }
      status.textContent = `Archiving again: ${p.status}…`;
    }
  }

  // ---------- failures by reason ----------
  async function failures() {
    const { h, num, table } = ui();
    const root = $('failures');
    const response = await ui().api('/api/posts/failures');
    if (!response.ok) { root.replaceChildren(h('p', { class: 'card error', role: 'alert' }, await problem(response))); return; }
    const groups = await response.json();
    const status = h('p', { id: 'bulk-status', class: 'muted', role: 'status' });
    root.replaceChildren(h('div', { class: 'card' }, h('h2', {}, 'Posts in error, by reason'), table([
      { label: 'Reason', value: g => g.label }, { label: 'Posts', num: true, value: g => num(g.posts) },
      { label: 'Errors', value: g => g.errorTypes.join(', ') },
      { label: 'Latest', wrap: true, value: g => g.recentPostIds.flatMap((id, i) => [i ? ', ' : '', h('a', { href: `#post/${encodeURIComponent(id)}` }, id)]) },
      { label: '', value: g => ui().manager()
          ? h('button', { class: 'small', 'data-reason': g.reason, onclick: async () => {
              const r = await ui().api(`/api/posts/failures/${encodeURIComponent(g.reason)}/retry`, { method: 'POST' });
              status.textContent = r.ok ? `Retrying ${(await r.json()).postIds.length} post(s) (${g.label}).` : `Retry failed: ${await problem(r)}`;
            } }, 'Retry all')
          : h('span', { class: 'muted' }, 'manager only') }], groups, 'No post is in error.'), status));
  }

  window.SiloPages = Object.assign(window.SiloPages || {}, { library, post, failures });
})();
