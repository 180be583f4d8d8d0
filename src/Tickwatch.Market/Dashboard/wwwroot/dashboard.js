// Tickwatch market dashboard: polls GET /api/debug/dashboard and draws it. No framework; uPlot (vendored) draws the charts.
// Everything the server sends is put in the page as text, never as HTML.

const DataUrl = '/api/debug/dashboard';
const LiveDelayMs = 1000;
const RetryDelayMs = 2000;
const RequestTimeoutMs = 5000;
const TokenKey = 'tickwatch.operatorToken';
const KindOrder = ['forex', 'metal', 'index', 'energy', 'crypto'];
const ChartHeight = 120;
const MinChartSpanSeconds = 60;
const StateLetters = { fresh: 'F', stale: 'S', missing: 'M', warmup: 'W', closed: 'C' };

const $ = id => document.getElementById(id);

/** Creates an element: attributes (className, dataset and text handled; null ones left out) and children (strings become text). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (name === 'className') element.className = value;
    else if (name === 'text') element.textContent = value;
    else if (name === 'dataset') Object.assign(element.dataset, Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)));
    else element.setAttribute(name, value);
  }
  element.append(...children.filter(c => c !== undefined && c !== null));
  return element;
}

// ---- formatting ----

function seconds(value) {
  if (value === null || value === undefined) return '—';
  if (value < 1) return `${Math.round(value * 1000)} ms`;
  if (value < 60) return `${value.toFixed(1)} s`;
  if (value < 3600) return `${Math.floor(value / 60)} min ${Math.round(value % 60)} s`;
  const hours = Math.floor(value / 3600);
  return hours < 48 ? `${hours} h ${Math.floor((value % 3600) / 60)} min` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

function rate(value) {
  if (value === null || value === undefined) return '—';
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function tick(value) {
  return value >= 10 || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1);
}

function clock(date) {
  return date.toLocaleTimeString([], { hour12: false });
}

function text(value) {
  return value === null || value === undefined ? '' : String(value);
}

// ---- feeds: a card per feed with its rate chart; the chart shades where the feed was not receiving ----

const feedCards = new Map();

function feedTone(state, isRunning) {
  if (isRunning || state === 'receiving') return 'ok';
  if (state === 'connected' || state === 'starting') return 'warn';
  if (state === 'stopped') return 'idle';
  return 'bad';
}

function cssColor(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** The colour of each feed state, read once per drawing from the page's palette (light or dark). */
function statePalette() {
  const ok = cssColor('--ok');
  const warn = cssColor('--warn');
  const idle = cssColor('--idle');
  const bad = cssColor('--bad');
  return state => {
    switch (state) {
      case 'receiving': return ok;
      case 'connected':
      case 'starting': return warn;
      case 'stopped': return idle;
      case null:
      case undefined: return null;
      default: return bad;
    }
  };
}

/** Paints each sample's state as a band along the bottom of the plot, and shades the plot where the feed was not receiving. */
function drawStates(u) {
  const states = u.tickwatchStates;
  const times = u.data[0];
  if (!states || times.length === 0) return;
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const stateColor = statePalette();
  const band = Math.max(4, Math.round(4 * devicePixelRatio));
  const n = times.length;
  const x = i => u.valToPos(times[i], 'x', true);

  // Each sample's state covers half the way to its neighbours; the ends reach as far out as their inner half.
  const clamp = value => Math.min(left + width, Math.max(left, value));
  ctx.save();
  for (let i = 0; i < n; i++) {
    const color = stateColor(states[i]);
    if (!color) continue;
    const x0 = clamp(i > 0 ? (x(i - 1) + x(i)) / 2 : x(0) - (n > 1 ? (x(1) - x(0)) / 2 : 0));
    const x1 = clamp(i < n - 1 ? (x(i) + x(i + 1)) / 2 : x(i) + (n > 1 ? (x(i) - x(i - 1)) / 2 : 0));
    if (states[i] !== 'receiving') {
      ctx.globalAlpha = 0.15;
      ctx.fillStyle = color;
      ctx.fillRect(x0, top, x1 - x0, height);
    }
    ctx.globalAlpha = 1;
    ctx.fillStyle = color;
    ctx.fillRect(x0, top + height - band, x1 - x0, band);
  }
  ctx.restore();
}

