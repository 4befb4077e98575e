// Silo dashboard: the deletions' audit lines (#deletions), newest first: which post went, whose it was, who deleted it
// and when. Managers and admins read them (GET /api/deletions); a key with analytics:read only is told so.
'use strict';
(function () {
  const ui = () => window.SiloUi;

  async function deletions() {
    const { h, ago, num, table } = ui();
    const root = document.getElementById('deletions');
    if (!ui().manager()) { root.replaceChildren(h('p', { class: 'card muted' }, 'The deletions are shown to managers and admins.')); return; }
    const response = await ui().api('/api/deletions');
    if (!response.ok) { root.replaceChildren(h('p', { class: 'card error', role: 'alert' }, `The gateway answered ${response.status}.`)); return; }
    const lines = await response.json();
    root.replaceChildren(h('div', { class: 'card' }, h('h2', {}, 'Deletions'), table([
      { label: 'When', value: d => h('span', { title: d.deletedAt }, ago(d.deletedAt)) },
      { label: 'Post', value: d => h('span', { class: 'mono' }, d.postId) },
      { label: 'Tenant', value: d => d.tenant }, { label: 'Source', value: d => d.source },
      { label: 'Who', value: d => d.actor }, { label: 'Why', value: d => d.reason },
      { label: 'Files released', num: true, value: d => num(d.files) }], lines, 'Nothing was deleted.')));
  }

  window.SiloPages = Object.assign(window.SiloPages || {}, { deletions });
})();
