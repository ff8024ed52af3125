// The dashboard's Database page (#database): what /v1/admin/db/* answers, refreshed every 15 s
// while the page is shown. It needs a key with the admin scope; a key without it is told so.
import { formatCount, formatRatio } from './format.js';

const REFRESH_MS = 15_000;
const $ = (id) => document.getElementById(id);
let timer = null;

async function get(path, key) {
  const response = await fetch(path, { headers: { 'X-API-Key': key, Accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(response.status === 403 ? 'this key has no admin scope: the Database page needs one' : body.error ?? `${path} answered ${response.status}`);
  }
  return body;
}

function figure(value, format = (v) => v) {
  const span = document.createElement('span');
  span.className = `status ${value.status}`;
  span.dataset.status = value.status;
  span.textContent = value.value == null ? '–' : format(value.value);
  span.title = `${value.status}: warn at ${value.warnAt}, bad at ${value.badAt}`;
  return span;
}

function fill(id, rows, cells) {
  const body = $(id).querySelector('tbody');
  body.replaceChildren(...rows.map((row) => {
    const tr = document.createElement('tr');
    for (const value of cells(row)) {
      const td = document.createElement('td');
      if (value instanceof Node) td.appendChild(value); else td.textContent = value ?? '–';
      tr.appendChild(td);
    }
    return tr;
  }));
}

const short = (text) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);
const ms = (value) => (value == null ? '–' : `${Number(value).toFixed(1)} ms`);
const bytes = (value) => `${formatCount(value / 1024 / 1024)} MiB`;

function renderHealth(health) {
  const checks = [
    ['table cache hits', figure(health.cacheHitRate.tables, formatRatio)],
    ['index cache hits', figure(health.cacheHitRate.indexes, formatRatio)],
    ['connections used', figure(health.connections.used, formatRatio)],
    ['pools over max_connections', figure(health.connections.poolCapacity, formatRatio)],
    ['longest lock wait', figure(health.locks.longestWaitMs, ms)],
    ['WAL per second', figure(health.wal.bytesPerSecond, bytes)],
    ['requested checkpoints', figure(health.wal.requestedCheckpointShare, formatRatio)],
  ];
  fill('db-checks', checks, (c) => c);
  fill('db-connections', health.connections.byService, (c) => [c.service, c.state, formatCount(c.count)]);
  fill('db-pools', health.connections.pools, (p) => [p.pool, figure(p.used, () => formatCount(p.inUse)), p.maxSize, p.waiting, ms(p.meanWaitMs)]);
  fill('db-blocked', health.locks.blocked, (b) => [b.pid, b.service, ms(b.waitingMs),
    b.blockedBy.map((x) => `${x.pid} ${x.service ?? ''} (${x.state})`).join(', '), short(b.query ?? '')]);
  fill('db-tables', health.tables.slice(0, 10), (t) => [t.table, formatCount(t.liveRows), figure(t.deadShare, formatRatio),
    t.lastVacuum ? new Date(t.lastVacuum).toLocaleString() : 'never', figure(t.modifiedSinceAnalyze, formatRatio)]);
}

async function refresh(key) {
  try {
    const [health, queries, slow, advice] = await Promise.all([
      get('/v1/admin/db/health', key), get('/v1/admin/db/queries?limit=10', key),
      get('/v1/admin/db/slow-queries?limit=10', key), get('/v1/admin/db/index-advice', key)]);
    $('db-error').textContent = '';
    renderHealth(health);
    fill('db-queries', queries.queries, (q) => [short(q.query), formatCount(q.calls), ms(q.meanMs), ms(q.totalMs), q.services.join(', ')]);
    fill('db-slow', slow.slowQueries, (s) => [new Date(s.loggedAt).toLocaleTimeString(), ms(s.durationMs), s.service,
      s.costliestNodes[0] ? `${s.costliestNodes[0].nodeType} ${s.costliestNodes[0].relation ?? ''}` : '–', short(s.query)]);
    fill('db-advice', advice.suggestions, (a) => [a.index, `${a.costBefore} → ${a.costAfter}`, bytes(a.estimatedBytes)]);
    fill('db-unused', advice.unusedIndexes.slice(0, 10), (u) => [u.index, u.table, bytes(u.bytes)]);
  } catch (error) {
    $('db-error').textContent = error.message;
  }
}

export function showDatabase(key) {
  clearInterval(timer);
  refresh(key);
  timer = setInterval(() => refresh(key), REFRESH_MS);
}

export function hideDatabase() {
  clearInterval(timer);
  timer = null;
}