function xRange(min, max) {
  const last = max ?? Date.now() / 1000;
  return [Math.min(min ?? last, last - MinChartSpanSeconds), last];
}

function createChart(container) {
  if (typeof globalThis.uPlot !== 'function') {
    container.append(h('p', { className: 'unavailable', text: 'chart library not loaded' }));
    return null;
  }
  const muted = cssColor('--muted');
  const grid = cssColor('--line');
  const accent = cssColor('--accent');
  const font = '11px system-ui, sans-serif';
  const chart = new globalThis.uPlot({
    width: Math.max(200, container.clientWidth),
    height: ChartHeight,
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    // At least a minute wide, newest point at the right edge, so a young history does not stretch across the chart.
    scales: { x: { time: true, range: (_u, min, max) => xRange(min, max) }, y: { range: (_u, _min, max) => [0, Math.max(1, (max ?? 0) * 1.15)] } },
    axes: [
      { stroke: muted, font, size: 26, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } },
      { stroke: muted, font, size: 42, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, values: (_u, ticks) => ticks.map(tick) },
    ],
    series: [{}, { label: 'messages/s', stroke: accent, width: 1.5, fill: `${accent}22`, points: { show: false } }],
    hooks: { drawClear: [drawStates] },
  }, [[], []], container);
  new ResizeObserver(() => chart.setSize({ width: Math.max(200, container.clientWidth), height: ChartHeight })).observe(container);
  return chart;
}

function feedCard(name) {
  let card = feedCards.get(name);
  if (card) return card;
  const figure = (label, key) => {
    const value = h('dd', { dataset: { testid: `feed-${key}-${name}` }, text: '—' });
    return { row: h('div', {}, h('dt', { text: label }), value), value };
  };
  const rateFigure = figure('msg/s', 'rate');
  const ageFigure = figure('last message', 'age');
  const sessionFigure = figure('session', 'session');
  const failuresFigure = figure('failures/h', 'failures');
  const parseFigure = figure('parse errors', 'parse');
  const badge = h('span', { className: 'badge', dataset: { testid: `feed-state-${name}` } });
  const protocol = h('span', { className: 'proto' });
  const chartBox = h('div', { className: 'chart', dataset: { testid: `feed-chart-${name}`, points: '0' } });
  const error = h('p', { className: 'panel-note' });
  const element = h('article', { className: 'feed', dataset: { testid: `feed-${name}` } },
    h('header', {}, h('h3', { text: name }), protocol, badge),
    h('dl', { className: 'figures' }, rateFigure.row, ageFigure.row, sessionFigure.row, failuresFigure.row, parseFigure.row),
    chartBox,
    h('p', { className: 'chart-key' }, 'state:',
      h('span', { className: 'swatch receiving' }), 'receiving',
      h('span', { className: 'swatch connected' }), 'no data',
      h('span', { className: 'swatch down' }), 'reconnecting',
      h('span', { className: 'swatch stopped' }), 'stopped'),
    error);
  $('feeds').append(element);
  card = {
    element, badge, protocol, chartBox, error,
    rate: rateFigure.value, age: ageFigure.value, session: sessionFigure.value, failures: failuresFigure.value, parse: parseFigure.value,
    chart: null,
  };
  feedCards.set(name, card);
  card.chart = createChart(chartBox);
  return card;
}

