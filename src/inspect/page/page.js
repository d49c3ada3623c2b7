// vigil's status page: everything comes from the daemon over one WebSocket (/live), which
// pushes the cluster's view, every actor's state and recent events as they change. Plain
// browser JavaScript, no framework, no build step, nothing loaded from elsewhere. Read-only:
// the page never sends anything that changes the cluster.
'use strict';

const EVENTS_SHOWN_MAX = 200;
const RECONNECT_MS = [500, 1000, 2000, 5000];
const EXPLAIN_REFRESH_MS = 2000;

const page = {
  self: '', readOnly: 'actions need the cluster key: use the vigil CLI',
  view: null, actors: [], selectedActor: null, selectedResource: null,
  svg: new Map(), shownMachine: null, lastSeq: 0, explainAt: 0, explainTimer: null, updates: 0,
};

const $ = (id) => document.getElementById(id);

/** An element with attributes and children (strings become text, never HTML). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('data-')) node.setAttribute(k, String(v));
    else if (k === 'title') node.title = v;
    else if (k === 'onclick') node.addEventListener('click', v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(c instanceof Node ? c : String(c));
  return node;
}

const GOOD = new Set(['started', 'monitoring', 'online', 'succeeded', 'confirmed']);
const BAD = new Set(['monitor-failed', 'stop-failed', 'blocked', 'unclean', 'failed', 'fenced']);
const WARN = new Set(['standby', 'maintenance', 'fencing', 'shutting-down', 'requested', 'unknown']);
const BUSY = new Set(['starting', 'stopping', 'probing', 'validating', 'migrating', 'cleanup', 'joining']);

function badge(state) {
  const kind = GOOD.has(state) ? 'ok' : BAD.has(state) ? 'bad' : WARN.has(state) ? 'warn' : BUSY.has(state) ? 'busy' : '';
  return el('span', { class: `state ${kind}`, 'data-state': state }, state);
}

function time(ms) {
  return ms ? new Date(ms).toLocaleTimeString() : '';
}

/** Where an action would be, the page says it is not allowed here and which command does it. */
function locked(commands) {
  return el('span', { class: 'locked', title: `${page.readOnly}: ${commands.join('; ')}` }, 'CLI only');
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function renderSummary(v) {
  $('cluster-name').textContent = v ? v.cluster : '';
  if (!v) {
    $('cluster-summary').textContent = `${page.self}: no coordinator has reported yet (no quorum, or the cluster is forming)`;
    return;
  }
  const g = v.generation;
  // Until the cluster has settled, say so (the same words as `vigil status`).
  const left = v.transition ? v.transition.left ?? v.transition.actions - v.transition.done - v.transition.failed : 0;
  const t = v.transition ? `; transition ${v.transition.id} in progress: ${left} action${left === 1 ? '' : 's'} left (${v.transition.done}/${v.transition.actions} done${v.transition.failed ? `, ${v.transition.failed} failed` : ''})`
    : v.settled === false ? '; transition in progress: a change waits to be scheduled' : '';
  $('cluster-summary').replaceChildren(
    'coordinator ', el('strong', { id: 'coordinator' }, v.coordinator ?? 'none'), ` (epoch `, el('strong', { id: 'epoch' }, String(v.epoch)), ')',
    `; quorum ${v.quorum ? 'yes' : 'NO'}; config ${g.adminEpoch}.${g.epoch}.${g.updates}${t}; served by ${page.self}; updated ${time(v.updatedAtMs)}`,
  );
}

function renderNodes(v) {
  fill($('nodes').tBodies[0], (v?.nodes ?? []).map((n) => el('tr', {
    'data-node': n.name, 'data-state': n.state, class: page.selectedActor === `node:${n.name}` ? 'selected' : '',
    onclick: () => select(`node:${n.name}`, null),
  },
  el('td', {}, el('strong', {}, n.name)), el('td', {}, badge(n.state)), el('td', {}, n.mode), el('td', {}, n.member ? 'yes' : 'no'),
  el('td', { class: 'muted' }, [n.reason, n.recoveryBlocked ? `recovery waits: ${n.recoveryBlocked}` : ''].filter(Boolean).join('; ')),
  el('td', { class: 'attributes', 'data-attributes': attributesText(n.attributes) }, attributesText(n.attributes)),
  el('td', {}, locked([`vigil node standby ${n.name}`, `vigil node online ${n.name}`, `vigil node attribute ${n.name} NAME VALUE`])))));
}

/** A node's attributes as `vigil status` prints them: name=value, permanent ones marked. */
function attributesText(attributes) {
  return (attributes ?? []).map((a) => `${a.name}=${a.value}${a.lifetime === 'forever' ? ' (forever)' : ''}`).join(', ');
}

/** The actor that runs a resource's instance on `node` (clone instances share the child's id). */
function instanceActor(resourceId, node) {
  const base = resourceId.replace(/:\d+$/, '');
  const ids = [`resource:${resourceId}@${node}`, `resource:${base}@${node}`, `fence:${resourceId}@${node}/lifecycle`, `fence:${resourceId}@${node}`];
  return ids.find((id) => page.actors.some((a) => a.id === id)) ?? null;
}

function renderResources(v) {
  fill($('resources').tBodies[0], (v?.resources ?? []).map((r) => {
    const failCount = r.instances.reduce((n, i) => Math.max(n, i.failCount), 0);
    const instances = el('td', { class: 'instances' }, r.instances.map((i) => el('span', { 'data-instance': i.node },
      `${i.node}: `, badge(i.state), i.failCount ? ` ×${i.failCount}` : '')));
    return el('tr', {
      'data-resource': r.id, 'data-state': r.state, 'data-node': r.node ?? '', 'data-fail-count': failCount,
      class: page.selectedResource === r.id ? 'selected' : '',
      onclick: () => select(instanceActor(r.id, r.node ?? r.instances[0]?.node ?? ''), r.id),
    },
    el('td', {}, el('strong', {}, r.id), r.parent ? el('span', { class: 'muted' }, ` (${r.parent})`) : '', r.targetRole ? el('span', { class: 'muted' }, ` target-role ${r.targetRole}`) : ''),
    el('td', {}, badge(r.state)), el('td', {}, r.node ?? '—'), instances,
    el('td', {}, locked([`vigil resource move ${r.id} NODE`, `vigil resource cleanup ${r.id}`])));
  }));
}

function renderFailures(v) {
  const failures = v?.failures ?? [];
  $('failures-empty').hidden = failures.length > 0;
  fill($('failures').tBodies[0], failures.map((f) => el('tr', {
    'data-failure': `${f.resource}@${f.node}`, 'data-fail-count': f.failCount, onclick: () => select(instanceActor(f.resource, f.node), f.resource),
  },
  el('td', {}, f.resource), el('td', {}, f.node), el('td', {}, f.intervalMs ? `${f.operation} (every ${f.intervalMs / 1000}s)` : f.operation),
  el('td', {}, String(f.rc)), el('td', {}, String(f.failCount)), el('td', { class: 'muted' }, f.reason), el('td', {}, time(f.atMs)))));
}

function renderFailCounts(v) {
  const rows = (v?.resources ?? []).flatMap((r) => r.instances.filter((i) => i.failCount > 0).map((i) => ({ r, i })));
  $('fail-counts-empty').hidden = rows.length > 0;
  fill($('fail-counts').tBodies[0], rows.map(({ r, i }) => el('tr', {
    'data-fail-count-of': `${r.id}@${i.node}`, 'data-fail-count': i.failCount, onclick: () => select(instanceActor(r.id, i.node), r.id),
  },
  el('td', {}, r.id), el('td', {}, i.node), el('td', {}, String(i.failCount)), el('td', {}, badge(i.state)),
  el('td', { class: 'muted' }, `${i.rc === null ? '' : `rc ${i.rc}`}${i.reason ? ` ${i.reason}` : ''}`),
  el('td', {}, locked([`vigil resource cleanup ${r.id} ${i.node}`])))));
}

function renderFencing(v) {
  const records = [...(v?.fencing ?? [])].reverse();
  $('fencing-empty').hidden = records.length > 0;
  fill($('fencing').tBodies[0], records.map((f) => el('tr', { 'data-fence': f.target, onclick: () => select(`node:${f.target}`, null) },
    el('td', {}, time(f.atMs)), el('td', {}, f.target), el('td', {}, f.action), el('td', {}, badge(f.result)),
    el('td', {}, f.by ?? ''), el('td', {}, String(f.epoch)), el('td', { class: 'muted' }, f.reason))));
}

function renderActorSelect() {
  const select = $('actor-select');
  const ids = page.actors.map((a) => a.id);
  if (select.options.length !== ids.length || [...select.options].some((o, i) => o.value !== ids[i])) {
    select.replaceChildren(...page.actors.map((a) => el('option', { value: a.id }, `${a.id} (${a.machine})`)));
  }
  if (page.selectedActor) select.value = page.selectedActor;
}

async function machineSvg(machine) {
  if (!page.svg.has(machine)) {
    const res = await fetch(`/api/diagram/${machine}.svg`);
    if (!res.ok) throw new Error(`diagram ${machine}: HTTP ${res.status}`);
    page.svg.set(machine, await res.text());
  }
  return page.svg.get(machine);
}

async function renderDiagram() {
  const actor = page.actors.find((a) => a.id === page.selectedActor);
  const box = $('diagram');
  if (!actor) {
    $('actor-state').textContent = page.selectedActor ? `${page.selectedActor}: not running now` : 'Click a node or a resource to see its statechart.';
    return;
  }
  $('actor-state').textContent = `${actor.id}: ${actor.state}${actor.exact ? '' : ' (as the cluster status reports it)'}`;
  if (page.shownMachine !== actor.machine) {
    const svg = await machineSvg(actor.machine);
    box.innerHTML = svg; // drawn by this daemon from the machine definition
    page.shownMachine = actor.machine;
    box.dataset.machine = actor.machine;
  }
  const active = new Set(actor.active);
  let firstLeaf = null; // in document order: the main region of a parallel machine comes first
  for (const g of box.querySelectorAll('g.state[data-id]')) {
    const on = active.has(g.dataset.id) && g.dataset.id !== actor.machine;
    g.classList.toggle('is-active', on);
    for (const shape of g.querySelectorAll(':scope > rect, :scope > circle')) shape.classList.toggle('active', on);
    if (on && !firstLeaf && g.querySelector(':scope > rect:not(.cont)')) firstLeaf = g;
  }
  const key = `${actor.id}=${actor.state}`;
  if (firstLeaf && box.dataset.shown !== key) centerOn(box, firstLeaf);
  box.dataset.shown = key;
  box.dataset.actor = actor.id;
}

/** Scrolls the diagram (not the page) so that `target` is in the middle of it. */
function centerOn(box, target) {
  const b = box.getBoundingClientRect();
  const t = target.getBoundingClientRect();
  box.scrollLeft += t.left + t.width / 2 - (b.left + box.clientWidth / 2);
  box.scrollTop += t.top + t.height / 2 - (b.top + box.clientHeight / 2);
}

function scoreText(score) {
  return score >= 1000000 ? 'INFINITY' : score <= -1000000 ? '-INFINITY' : String(score);
}

function renderExplanation(data) {
  const body = $('explain-body');
  const e = data.explanation;
  const rows = e ? e.scores.map((s) => el('tr', { 'data-score-node': s.node },
    el('td', {}, s.node), el('td', {}, scoreText(s.total)),
    el('td', { class: 'muted' }, s.parts.map((p) => `${p.source} ${scoreText(p.score)}`).join(', ')))) : [];
  body.replaceChildren(
    e ? el('p', {}, e.placed ? `Placed on ${e.placed}` : 'Placed nowhere', e.current.length ? ` (runs on ${e.current.join(', ')} now)` : '') : el('p', {}, 'The scheduler does not place this resource.'),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Node'), el('th', {}, 'Score'), el('th', {}, 'Made of'))), el('tbody', {}, rows)),
    el('ul', { id: 'explain-reasons' }, (e?.reasons ?? []).map((r) => el('li', {}, r)), (e?.rejected ?? []).map((r) => el('li', {}, `${r.nodes.join(', ')} rejected: ${r.reason}`))),
    el('p', { class: 'muted' }, data.summary.length ? `Transition summary now: ${data.summary.join('; ')}` : 'Transition summary now: nothing to change',
      data.from === 'view' ? ' (computed here from the replicated status)' : ''),
  );
}

async function refreshExplanation() {
  page.explainTimer = null;
  const id = page.selectedResource;
  $('explain').hidden = !id;
  if (!id) return;
  $('explain-resource').textContent = id;
  page.explainAt = Date.now();
  try {
    const res = await fetch(`/api/explain?resource=${encodeURIComponent(id)}`);
    const data = await res.json();
    if (id !== page.selectedResource) return;
    if (data.summary) renderExplanation(data);
    else $('explain-body').textContent = data.error;
  } catch (error) {
    $('explain-body').textContent = `could not ask the daemon: ${error.message}`;
  }
}

function explainSoon() {
  if (!page.selectedResource || page.explainTimer) return;
  page.explainTimer = setTimeout(refreshExplanation, Math.max(0, page.explainAt + EXPLAIN_REFRESH_MS - Date.now()));
}

function select(actorId, resourceId) {
  page.selectedActor = actorId;
  page.selectedResource = resourceId;
  render();
  void refreshExplanation();
}

function render() {
  const v = page.view;
  renderSummary(v);
  renderNodes(v);
  renderResources(v);
  renderFailures(v);
  renderFailCounts(v);
  renderFencing(v);
  renderActorSelect();
  renderDiagram().catch((error) => { $('actor-state').textContent = error.message; });
  document.body.dataset.updates = String(++page.updates);
}

function addEvents(events) {
  const list = $('events');
  for (const e of events) {
    if (e.seq <= page.lastSeq) continue;
    page.lastSeq = e.seq;
    list.prepend(el('li', { class: e.level, 'data-seq': e.seq, 'data-source': e.source },
      `${time(e.atMs)} `, el('span', { class: 'src' }, e.source === 'coordinator' ? '[coordinator] ' : ''), e.message));
  }
  while (list.children.length > EVENTS_SHOWN_MAX) list.lastElementChild.remove();
}

function onMessage(msg) {
  if (msg.type === 'hello') {
    page.self = msg.self;
    page.readOnly = msg.readOnly;
    page.lastSeq = 0;
    $('events').replaceChildren();
    $('inspector-link').hidden = !msg.inspector;
  } else if (msg.type === 'status') {
    page.view = msg.view;
    page.actors = msg.actors;
    if (!page.selectedActor && page.actors.length > 0) page.selectedActor = page.actors[0].id;
    render();
    explainSoon();
  } else if (msg.type === 'events') {
    addEvents(msg.events);
  }
}

function connect(attempt = 0) {
  const conn = $('connection');
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/live`);
  ws.onopen = () => {
    attempt = 0;
    conn.dataset.state = 'live';
    conn.textContent = 'live';
  };
  ws.onmessage = (e) => onMessage(JSON.parse(e.data));
  ws.onclose = () => {
    conn.dataset.state = 'lost';
    conn.textContent = 'disconnected: retrying';
    setTimeout(() => connect(attempt + 1), RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)]);
  };
}

/** The view's resource an instance actor belongs to (an anonymous clone's child id names them all). */
function resourceOfActor(actorId) {
  const m = /^(?:resource|fence):(.+)@([^@/]+)(?:\/lifecycle)?$/.exec(actorId);
  if (!m) return null;
  const [, id, node] = m;
  const r = (page.view?.resources ?? []).find((x) => (x.id === id || x.id.replace(/:\d+$/, '') === id) && x.instances.some((i) => i.node === node));
  return r ? r.id : id;
}

$('actor-select').addEventListener('change', (e) => select(e.target.value, resourceOfActor(e.target.value)));
$('read-only').querySelector('strong').textContent = page.readOnly;
connect();
