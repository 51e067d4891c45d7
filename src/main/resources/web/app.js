// pushrec demo shop — plain browser JS, no dependencies, no build step.
// All server data is rendered with textContent (never innerHTML).
'use strict';

(() => {
  const ITEMS_LIMIT = 200;
  const RECS_K = 10;
  const MAX_PUSHES = 20;
  const LATENCY_WINDOW_MS = 5000;
  const BACKOFF_MIN_MS = 500;
  const BACKOFF_MAX_MS = 10000;
  const UID_KEY = 'pushrec.demo.userId';
  // How long and how often the page looks for a newly added item in the user's recommendations.
  const NEW_ITEM_WATCH_MS = 5000;
  const NEW_ITEM_POLL_MS = 100;
  const EVENT_LABELS = {
    view: 'view', cart: 'add to cart', favorite: 'favourite', purchase: 'purchase', click: 'click',
  };

  // ---------- DOM ----------
  const $ = (id) => document.getElementById(id);
  const el = {
    userForm: $('user-form'),
    userId: $('user-id'),
    userNew: $('user-new'),
    status: $('status'),
    statusText: $('status-text'),
    category: $('category'),
    search: $('search'),
    grid: $('grid'),
    itemCount: $('item-count'),
    cardTpl: $('item-card'),
    latencyValue: $('latency-value'),
    latencyDetail: $('latency-detail'),
    latency: $('latency'),
    recs: $('recs'),
    recsEmpty: $('recs-empty'),
    recsRefresh: $('recs-refresh'),
    pushes: $('pushes'),
    pushesEmpty: $('pushes-empty'),
    pushCount: $('push-count'),
    toasts: $('toasts'),
    addForm: $('add-item'),
    addTitle: $('add-title'),
    addCategory: $('add-category'),
    addBrand: $('add-brand'),
    addSubmit: $('add-submit'),
    addResult: $('add-result'),
    addCategoryList: $('add-category-list'),
  };

  // ---------- helpers ----------
  function h(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function randomUserId() {
    return 'demo-' + String(1000 + Math.floor(Math.random() * 9000));
  }

  // crypto.randomUUID only exists in secure contexts (https / localhost);
  // fall back to getRandomValues so the demo also works over plain http on a LAN.
  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') {
      return window.crypto.randomUUID();
    }
    const b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function str(v) {
    return v === undefined || v === null ? '' : String(v);
  }

  // Long category paths ("electronics.audio.headphone", "Home > Kitchen > Pans") -> last part.
  function shortCategory(cat) {
    const c = str(cat).trim();
    if (c.length <= 18) return c;
    const parts = c.split(/\s*[>/|.]\s*/).filter(Boolean);
    return parts.length > 1 ? parts[parts.length - 1] : c;
  }

  const priceFmt = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  function formatPrice(p) {
    const n = typeof p === 'number' ? p : (p === null || p === undefined || p === '' ? NaN : Number(p));
    return Number.isFinite(n) ? priceFmt.format(n) : '';
  }

  function formatScore(s) {
    const n = typeof s === 'number' ? s : Number(s);
    return Number.isFinite(n) ? n.toFixed(3) : '—';
  }

  function formatTime(ms) {
    const d = new Date(ms);
    return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  }

  function itemLabel(it) {
    const t = str(it && it.title).trim();
    return t || `item ${str(it && it.itemId)}`;
  }

  async function readError(res) {
    let msg = `HTTP ${res.status}`;
    try {
      const body = await res.json();
      if (body && typeof body.error === 'string' && body.error) {
        msg = body.error + (body.field ? ` (${body.field})` : '');
      }
    } catch (_) { /* non-JSON error body */ }
    return msg;
  }

  async function getJson(url, signal) {
    const res = await fetch(url, { headers: { Accept: 'application/json' }, signal });
    if (!res.ok) throw new Error(await readError(res));
    return res.json();
  }

  // ---------- toasts ----------
  function toast(message, kind = 'ok') {
    const t = h('div', `toast toast-${kind}`, message);
    el.toasts.appendChild(t);
    while (el.toasts.children.length > 4) el.toasts.firstElementChild.remove();
    setTimeout(() => {
      t.classList.add('toast-out');
      setTimeout(() => t.remove(), 300);
    }, kind === 'error' ? 4000 : 1800);
  }

  // ---------- state ----------
  const state = {
    userId: '',
    items: [],
    categories: new Set(),
    itemsById: new Map(),
    pendingSends: [], // performance.now() of recent event POSTs, for latency
    latencies: [],
    seenPushIds: new Set(),
    lastPushId: null,
    pushCount: 0,
    added: [], // items added from this page: kept at the head of the grid, as a new item is never among the most popular
    watchGeneration: 0,
  };

  // ---------- user id ----------
  function loadUserId() {
    let id = '';
    try { id = localStorage.getItem(UID_KEY) || ''; } catch (_) { /* storage disabled */ }
    if (!id.trim()) {
      id = randomUserId();
      saveUserId(id);
    }
    return id.trim();
  }

  function saveUserId(id) {
    try { localStorage.setItem(UID_KEY, id); } catch (_) { /* ignore */ }
  }

  function setUser(id) {
    id = str(id).trim();
    if (!id) {
      el.userId.value = state.userId;
      return;
    }
    el.userId.value = id;
    if (id === state.userId) return;
    state.userId = id;
    saveUserId(id);
    // Per-user state is reset: pushes, resume point, latency.
    state.seenPushIds.clear();
    state.lastPushId = null;
    state.pushCount = 0;
    state.pendingSends = [];
    el.pushes.replaceChildren();
    renderPushMeta();
    renderRecs([]);
    el.recsEmpty.textContent = 'Loading…';
    socket.connect(true);
    refreshRecs();
    document.dispatchEvent(new CustomEvent('pushrec:user', { detail: id }));
  }

  el.userForm.addEventListener('submit', (e) => {
    e.preventDefault();
    setUser(el.userId.value);
    el.userId.blur();
  });
  el.userId.addEventListener('change', () => setUser(el.userId.value));
  el.userNew.addEventListener('click', () => setUser(randomUserId()));

  // ---------- connection status ----------
  function setStatus(s, text) {
    el.status.dataset.state = s;
    el.statusText.textContent = text;
  }

  // ---------- items ----------
  let itemsAbort = null;

  async function loadItems() {
    const category = el.category.value;
    const params = new URLSearchParams({ limit: String(ITEMS_LIMIT) });
    if (category) params.set('category', category);
    if (itemsAbort) itemsAbort.abort();
    const ctrl = new AbortController();
    itemsAbort = ctrl;
    el.grid.setAttribute('aria-busy', 'true');
    try {
      const body = await getJson(`/v1/items?${params}`, ctrl.signal);
      const items = Array.isArray(body && body.items) ? body.items : [];
      const fetched = items.filter((it) => it && it.itemId !== undefined && it.itemId !== null);
      const fetchedIds = new Set(fetched.map((it) => str(it.itemId)));
      state.items = state.added
        .filter((it) => !fetchedIds.has(it.itemId) && (!category || str(it.category) === category))
        .concat(fetched);
      state.total = typeof body.total === 'number' ? body.total : null;
      for (const it of state.items) {
        state.itemsById.set(str(it.itemId), it);
        const c = str(it.category).trim();
        if (c) state.categories.add(c);
      }
      renderCategories();
      renderItems();
    } catch (err) {
      if (err.name === 'AbortError') return;
      const p = h('p', 'empty empty-error', `Could not load items: ${err.message}`);
      const retry = h('button', 'btn', 'Retry');
      retry.type = 'button';
      retry.addEventListener('click', loadItems);
      p.append(' ', retry);
      el.grid.replaceChildren(p);
      el.itemCount.textContent = '';
    } finally {
      if (itemsAbort === ctrl) {
        itemsAbort = null;
        el.grid.setAttribute('aria-busy', 'false');
      }
    }
  }

  function renderCategories() {
    const current = el.category.value;
    const sorted = Array.from(state.categories).sort((a, b) => a.localeCompare(b));
    const opts = [new Option('All categories', '')];
    for (const c of sorted) {
      const o = new Option(c.length > 48 ? `…${c.slice(-47)}` : c, c);
      o.title = c;
      opts.push(o);
    }
    el.category.replaceChildren(...opts);
    el.category.value = current;
    el.addCategoryList.replaceChildren(...sorted.map((c) => new Option(c)));
  }

  function renderItems() {
    const q = el.search.value.trim().toLowerCase();
    const visible = q ? state.items.filter((it) => itemLabel(it).toLowerCase().includes(q)) : state.items;
    const frag = document.createDocumentFragment();
    for (const it of visible) frag.appendChild(buildCard(it));
    if (!visible.length) {
      frag.appendChild(h('p', 'empty', state.items.length ? 'No items match your search.' : 'No items in this category.'));
    }
    el.grid.replaceChildren(frag);
    let count = `${visible.length} shown`;
    if (typeof state.total === 'number') count += ` · ${state.total.toLocaleString()} in catalogue`;
    el.itemCount.textContent = count;
  }

  function buildCard(it) {
    const node = el.cardTpl.content.firstElementChild.cloneNode(true);
    const id = str(it.itemId);
    node.dataset.itemId = id;
    if (state.added.some((a) => a.itemId === id)) node.classList.add('card-added');
    const part = (r) => node.querySelector(`[data-role="${r}"]`);

    const title = part('title');
    title.textContent = itemLabel(it);
    title.title = `${itemLabel(it)} — click to send a "click" event`;

    const brand = str(it.brand).trim();
    part('brand').textContent = brand || 'no brand';
    if (!brand) part('brand').classList.add('muted');

    const cat = str(it.category).trim();
    const catEl = part('category');
    if (cat) {
      catEl.textContent = shortCategory(cat);
      catEl.title = cat;
    } else {
      catEl.remove();
    }

    // The demo catalogue has no prices; say nothing rather than a placeholder on every card.
    part('price').textContent = formatPrice(it.price);
    if (it.available === false) {
      part('unavailable').hidden = false;
      node.classList.add('card-unavailable');
    }
    return node;
  }

  // Event delegation for all card buttons.
  el.grid.addEventListener('click', (e) => {
    const btn = e.target.closest('button');
    if (!btn || !el.grid.contains(btn)) return;
    const card = btn.closest('.card');
    if (!card) return;
    const itemId = card.dataset.itemId;
    if (btn.dataset.role === 'title') {
      sendEvent('click', itemId, { source: 'demo' }, btn);
    } else if (btn.dataset.type) {
      sendEvent(btn.dataset.type, itemId, { source: 'demo' }, btn);
    }
  });

  el.category.addEventListener('change', loadItems);

  // ---------- adding an item ----------
  // Ids follow the item API's rule (1-128 printable characters); the prefix keeps demo items recognisable.
  function newItemId() {
    return 'new-' + uuid().replace(/-/g, '').slice(0, 12);
  }

  function showAddResult(message, kind) {
    el.addResult.textContent = message;
    el.addResult.dataset.kind = kind;
  }

  async function addItem(title, category, brand) {
    const itemId = newItemId();
    const item = { title };
    if (category) item.category = category;
    if (brand) item.brand = brand;
    el.addSubmit.disabled = true;
    showAddResult('Adding…', 'busy');
    const sentAt = performance.now();
    try {
      const res = await fetch(`/v1/items/${encodeURIComponent(itemId)}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(item),
      });
      if (!res.ok) {
        showAddResult(`Not added: ${await readItemError(res)}`, 'error');
        return;
      }
      const added = Object.assign({ itemId }, item);
      state.added.unshift(added);
      state.itemsById.set(itemId, added);
      if (!el.category.value || category === el.category.value) state.items.unshift(added);
      if (category) {
        state.categories.add(category);
        renderCategories();
      }
      renderItems();
      el.addForm.reset();
      await watchRecommendations(added, sentAt);
    } catch (err) {
      showAddResult(`Not added: ${err.message || 'network error'}`, 'error');
    } finally {
      el.addSubmit.disabled = false;
    }
  }

  // The item API answers 4xx with {"error", "field"}: name the field first, as the form labels do.
  async function readItemError(res) {
    try {
      const body = await res.json();
      if (body && typeof body.error === 'string' && body.error) {
        return body.field ? `${body.field} ${body.error}` : body.error;
      }
    } catch (_) { /* non-JSON error body */ }
    return `HTTP ${res.status}`;
  }

  // Asks for the current user's recommendations until the new item is among them or the watch ends; the time
  // reported runs from sending the PUT, so it covers the text encoding, the catalogue broadcast and the scoring.
  async function watchRecommendations(item, sentAt) {
    const uid = state.userId;
    const generation = ++state.watchGeneration;
    const label = `"${itemLabel(item)}"`;
    showAddResult(`Added ${label}; looking for it in ${uid}'s recommendations…`, 'busy');
    const deadline = sentAt + NEW_ITEM_WATCH_MS;
    let lastError = '';
    while (generation === state.watchGeneration && uid === state.userId) {
      try {
        const body = await getJson(`/v1/users/${encodeURIComponent(uid)}/recommendations?k=${RECS_K}`);
        const items = Array.isArray(body && body.items) ? body.items : [];
        const rank = items.findIndex((it) => it && str(it.itemId) === item.itemId);
        if (rank >= 0) {
          const ms = Math.round(performance.now() - sentAt);
          if (generation !== state.watchGeneration || uid !== state.userId) break;
          renderRecs(items);
          const row = el.recs.querySelector(`[data-item-id="${CSS.escape(item.itemId)}"]`);
          if (row) row.classList.add('rec-added');
          showAddResult(`Added ${label}: it appeared in your recommendations after ${ms} ms (#${rank + 1} of ${items.length}).`, 'ok');
          return;
        }
        lastError = '';
      } catch (err) {
        lastError = err.message || 'network error';
      }
      if (performance.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, NEW_ITEM_POLL_MS));
    }
    if (generation !== state.watchGeneration) return;
    if (uid !== state.userId) {
      showAddResult(`Added ${label}; stopped looking for it when the user changed.`, 'warn');
      return;
    }
    refreshRecs();
    const waited = (NEW_ITEM_WATCH_MS / 1000).toFixed(0);
    showAddResult(lastError
      ? `Added ${label}, but the recommendations could not be read: ${lastError}`
      : `Added ${label}: not in your top ${RECS_K} yet after ${waited} s. View a few similar items, then Refresh.`, 'warn');
  }

  el.addForm.addEventListener('submit', (e) => {
    e.preventDefault();
    addItem(el.addTitle.value.trim(), el.addCategory.value.trim(), el.addBrand.value.trim());
  });
  let searchTimer = 0;
  el.search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(renderItems, 80);
  });

  // ---------- events ----------
  // Feedback on a push (impression, dismiss) is sent without a toast and is not timed as event -> push latency.
  async function sendFeedback(type, itemId, pushId) {
    try {
      const res = await fetch('/v1/events', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({
          eventId: uuid(), userId: state.userId, type, itemId: str(itemId), timestamp: Date.now(),
          context: { pushId, source: 'push' },
        }),
      });
      if (!res.ok) toast(`${type} failed: ${await readError(res)}`, 'error');
    } catch (err) {
      toast(`${type} failed: ${err.message || 'network error'}`, 'error');
    }
  }

  async function sendEvent(type, itemId, context, button) {
    const event = {
      eventId: uuid(),
      userId: state.userId,
      type,
      itemId: str(itemId),
      timestamp: Date.now(),
      context,
    };
    const label = EVENT_LABELS[type] || type;
    const sentAt = performance.now();
    state.pendingSends.push(sentAt);
    if (button) button.classList.add('btn-busy');
    try {
      const res = await fetch('/v1/events', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(event),
      });
      if (!res.ok) {
        forgetSend(sentAt);
        toast(`${label} failed: ${await readError(res)}`, 'error');
        return;
      }
      toast(`${label} sent ✓`);
      scheduleRecsRefresh();
    } catch (err) {
      forgetSend(sentAt);
      toast(`${label} failed: ${err.message || 'network error'}`, 'error');
    } finally {
      if (button) button.classList.remove('btn-busy');
    }
  }

  function forgetSend(sentAt) {
    const i = state.pendingSends.indexOf(sentAt);
    if (i >= 0) state.pendingSends.splice(i, 1);
  }

  // ---------- latency ----------
  // A push arriving within 5 s of an event sent from this page is attributed to the
  // oldest such event; all pending sends are then consumed.
  function measureLatency(arrivedAt) {
    const recent = state.pendingSends.filter((t) => arrivedAt - t <= LATENCY_WINDOW_MS && t <= arrivedAt);
    state.pendingSends = [];
    if (!recent.length) return;
    const ms = Math.round(arrivedAt - Math.min(...recent));
    state.latencies.push(ms);
    if (state.latencies.length > 20) state.latencies.shift();
    const sorted = [...state.latencies].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    el.latencyValue.textContent = `${ms} ms`;
    el.latencyDetail.textContent = state.latencies.length > 1
      ? `median ${median} ms over last ${state.latencies.length}`
      : 'from event POST to push arrival';
    el.latency.classList.remove('flash');
    void el.latency.offsetWidth; // restart animation
    el.latency.classList.add('flash');
  }

  // ---------- recommendations ----------
  let recsTimer = 0;
  let recsAbort = null;

  function scheduleRecsRefresh(delay = 250) {
    clearTimeout(recsTimer);
    recsTimer = setTimeout(refreshRecs, delay);
  }

  async function refreshRecs() {
    clearTimeout(recsTimer);
    const uid = state.userId;
    if (recsAbort) recsAbort.abort();
    const ctrl = new AbortController();
    recsAbort = ctrl;
    try {
      const body = await getJson(`/v1/users/${encodeURIComponent(uid)}/recommendations?k=${RECS_K}`, ctrl.signal);
      if (uid !== state.userId) return;
      renderRecs(Array.isArray(body && body.items) ? body.items : []);
    } catch (err) {
      if (err.name === 'AbortError' || uid !== state.userId) return;
      renderRecs([]);
      el.recsEmpty.textContent = `Could not load recommendations: ${err.message}`;
      el.recsEmpty.classList.add('empty-error');
    } finally {
      if (recsAbort === ctrl) recsAbort = null;
    }
  }

  function renderRecs(items) {
    const frag = document.createDocumentFragment();
    for (const it of items) {
      if (!it || it.itemId === undefined || it.itemId === null) continue;
      frag.appendChild(buildRecRow(it, { source: 'demo' }, 'li', 'rec'));
    }
    el.recs.replaceChildren(frag);
    el.recsEmpty.classList.remove('empty-error');
    el.recsEmpty.textContent = 'No recommendations yet — interact with a few items.';
    el.recsEmpty.hidden = el.recs.children.length > 0;
  }

  // One recommended item row (used by both the recommendations list and push cards).
  function buildRecRow(it, clickContext, tag, className) {
    const known = state.itemsById.get(str(it.itemId));
    const title = str(it.title).trim() || (known && str(known.title).trim()) || `item ${str(it.itemId)}`;
    const row = h(tag, className);
    row.dataset.itemId = str(it.itemId);
    const main = h('div', 'rec-main');
    const titleEl = h('span', 'rec-title', title);
    titleEl.title = title;
    main.appendChild(titleEl);
    const metaBits = [str(it.brand).trim(), shortCategory(it.category)].filter(Boolean);
    if (metaBits.length) main.appendChild(h('span', 'rec-meta', metaBits.join(' · ')));
    if (str(it.reason).trim()) main.appendChild(h('span', 'rec-reason', it.reason));
    row.appendChild(main);
    const side = h('div', 'rec-side');
    const score = h('span', 'score', formatScore(it.score));
    score.title = 'score';
    side.appendChild(score);
    const btn = h('button', 'btn btn-small', 'click');
    btn.type = 'button';
    btn.title = `Send a "click" event for ${title}`;
    btn.addEventListener('click', () => sendEvent('click', str(it.itemId), clickContext, btn));
    side.appendChild(btn);
    row.appendChild(side);
    return row;
  }

  el.recsRefresh.addEventListener('click', () => refreshRecs());

  // ---------- pushes ----------
  function handleFrame(data, arrivedAt) {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch (_) {
      console.debug('pushrec: ignoring non-JSON frame', data);
      return;
    }
    if (!msg || typeof msg !== 'object' || msg.type !== 'recommendations') {
      console.debug('pushrec: ignoring frame of type', msg && msg.type);
      return;
    }
    const pushId = msg.pushId === undefined || msg.pushId === null ? '' : str(msg.pushId);
    if (pushId) {
      if (state.seenPushIds.has(pushId)) return; // replayed on resume
      state.seenPushIds.add(pushId);
      if (state.seenPushIds.size > 500) state.seenPushIds.delete(state.seenPushIds.values().next().value);
      state.lastPushId = pushId;
    }
    measureLatency(arrivedAt);
    renderPush(msg, pushId);
    scheduleRecsRefresh(50);
  }

  function renderPush(msg, pushId) {
    const created = typeof msg.createdAt === 'number' && Number.isFinite(msg.createdAt) ? msg.createdAt : Date.now();
    const items = Array.isArray(msg.items) ? msg.items : [];
    const card = h('li', 'push fresh');
    const head = h('div', 'push-head');
    const time = h('time', 'push-time', formatTime(created));
    time.dateTime = new Date(created).toISOString();
    head.appendChild(time);
    head.appendChild(h('span', 'push-n', `${items.length} item${items.length === 1 ? '' : 's'}`));
    card.appendChild(head);
    if (str(msg.text).trim()) card.appendChild(h('p', 'push-text', msg.text));
    else if (str(msg.reason).trim()) card.appendChild(h('p', 'push-reason', msg.reason));
    if (str(msg.kind) === 're-engagement') head.appendChild(h('span', 'push-kind', 'we missed you'));
    const list = h('ol', 'push-items');
    for (const it of items) {
      if (!it || it.itemId === undefined || it.itemId === null) continue;
      const row = buildRecRow(it, { pushId, source: 'push' }, 'li', 'rec');
      if (pushId) {
        const dismiss = h('button', 'btn btn-small btn-ghost', '✕');
        dismiss.type = 'button';
        dismiss.title = 'Not interested: send a "dismiss" event';
        dismiss.addEventListener('click', () => {
          sendFeedback('dismiss', it.itemId, pushId);
          row.classList.add('rec-dismissed');
          dismiss.disabled = true;
        });
        row.querySelector('.rec-side').appendChild(dismiss);
      }
      list.appendChild(row);
    }
    // The card is on screen: that is the push's impression, reported once per pushId.
    if (pushId && items.length) sendFeedback('impression', items[0].itemId, pushId);
    card.appendChild(list);
    if (pushId) card.title = `push ${pushId}`;
    card.addEventListener('animationend', () => card.classList.remove('fresh'), { once: true });
    // Fallback in case animations are disabled.
    setTimeout(() => card.classList.remove('fresh'), 3000);

    el.pushes.prepend(card);
    while (el.pushes.children.length > MAX_PUSHES) el.pushes.lastElementChild.remove();
    state.pushCount += 1;
    renderPushMeta();
  }

  function renderPushMeta() {
    el.pushesEmpty.hidden = el.pushes.children.length > 0;
    el.pushCount.textContent = state.pushCount ? `${state.pushCount} received` : '';
  }

  // ---------- websocket with back-off + resume ----------
  const socket = (() => {
    let ws = null;
    let generation = 0;
    let attempt = 0;
    let retryTimer = 0;
    let countdownTimer = 0;

    function url() {
      const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
      let u = `${proto}//${location.host}/v1/users/${encodeURIComponent(state.userId)}/push`;
      if (state.lastPushId) u += `?lastPushId=${encodeURIComponent(state.lastPushId)}`;
      return u;
    }

    function clearTimers() {
      clearTimeout(retryTimer);
      clearInterval(countdownTimer);
      retryTimer = 0;
      countdownTimer = 0;
    }

    function close() {
      generation += 1;
      clearTimers();
      if (ws) {
        const old = ws;
        ws = null;
        old.onopen = old.onmessage = old.onclose = old.onerror = null;
        try { old.close(1000, 'reconnect'); } catch (_) { /* ignore */ }
      }
    }

    function connect(reset) {
      close();
      if (reset) attempt = 0;
      const gen = generation;
      setStatus(attempt === 0 ? 'connecting' : 'reconnecting', attempt === 0 ? 'connecting…' : 'reconnecting…');
      let sock;
      try {
        sock = new WebSocket(url());
      } catch (err) {
        console.warn('pushrec: websocket failed', err);
        scheduleRetry(gen);
        return;
      }
      ws = sock;
      sock.onopen = () => {
        if (gen !== generation) return;
        attempt = 0;
        setStatus('connected', 'connected');
      };
      sock.onmessage = (e) => {
        if (gen !== generation) return;
        const arrivedAt = performance.now();
        if (typeof e.data === 'string') handleFrame(e.data, arrivedAt);
      };
      sock.onclose = () => {
        if (gen !== generation) return;
        ws = null;
        scheduleRetry(gen);
      };
      sock.onerror = () => { /* onclose follows */ };
    }

    // 0.5 s doubling up to 10 s, with jitter (random in [50 %, 100 %] of the step).
    function scheduleRetry(gen) {
      if (gen !== generation) return;
      clearTimers();
      const step = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt);
      const delay = Math.round(step / 2 + Math.random() * (step / 2));
      attempt += 1;
      const due = Date.now() + delay;
      const show = () => {
        const s = Math.max(0, (due - Date.now()) / 1000);
        setStatus('reconnecting', `reconnecting in ${s.toFixed(1)} s`);
      };
      show();
      countdownTimer = setInterval(show, 200);
      retryTimer = setTimeout(() => {
        if (gen !== generation) return;
        connect(false);
      }, delay);
    }

    // Skip the wait when the network comes back or the tab becomes visible again.
    function nudge() {
      if (!ws && retryTimer) connect(false);
    }
    window.addEventListener('online', nudge);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') nudge();
    });
    el.status.addEventListener('click', nudge);

    return { connect, close };
  })();

  // ---------- boot ----------
  state.userId = loadUserId();
  el.userId.value = state.userId;
  renderPushMeta();
  socket.connect(true);
  loadItems();
  refreshRecs();
})();