function renderFeeds(section, history) {
  const caption = $('feeds-caption');
  if (section.status !== 'ok') {
    caption.textContent = `unavailable: ${text(section.error)}`;
    caption.className = 'unavailable';
    return;
  }
  caption.className = '';
  const times = history.times;
  caption.textContent = times.length < 2
    ? 'messages per second, collecting…'
    : `messages per second, last ${seconds(times[times.length - 1] - times[0])}`;
  for (const [name, feed] of Object.entries(section.feeds)) {
    const card = feedCard(name);
    // A standby's feed is written by another instance (leased mode): not connected here by design, not down.
    const standby = feed.role === 'standby';
    const tone = feedTone(feed.state, feed.is_running);
    card.element.dataset.state = feed.state;
    card.element.dataset.role = feed.role ?? 'writer';
    card.badge.dataset.tone = tone;
    card.badge.textContent = standby
      ? `● standby · held by ${text(feed.held_by)}`
      : `${tone === 'ok' ? '●' : tone === 'idle' ? '■' : '▲'} ${feed.state}`;
    card.protocol.textContent = feed.protocol;
    card.rate.textContent = rate(feed.messages_per_second);
    card.age.textContent = feed.last_message_age === null ? 'none yet' : `${seconds(feed.last_message_age)} ago`;
    card.session.textContent = text(feed.session);
    card.failures.textContent = text(feed.connection_failures_last_hour);
    card.parse.textContent = `${feed.parse_error_rate.toFixed(2)} %`;
    const problem = feed.last_error ? `${feed.last_error.category}: ${feed.last_error.detail}` : feed.last_disconnect_reason;
    card.error.textContent = feed.is_running || !problem ? '' : `last: ${problem}`;

    const series = history.feeds[name];
    const rates = series ? series.messages_per_second : [];
    card.chartBox.dataset.points = String(rates.filter(v => v !== null).length);
    if (card.chart) {
      card.chart.tickwatchStates = series ? series.states : [];
      card.chart.setData([history.times, rates]);
    }
  }
}

// ---- freshness grid: cells are kept and updated in place, so a hovered title stays put ----

const symbolCells = new Map();

function describeSymbol(s) {
  const parts = [`${s.symbol}: ${s.state}`];
  if (s.age_seconds !== null) parts.push(`last price ${seconds(s.age_seconds)} old (limit ${seconds(s.max_quote_age_seconds)})`);
  else parts.push(`no price (limit ${seconds(s.max_quote_age_seconds)})`);
  if (s.bid !== null) parts.push(`bid ${s.bid} / ask ${s.ask}`);
  if (s.feed) parts.push(`from ${s.feed}`);
  return parts.join(' · ');
}

function renderSymbols(symbols) {
  const byKind = new Map();
  for (const s of symbols) {
    const kind = s.kind ?? 'other';
    if (!byKind.has(kind)) byKind.set(kind, []);
    byKind.get(kind).push(s);
  }
  const kinds = [...byKind.keys()].sort((a, b) => (KindOrder.indexOf(a) + 1 || 99) - (KindOrder.indexOf(b) + 1 || 99));
  const grid = $('symbols');
  const expected = kinds.join(',');
  if (grid.dataset.kinds !== expected || symbolCells.size !== symbols.length) {
    grid.replaceChildren();
    symbolCells.clear();
    for (const kind of kinds) {
      const cells = h('div', { className: 'cells', role: 'list' });
      for (const s of byKind.get(kind)) {
        const cell = h('div', { className: 'cell', role: 'listitem', dataset: { testid: `symbol-${s.symbol}`, symbol: s.symbol } },
          h('span', { className: 'sym', text: s.symbol }), h('span', { className: 'mark', 'aria-hidden': 'true' }));
        symbolCells.set(s.symbol, cell);
        cells.append(cell);
      }
      grid.append(h('div', { className: 'kind-group' }, h('h3', { text: `${kind} (${byKind.get(kind).length})` }), cells));
    }
    grid.dataset.kinds = expected;
  }

  const counts = { fresh: 0, stale: 0, missing: 0, warmup: 0, closed: 0 };
  for (const s of symbols) {
    counts[s.state] = (counts[s.state] ?? 0) + 1;
    const cell = symbolCells.get(s.symbol);
    if (!cell) continue;
    const description = describeSymbol(s);
    cell.dataset.state = s.state;
    cell.title = description;
    cell.setAttribute('aria-label', description);
    cell.lastChild.textContent = StateLetters[s.state] ?? '?';
  }
  $('freshness-counts').textContent =
    `${counts.fresh} fresh · ${counts.stale} stale · ${counts.missing} missing · ${counts.warmup} warm-up` +
    `${counts.closed ? ` · ${counts.closed} closed` : ''} — of ${symbols.length}`;
}

// ---- diagnosis ----

