// The live dashboard: asks for an API key once (kept in localStorage), exchanges it for a
// short-lived stream token, and renders every snapshot query-api pushes over server-sent events.
// EventSource cannot send headers, so the key itself never goes into a URL: only the token does.
import { Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip } from 'chart.js';
import { formatMoney, formatCount, formatRatio, formatDuration, minuteLabel } from './format.js';
import { showDatabase, hideDatabase } from './database.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const KEY_STORAGE = 'shopstream.apiKey';
const RECONNECT_MS = 2000;
const WINDOWS = [['1m', 'Last minute'], ['5m', 'Last 5 minutes'], ['15m', 'Last 15 minutes'], ['1h', 'Last 60 minutes']];
const $ = (id) => document.getElementById(id);

let source = null;
let reconnectTimer = null;
const cards = new Map();
const minutesChart = barChart($('minutes-chart'), 'revenue', '#3b82f6', false);
const funnelChart = barChart($('funnel-chart'), 'sessions', '#10b981', true);

function barChart(canvas, label, color, horizontal) {
  return new Chart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: [{ label, data: [], backgroundColor: color }] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      scales: { x: { ticks: { maxTicksLimit: 12 } }, y: { beginAtZero: true } },
      plugins: { legend: { display: false } },
    },
  });
}

function buildCards() {
  const template = $('window-card');
  for (const [window, title] of WINDOWS) {
    const card = template.content.firstElementChild.cloneNode(true);
    card.dataset.window = window;
    card.querySelector('h2').textContent = title;
    template.parentElement.appendChild(card);
    cards.set(window, card);
  }
}

function setState(state, text) {
  const element = $('connection-state');
  element.dataset.state = state;
  element.textContent = text;
}

function askForKey(message) {
  disconnect();
  $('dashboard').hidden = true;
  $('database').hidden = true;
  hideDatabase();
  $('forget-key').hidden = true;
  $('key-form').hidden = false;
  $('key-error').textContent = message ?? '';
  setState('idle', 'not connected');
}

function disconnect() {
  clearTimeout(reconnectTimer);
  if (source) {
    source.close();
    source = null;
  }
}

async function connect() {
  disconnect();
  const key = localStorage.getItem(KEY_STORAGE);
  if (!key) {
    askForKey();
    return;
  }
  setState('connecting', 'connecting…');
  let response;
  try {
    response = await fetch('/v1/stream/tokens', { method: 'POST', headers: { 'X-API-Key': key } });
  } catch (error) {
    retryLater('query-api unreachable');
    return;
  }
  if (response.status === 401 || response.status === 403) {
    const body = await response.json().catch(() => ({}));
    localStorage.removeItem(KEY_STORAGE);
    askForKey(body.error ?? 'the key was refused');
    return;
  }
  if (!response.ok) {
    retryLater(`token request answered ${response.status}`);
    return;
  }
  const { token } = await response.json();
  $('key-form').hidden = true;
  $('forget-key').hidden = false;
  showPage();
  source = new EventSource(`/v1/stream?token=${encodeURIComponent(token)}`);
  source.addEventListener('snapshot', (event) => {
    setState('live', 'live');
    render(JSON.parse(event.data));
  });
  // A token opens one stream only; after any break, get a new one rather than let EventSource retry with it.
  source.onerror = () => retryLater('connection lost');
}

function retryLater(reason) {
  disconnect();
  setState('down', `${reason}; retrying`);
  reconnectTimer = setTimeout(connect, RECONNECT_MS);
}

function render(snapshot) {
  $('as-of').textContent = `as of ${new Date(snapshot.asOf).toLocaleTimeString()}`;
  for (const [window, card] of cards) {
    const figures = snapshot.windows[window];
    card.querySelector('[data-field="revenue"]').textContent = formatMoney(figures.revenue);
    card.querySelector('[data-field="orders"]').textContent = formatCount(figures.orders);
    card.querySelector('[data-field="units"]').textContent = formatCount(figures.units);
    card.querySelector('[data-field="distinctCustomers"]').textContent = formatCount(figures.distinctCustomers);
  }
  updateChart(minutesChart, snapshot.minutes.map((m) => minuteLabel(m.bucket)), snapshot.minutes.map((m) => Number(m.revenue)));
  fillTable('categories', snapshot.categories.slice(0, 8), (g) => [g.key, formatMoney(g.revenue), formatCount(g.orders)]);
  fillTable('regions', snapshot.regions.slice(0, 8), (g) => [g.key, formatMoney(g.revenue), formatCount(g.orders)]);
  fillTable('products', snapshot.topProducts, (p) => [p.name ?? `#${p.productId}`, formatMoney(p.revenue), formatCount(p.units)]);
  const steps = snapshot.funnel.steps;
  updateChart(funnelChart, steps.map((s) => s.step.replace('_', ' ')), steps.map((s) => s.sessions));
  $('funnel-since').textContent = `since ${new Date(snapshot.funnel.from).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
  $('funnel-conversion').textContent = formatRatio(snapshot.funnel.overallConversion);
  const pipeline = snapshot.pipeline;
  $('consumer-lag').textContent = pipeline.consumerLag == null ? 'unknown (Kafka down)' : `${formatCount(pipeline.consumerLag)} events`;
  $('realtime-lag').textContent = pipeline.realtimeLag == null ? 'unknown (Redis down)'
    : pipeline.realtimeLag === 0 ? 'complete' : `${formatCount(pipeline.realtimeLag)} records behind, rebuilding from PostgreSQL`;
  $('freshness').textContent = pipeline.freshnessMs == null ? 'no events yet' : `newest event ${formatDuration(pipeline.freshnessMs)} ago`;
  $('events-stored').textContent = formatCount(pipeline.eventsStored);
  $('last-batch').textContent = pipeline.lastBatchAt ? new Date(pipeline.lastBatchAt).toLocaleTimeString() : '–';
}

function updateChart(chart, labels, values) {
  chart.data.labels = labels;
  chart.data.datasets[0].data = values;
  chart.update('none');
}

function fillTable(id, rows, cells) {
  const body = $(id).querySelector('tbody');
  body.replaceChildren(...rows.map((row) => {
    const tr = document.createElement('tr');
    const values = cells(row);
    tr.dataset.key = values[0];
    for (const value of values) {
      const td = document.createElement('td');
      td.textContent = value;
      tr.appendChild(td);
    }
    return tr;
  }));
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  localStorage.setItem(KEY_STORAGE, $('api-key').value.trim());
  $('api-key').value = '';
  connect();
});
$('forget-key').addEventListener('click', () => {
  localStorage.removeItem(KEY_STORAGE);
  askForKey();
});

// Two pages over one key: the live figures (#live, the default) and the database (#database).
function showPage() {
  const database = window.location.hash === '#database';
  $('dashboard').hidden = database;
  $('database').hidden = !database;
  $('nav-live').toggleAttribute('aria-current', !database);
  $('nav-database').toggleAttribute('aria-current', database);
  if (database) {
    $('nav-database').setAttribute('aria-current', 'page');
    showDatabase(localStorage.getItem(KEY_STORAGE));
  } else {
    $('nav-live').setAttribute('aria-current', 'page');
    hideDatabase();
  }
}
window.addEventListener('hashchange', () => {
  if (!$('key-form').hidden) return;
  showPage();
});

buildCards();
connect();
