// Silo dashboard: insights drill-down (#campaigns → #campaigns/campaign/<id> → #campaigns/adset/<id> →
// #campaigns/ad/<id>), read from seed 004's routes: each level's figures for the period against the
// period before (GET /meta/insights/campaigns, …/campaign/{id}/adsets, …/adset/{id}/ads), an entity's
// own page with the seed's figures and its days as an SVG plot (an ad's page with its creative, drawn from
// the archived copies), and the level's rows as CSV (GET /meta/insights/export.csv) for the same days.
'use strict';
(function () {
  const ui = () => window.SiloUi;
  const $ = id => document.getElementById(id);
  const CHILD = { campaign: 'adset', adset: 'ad' };
  const NAMES = { campaign: 'Campaign', adset: 'Ad set', ad: 'Ad' };
  let days = 7;

  async function get(path) {
    const response = await ui().api(path);
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.detail || body.title || `the gateway answered ${response.status}`);
    return body;
  }

  const money = v => Number(v || 0).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
  const FIGURES = [
    ['spend', 'Spend', money, true], ['impressions', 'Impressions', v => ui().num(v), true], ['clicks', 'Clicks', v => ui().num(v), true],
    ['conversions', 'Conversions', v => ui().num(v), true], ['revenue', 'Revenue', money, true], ['ctr', 'CTR', v => `${ui().num(v)}%`, true],
    ['cpc', 'CPC', money, false], ['roas', 'ROAS', v => ui().num(v), true]];

  // The change against the period before; green when it is good news (a lower CPC is).
  function change(current, previous, key, higherIsBetter) {
    const { h } = ui();
    const a = Number(current[key] || 0), b = Number(previous[key] || 0);
    if (!b) return h('span', { class: 'change muted' }, a ? 'new' : '');
    const c = (a - b) / b;
    return h('span', { class: `change ${(c >= 0) === higherIsBetter ? 'up' : 'down'}`, title: `before: ${b}` }, `${c >= 0 ? '▲' : '▼'} ${(Math.abs(c) * 100).toFixed(1)}%`);
  }

  function levelTable(level, breakdown) {
    const { h, badge, table } = ui();
    return h('div', { id: 'breakdown', 'data-level': level }, table([
      { label: NAMES[level], value: r => h('a', { href: `#campaigns/${level}/${encodeURIComponent(r.entity_id)}`, 'data-entity': r.entity_id }, r.name) },
      { label: 'Status', value: r => badge(r.status.toLowerCase()) },
      ...FIGURES.map(([key, label, format, better]) => ({ label, num: true,
        value: r => h('span', { 'data-figure': key }, format(r.current[key]), h('br'), change(r.current, r.previous, key, better)) }))],
      breakdown.items, `No ${NAMES[level].toLowerCase()} here yet.`));
  }

  // An ad's creative as archived: its video (the preview frame as poster) or image, its text, its thumbnail, and why it
  // is not archived yet. Links are the API's /media ones; the CSP allows nothing else.
  function creativeCard(creative) {
    const { h, badge } = ui();
    if (!creative) return h('div', { class: 'card creative', id: 'ad-creative', 'data-status': 'none' }, h('h2', {}, 'Creative'),
      h('p', { class: 'muted' }, 'No creative listed for this ad yet.'));
    const alt = creative.title || creative.name || 'creative';
    const media = creative.video
      ? h('video', { src: creative.video.url, poster: creative.video.preview_url || creative.thumbnail?.url || undefined, controls: true, muted: true,
          playsinline: true, preload: 'metadata', 'data-role': 'video' })
      : creative.image ? h('img', { src: creative.image.url, alt, 'data-role': 'image' })
      : creative.thumbnail ? h('img', { src: creative.thumbnail.url, alt, 'data-role': 'thumbnail' })
      : h('p', { class: 'muted' }, creative.status === 'archived' ? 'This creative has no image or video.' : 'Its media are not archived yet.');
    return h('div', { class: 'card creative', id: 'ad-creative', 'data-status': creative.status },
      h('h2', {}, 'Creative ', badge(creative.status), ' ', h('span', { class: 'mono muted' }, creative.creative_id)),
      h('div', { class: 'creative-body' }, media,
        h('div', { class: 'creative-text' },
          creative.title ? h('h3', {}, creative.title) : '', creative.body ? h('p', {}, creative.body) : '',
          creative.error ? h('p', { class: 'error' }, `Last attempt failed: ${creative.error}`) : '',
          creative.thumbnail && (creative.image || creative.video)
            ? h('img', { class: 'thumb', src: creative.thumbnail.url, alt: `${alt} (thumbnail)`, 'data-role': 'thumbnail' }) : '')));
  }

  function toolbar(crumbs, level, range) {
    const { h } = ui();
    const period = h('select', { id: 'campaign-days' }, [7, 14, 28, 90].map(d => h('option', { value: d, selected: d === days }, `last ${d} days`)));
    period.addEventListener('change', () => { days = Number(period.value); show(); });
    const csv = `/meta/insights/export.csv?${new URLSearchParams({ level, from: range.start, to: range.end })}`;
    return h('div', { class: 'card period' },
      h('span', { class: 'breadcrumb' }, crumbs.flatMap((c, i) => [i ? '›' : '', c.href ? h('a', { href: c.href }, c.label) : h('strong', {}, c.label)])),
      period, h('span', { class: 'muted' }, `${range.start} to ${range.end}, against the ${days} days before`),
      h('a', { href: csv, download: '', id: 'export-csv' }, `Export ${NAMES[level].toLowerCase()} rows (CSV)`));
  }

  async function show() {
    const { h } = ui();
    const root = $('campaigns');
    const [level, id] = location.hash.slice(1).split('/').slice(1).map(decodeURIComponent);
    try {
      if (!level) {
        const all = await get(`/meta/insights/campaigns?days=${days}`);
        root.replaceChildren(toolbar([{ label: 'All campaigns' }], 'campaign', all.date_range),
          h('div', { class: 'card' }, h('h2', {}, 'Campaigns'), levelTable('campaign', all)));
        return;
      }
      await entity(root, level, id);
    } catch (e) {
      root.replaceChildren(h('p', { class: 'card error', role: 'alert' }, e.message));
    }
  }

  async function entity(root, level, id) {
    const { h, num } = ui();
    const q = `days=${days}`;
    const detail = await get(`/meta/insights/${level}/${encodeURIComponent(id)}?${q}`);
    const insights = detail[`${level}_insights`];
    // The entity's own line in its parent's level carries the period before.
    const siblings = level === 'campaign' ? await get(`/meta/insights/campaigns?${q}`)
      : level === 'adset' ? await get(`/meta/insights/campaign/${encodeURIComponent(detail.campaign_id)}/adsets?${q}`)
      : await get(`/meta/insights/adset/${encodeURIComponent(detail.adset_id)}/ads?${q}`);
    const self = siblings.items.find(r => r.entity_id === id) || { current: insights.totals, previous: {} };
    const children = CHILD[level] ? await get(`/meta/insights/${level}/${encodeURIComponent(id)}/${CHILD[level]}s?${q}`) : null;
    const crumbs = [{ label: 'All campaigns', href: '#campaigns' }];
    if (level !== 'campaign') crumbs.push({ label: 'campaign', href: `#campaigns/campaign/${encodeURIComponent(detail.campaign_id)}` });
    if (level === 'ad') crumbs.push({ label: 'ad set', href: `#campaigns/adset/${encodeURIComponent(detail.adset_id)}` });
    crumbs.push({ label: `${NAMES[level]}: ${detail[`${level}_name`]}` });
    const seed = [
      ['Total spend', money(insights.total_spend)], ['Average ROAS', num(insights.avg_roas)],
      ['Efficiency score', num(detail.performance_summary.efficiency_score)], ['Conversion rate', `${num(detail.performance_summary.conversion_rate)}%`]];
    if (level === 'campaign') seed.push(['Ad sets', num(detail.adsets_count)], ['Ads', num(detail.ads_count)]);
    if (level === 'adset') seed.push(['Ads', num(detail.ads_count)]);
    if (level === 'ad') {
      const p = detail.peer_comparison, vs = v => v === null ? '—' : `${v > 0 ? '+' : ''}${num(v)}%`;
      seed.push(['Peers in its ad set', num(p.peers_count)], ['CTR vs peers', vs(p.ctr_vs_peers_pct)], ['CPC vs peers', vs(p.cpc_vs_peers_pct)], ['ROAS vs peers', vs(p.roas_vs_peers_pct)]);
    }
    const plot = h('div', { class: 'chart' });
    root.replaceChildren(
      toolbar(crumbs, CHILD[level] || level, insights.date_range),
      h('div', { class: 'card' },
        h('h2', {}, `${NAMES[level]} `, h('span', { id: 'entity-name' }, detail[`${level}_name`]), ' ', h('span', { class: 'mono muted' }, id)),
        h('div', { class: 'figures', id: 'entity-figures' }, FIGURES.map(([key, label, format, better]) => h('div', { class: 'figure', 'data-figure': key },
          h('div', { class: 'label' }, label), h('div', { class: 'value' }, format(self.current[key])), h('div', { class: 'delta' }, change(self.current, self.previous, key, better))))),
        h('h3', {}, "Seed 004's figures"),
        h('div', { class: 'figures', id: 'seed-figures' }, seed.map(([label, value]) => h('div', { class: 'figure' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value))))),
      level === 'ad' ? creativeCard(detail.creative) : '',
      h('div', { class: 'card' }, h('h2', {}, 'Spend and ROAS per day'), plot),
      children ? h('div', { class: 'card' }, h('h2', {}, `${NAMES[CHILD[level]]}s`), levelTable(CHILD[level], children)) : '');
    SiloCharts.line(plot, insights.insights, { title: 'Spend and ROAS', xLabel: d => d.date_start,
      series: [{ key: 'spend', label: 'spend', color: '#2f6fde', format: v => `$${Math.round(v)}` },
               { key: 'roas', label: 'ROAS (right)', color: '#1f9d55', axis: 'right' }] });
  }

  window.SiloPages = Object.assign(window.SiloPages || {}, { campaigns: show });
})();