function renderDiagnosis(diagnosis) {
  const status = $('overall-status');
  status.dataset.status = diagnosis.status;
  status.textContent = { ok: '✓ OK', warning: '! WARNING', critical: '✕ CRITICAL' }[diagnosis.status] ?? diagnosis.status;
  $('summary').textContent = diagnosis.summary;
  $('summary').title = diagnosis.summary;
  const counts = diagnosis.counts;
  $('diagnosis-counts').textContent = `${counts.critical} critical · ${counts.warning} warning · ${counts.ok} passed`;

  const list = $('findings');
  if (diagnosis.findings.length === 0) {
    list.replaceChildren(h('li', { className: 'finding', dataset: { severity: 'ok', testid: 'finding-none' } },
      h('span', { className: 'sev', text: 'OK' }), `All ${diagnosis.passed.length} checks passed.`));
    return;
  }
  // Keep open details open across updates.
  const open = new Set([...list.querySelectorAll('details[open]')].map(d => d.closest('li').dataset.id));
  list.replaceChildren(...diagnosis.findings.map(f => h('li', { className: 'finding', dataset: { severity: f.severity, id: f.id, testid: `finding-${f.id}` } },
    h('span', { className: 'sev', text: f.severity.toUpperCase() }),
    h('strong', { text: f.title }),
    h('p', { text: f.symptom }),
    h('details', open.has(f.id) ? { open: '' } : {},
      h('summary', { text: 'cause, action, evidence' }),
      h('p', {}, h('b', { text: 'Cause: ' }), f.root_cause),
      h('p', {}, h('b', { text: 'Action: ' }), f.action),
      h('pre', { text: JSON.stringify(f.evidence, null, 1) })))));
}

// ---- Redis and services ----

function renderRedis(section) {
  const body = $('redis-nodes');
  const store = $('redis-store');
  if (section.status !== 'ok') {
    store.textContent = 'unavailable';
    $('redis-summary').textContent = text(section.error);
    body.replaceChildren();
    return;
  }
  const inMemory = section.store === 'in_memory';
  store.textContent = inMemory ? 'in-memory store' : `cluster_state ${section.cluster_state}${section.ping_time_ms === null ? '' : ` · ping ${section.ping_time_ms.toFixed(2)} ms`}`;
  store.dataset.store = section.store;
  $('redis-summary').textContent = section.summary;
  if (section.nodes.length === 0) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: '5', text: inMemory ? 'No Redis cluster: prices are kept in this process only.' : 'No node answered.' })));
    return;
  }
  body.replaceChildren(...section.nodes.map(n => h('tr', {
    dataset: { testid: `redis-node-${n.host}:${n.port}`, reachable: String(n.reachable) },
    title: [n.connected_clients === null ? null : `${n.connected_clients} clients`, n.last_error].filter(Boolean).join(' · '),
  },
    h('td', { text: `${n.host}:${n.port}` }),
    h('td', { text: [n.role, ...n.flags.filter(f => f.startsWith('fail'))].join(' · ') }),
    h('td', {}, h('span', { className: 'badge', dataset: { tone: n.reachable ? 'ok' : 'bad' }, text: n.reachable ? '✓ yes' : '✕ no' })),
    h('td', { className: 'num', text: n.ping_ms === null ? '—' : `${n.ping_ms.toFixed(2)} ms` }),
    h('td', { className: 'num', text: n.used_memory_human ?? '—' }))));
}

// ---- instances: the cluster as this instance sees it ----

function renderInstances(section) {
  const body = $('instances');
  const caption = $('instances-caption');
  const summary = $('instances-summary');
  if (!section || section.status !== 'ok') {
    caption.textContent = section ? `unavailable: ${text(section.error)}` : 'unavailable';
    summary.textContent = '';
    body.replaceChildren();
    return;
  }
  const leased = section.mode === 'leased';
  caption.textContent = leased ? `${section.instances.length} live · ${section.market_instances} market` : 'single';
  caption.dataset.mode = section.mode;
  summary.dataset.orphaned = String(section.orphaned_work);
  summary.dataset.tone = section.orphaned_work > 0 ? 'bad' : section.fenced_writes > 0 ? 'warn' : 'ok';
  summary.textContent = leased
    ? `orphaned work ${section.orphaned_work} · fenced writes ${section.fenced_writes} · this instance owns ${section.owned_partitions.length} of ${Object.keys(section.partitions).length} partitions`
    : 'Single mode: this instance runs every feed and partition.';
  const now = new Date(section.at);
  body.replaceChildren(...section.instances.map(i => h('tr', {
    dataset: { testid: `instance-${i.id}`, self: String(i.id === section.instance_id) },
    title: [i.url, Object.entries(i.leases).map(([name, token]) => `${name}=${token}`).join(', ')].filter(Boolean).join(' · '),
  },
    h('td', { text: i.id === section.instance_id ? `${i.id} (this)` : i.id }),
    h('td', { text: i.role }),
    h('td', { className: 'num', text: String(i.partitions.length) }),
    h('td', { text: i.feeds_connected.join(', ') || '—' }),
    h('td', { className: 'num', text: `${seconds(Math.max(0, (now - new Date(i.heartbeat_at)) / 1000))} ago` }))));
}

function serviceTone(state) {
  return state === 'running' ? 'ok' : state === 'starting' || state === 'restarting' ? 'warn' : state === 'stopped' ? 'idle' : 'bad';
}

function renderServices(section) {
  const body = $('services');
  const count = $('services-count');
  if (section.status !== 'ok') {
    count.textContent = `unavailable: ${text(section.error)}`;
    body.replaceChildren();
    return;
  }
  count.textContent = `${section.running_services} of ${section.total_services} running${section.degraded ? ' · DEGRADED' : ''}`;
  // A service's last error, when it has one, takes a second line under it.
  body.replaceChildren(...Object.values(section.services).flatMap(s => {
    const tone = serviceTone(s.state);
    const row = h('tr', { className: s.last_error ? 'has-error' : null, dataset: { testid: `service-${s.name}`, state: s.state } },
      h('td', { title: s.name, text: s.display_name }),
      h('td', {}, h('span', { className: 'badge', dataset: { tone }, text: `${tone === 'ok' ? '●' : '▲'} ${s.state}` })),
      h('td', { className: 'num', text: seconds(s.uptime_seconds) }),
      h('td', { className: 'num', text: String(s.restarts) }));
    if (!s.last_error) return [row];
    const at = new Date(s.last_error.at);
    return [row, h('tr', {}, h('td', { className: 'error', colspan: '4', text: `${clock(at)} ${s.last_error.type}: ${s.last_error.message}` }))];
  }));
}

// ---- trading: orders, refusals (the price guard's marked), armed triggers, portfolios, last executions ----

function figureRow(label, value, attributes = {}) {
  return h('div', {}, h('dt', { text: label }), h('dd', { ...attributes, text: String(value) }));
}

function sum(counts) {
  return Object.values(counts).reduce((total, n) => total + n, 0);
}

/** "BUY 2 · SELL 1", non-zero counts only, most first. */
function countsText(counts) {
  return Object.entries(counts).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${n}`).join(' · ');
}

function showTrading(state, message, caption) {
  $('trading-panel').dataset.state = state;
  $('trading-empty').hidden = state === 'active';
  $('trading-empty').textContent = message ?? '';
  $('trading-body').hidden = state !== 'active';
  const small = $('trading-caption');
  small.textContent = caption ?? '';
  small.className = state === 'unavailable' ? 'unavailable' : '';
}

function renderRefusalRate(rates) {
  const element = $('trading-refusal-rate');
  if (!rates || rates.window_seconds < 1) {
    element.textContent = 'rate: collecting…';
    delete element.dataset.refusals;
    return;
  }
  const perMinute = rates.refusals * 60 / rates.window_seconds;
  element.dataset.refusals = String(rates.refusals);
  element.textContent = `${rates.refusals} in the last ${seconds(rates.window_seconds)} (${perMinute < 10 ? perMinute.toFixed(1) : perMinute.toFixed(0)}/min)`;
}

function renderTriggers(triggers) {
  const list = $('trading-triggers');
  if (!triggers) {
    list.replaceChildren(h('p', { className: 'unavailable', text: 'the trigger service does not report' }));
    return;
  }
  const rows = [
    figureRow('pending', triggers.pending),
    figureRow('stop-loss', triggers.stop_loss),
    figureRow('take-profit', triggers.take_profit),
    figureRow('waiting on a stale price', triggers.waiting_on_stale, { dataset: { testid: 'trading-waiting-stale', tone: triggers.waiting_on_stale > 0 ? 'warn' : null } }),
  ];
  if (triggers.state !== 'running') rows.push(h('div', {}, h('span', { className: 'badge', dataset: { tone: 'warn' }, text: `▲ trigger service ${triggers.state}` })));
  list.replaceChildren(...rows);
}

function degradedText(portfolio) {
  // "USDJPY:STALE_PRICE,EURUSD:MARKET_CLOSED" as the calculator writes it.
  return portfolio.symbols.split(',').filter(Boolean).map(part => {
    const [symbol, reason] = part.split(':');
    return reason ? `${symbol} (${reason})` : symbol;
  }).join(', ');
}

function renderPortfolios(portfolios) {
  const list = $('trading-portfolios');
  const degraded = $('trading-degraded');
  if (!portfolios) {
    list.replaceChildren(h('p', { className: 'unavailable', text: 'the portfolio calculator does not report' }));
    degraded.replaceChildren();
    return;
  }
  const rows = [
    figureRow('tracked', portfolios.accounts_tracked),
    figureRow('degraded', portfolios.degraded, { dataset: { testid: 'trading-degraded-count', tone: portfolios.degraded > 0 ? 'bad' : null } }),
  ];
  if (portfolios.state !== 'running') rows.push(h('div', {}, h('span', { className: 'badge', dataset: { tone: 'warn' }, text: `▲ calculator ${portfolios.state}` })));
  list.replaceChildren(...rows);
  const items = portfolios.degraded_accounts.map(p => h('li', { dataset: { testid: `degraded-${p.account}` } },
    h('strong', { text: p.account }), ` waits on ${degradedText(p)}`));
  const more = portfolios.degraded - portfolios.degraded_accounts.length;
  if (more > 0) items.push(h('li', { className: 'more', text: `… and ${more} more (all in /api/debug/trading)` }));
  degraded.replaceChildren(...items);
}

function renderRefusals(refusals, last) {
  const chips = $('trading-refusals');
  if (refusals.length === 0) {
    chips.replaceChildren(h('span', { className: 'panel-note', text: 'none since start' }));
  } else {
    chips.replaceChildren(...refusals.map(r => h('span', {
      className: 'reason',
      dataset: { testid: `refusal-${r.reason}`, priceGuard: String(r.price_guard) },
      title: r.price_guard ? 'Refused by the price guard: the price was stale or the market closed, not the request.' : null,
    }, h('span', { text: r.reason }), h('b', { text: String(r.count) }), r.price_guard ? h('span', { className: 'guard', text: 'price guard' }) : null)));
  }
  $('trading-last-refusal').textContent = last
    ? `latest ${clock(new Date(last.at))}: ${last.action} ${last.account} ${last.subject} — ${last.reason}${last.detail ? `: ${last.detail}` : ''}`
    : '';
}

function renderExecutions(executions) {
  const body = $('trading-executions');
  if (executions.length === 0) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: '9', className: 'panel-note', text: 'No fill or close since start.' })));
    return;
  }
  body.replaceChildren(...executions.map(e => {
    const q = e.quote;
    return h('tr', { dataset: { testid: 'execution', order: e.order_id, status: e.status }, title: `order ${e.order_id}${e.executed_at ? ` at ${e.executed_at}` : ''}` },
      h('td', { text: e.executed_at ? clock(new Date(e.executed_at)) : '—' }),
      h('td', { text: e.account }),
      h('td', { dataset: { testid: 'execution-symbol' }, text: e.symbol }),
      h('td', { text: e.status === 'OPEN' ? e.type : `${e.type} → ${e.status}` }),
      h('td', { className: 'num', text: String(e.volume) }),
      h('td', { className: 'num', dataset: { testid: 'execution-price' }, text: e.price === null ? '—' : String(e.price) }),
      h('td', { className: 'num', text: q ? String(q.book_sequence) : '—' }),
      h('td', { text: q ? q.feed : '—' }),
      h('td', { className: 'num', text: q ? seconds(q.age_milliseconds / 1000) : '—' }));
  }));
}

function renderTrading(section, rates) {
  if (!section) {
    showTrading('absent', 'The trading engine is not hosted by this service: no orders, refusals or executions to show.');
    return;
  }
  if (section.status !== 'ok') {
    showTrading('unavailable', `The trading figures are unavailable (${text(section.error)}).`, 'unavailable');
    return;
  }
  const store = section.store === 'in_memory' ? 'in-memory store' : 'Redis Cluster';
  const caption = section.seed.last_error ? `${store} · seed not applied: ${section.seed.last_error}` : store;
  if (!section.has_activity) {
    showTrading('idle', 'No trading activity since the service started: no order placed or refused, no armed trigger, no portfolio to value.', caption);
    return;
  }
  showTrading('active', null, caption);
  const orders = section.orders;
  const refused = section.refusals.reduce((total, r) => total + r.count, 0);
  $('trading-orders').replaceChildren(
    figureRow('placed', sum(orders.placed_by_type)),
    figureRow('filled', orders.fills, { dataset: { testid: 'trading-fills' } }),
    figureRow('finished', sum(orders.finished_by_status)),
    figureRow('refused', refused, { dataset: { testid: 'trading-refused', tone: refused > 0 ? 'warn' : null } }));
  const byType = countsText(orders.placed_by_type);
  const byStatus = countsText(orders.finished_by_status);
  $('trading-order-detail').textContent = [byType && `placed: ${byType}`, byStatus && `finished: ${byStatus}`].filter(Boolean).join(' — ');
  renderRefusalRate(rates);
  renderRefusals(section.refusals, section.last_refusal);
  renderTriggers(section.triggers);
  renderPortfolios(section.portfolios);
  renderExecutions(section.last_executions);
}

// ---- connection: polling, the operator token, and the disconnected state ----

let timer = 0;
let inFlight = false;
let lastSuccess = null;

function setConnection(state, detail) {
  document.body.dataset.connection = state;
  const connection = $('connection');
  connection.dataset.state = state;
  connection.textContent = { live: 'live', connecting: 'connecting', disconnected: 'disconnected', auth: 'token needed' }[state];
  const banner = $('banner');
  if (state === 'disconnected') {
    banner.hidden = false;
    banner.textContent = lastSuccess
      ? `The market service is not answering (${detail}). Showing the figures of ${clock(lastSuccess)}; retrying every ${RetryDelayMs / 1000} s.`
      : `The market service is not answering (${detail}); retrying every ${RetryDelayMs / 1000} s.`;
  } else {
    banner.hidden = true;
  }
}

function askForToken(message) {
  setConnection('auth');
  $('token-form').hidden = false;
  $('token-message').textContent = message;
  $('token-input').focus();
}

function render(report) {
  renderDiagnosis(report.diagnosis);
  renderFeeds(report.websocket_diagnostics, report.rate_history);
  renderSymbols(report.symbols);
  renderRedis(report.redis);
  renderServices(report.background_services);
  renderInstances(report.instances);
  renderTrading(report.trading, report.rate_history.trading);
  const updated = $('last-updated');
  updated.dateTime = report.timestamp;
  updated.textContent = clock(new Date(report.timestamp));
  updated.title = report.incomplete_sections.length ? `incomplete: ${report.incomplete_sections.join(', ')}` : '';
}

async function poll() {
  if (inFlight) return;
  inFlight = true;
  clearTimeout(timer);
  let delay = LiveDelayMs;
  const abort = new AbortController();
  const timeout = setTimeout(() => abort.abort(), RequestTimeoutMs);
  try {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem(TokenKey);
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(DataUrl, { headers, cache: 'no-store', signal: abort.signal });
    if (response.status === 401 || response.status === 403) {
      sessionStorage.removeItem(TokenKey);
      askForToken(response.status === 401 ? 'This address needs the operator token (Operator:Token).' : 'That token was refused.');
      return;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const report = await response.json();
    lastSuccess = new Date();
    setConnection('live');
    render(report);
  } catch (error) {
    delay = RetryDelayMs;
    setConnection('disconnected', error.name === 'AbortError' ? `no answer within ${RequestTimeoutMs / 1000} s` : error.message);
  } finally {
    clearTimeout(timeout);
    inFlight = false;
    if (document.body.dataset.connection !== 'auth') timer = setTimeout(poll, delay);
  }
}

$('token-form').addEventListener('submit', event => {
  event.preventDefault();
  sessionStorage.setItem(TokenKey, $('token-input').value.trim());
  $('token-input').value = '';
  $('token-form').hidden = true;
  setConnection('connecting');
  poll();
});

document.addEventListener('visibilitychange', () => {
  if (!document.hidden && document.body.dataset.connection !== 'auth') poll();
});

poll();
