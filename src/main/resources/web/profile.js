// pushrec demo: the user's profile (用户画像), push preferences and the A/B experiment table.
// Plain browser JS beside app.js; all server data is rendered with textContent (never innerHTML).
'use strict';

(() => {
  const UID_KEY = 'pushrec.demo.userId';
  const REFRESH_MS = 15000;
  const $ = (id) => document.getElementById(id);
  const el = {
    profile: $('profile'),
    profileEmpty: $('profile-empty'),
    profileRefresh: $('profile-refresh'),
    optOut: $('pref-optout'),
    language: $('pref-language'),
    expBody: $('experiments-body'),
    expName: $('experiments-name'),
    expRefresh: $('experiments-refresh'),
  };
  let userId = '';
  try { userId = (localStorage.getItem(UID_KEY) || '').trim(); } catch (_) { /* storage disabled */ }

  function h(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '—');
  const when = (ms) => (Number.isFinite(ms) && ms > 0 ? new Date(ms).toLocaleString() : '—');

  async function request(url, options) {
    const res = await fetch(url, Object.assign({ headers: { Accept: 'application/json' } }, options));
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body && body.error ? body.error + (body.field ? ` (${body.field})` : '') : `HTTP ${res.status}`);
    return body;
  }

  function row(label, value) {
    el.profile.appendChild(h('dt', '', label));
    const dd = h('dd', '');
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
    el.profile.appendChild(dd);
  }

  function weights(list) {
    if (!Array.isArray(list) || !list.length) return '—';
    return list.map((w) => `${w.name} (${Number(w.weight).toFixed(2)})`).join(', ');
  }

  function renderProfile(p) {
    el.profile.replaceChildren();
    row('top categories', weights(p.topCategories));
    row('top brands', weights(p.topBrands));
    const band = p.priceBand;
    row('price band', band ? `${band.min} – ${band.max} (median ${band.median})` : 'no prices known');
    const a = p.activity || {};
    row('activity', `${a.level || '—'} · ${a.events || 0} events · ${Number(a.eventsPerDay || 0).toFixed(1)}/day`);
    row('last active', when(p.lastActiveMillis));
    const c = p.churn || {};
    const risk = `${pct(c.score)}${c.atRisk ? ' — at risk' : ''}`;
    row('churn risk', p.reEngagementAtMillis ? `${risk} · re-engage after ${when(p.reEngagementAtMillis)}` : risk);
    row('variant', p.variant || '—');
    const pushes = h('ul', 'profile-pushes');
    for (const push of Array.isArray(p.recentPushes) ? p.recentPushes : []) {
      const li = h('li', `outcome-${push.outcome}`);
      li.textContent = `${when(push.atMillis)} · ${push.kind} · ${(push.items || []).length} items · ${push.outcome}`;
      pushes.appendChild(li);
    }
    row('recent pushes', pushes.children.length ? pushes : 'none yet');
    const prefs = p.preferences || {};
    el.optOut.checked = !!prefs.pushOptOut;
    el.language.value = prefs.language || '';
    el.profileEmpty.hidden = true;
  }

  async function refreshProfile() {
    if (!userId) return;
    try {
      renderProfile(await request(`/v1/users/${encodeURIComponent(userId)}/profile`));
    } catch (err) {
      el.profileEmpty.hidden = false;
      el.profileEmpty.textContent = `Could not load the profile: ${err.message}`;
    }
  }

  async function savePreferences(change) {
    try {
      await request(`/v1/users/${encodeURIComponent(userId)}/preferences`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(change),
      });
      refreshProfile();
    } catch (err) {
      el.profileEmpty.hidden = false;
      el.profileEmpty.textContent = `Could not save: ${err.message}`;
    }
  }

  async function refreshExperiments() {
    try {
      const body = await request('/v1/experiments');
      const exp = Array.isArray(body.experiments) ? body.experiments[0] : null;
      el.expBody.replaceChildren();
      if (!exp) return;
      el.expName.textContent = `${exp.experiment} · control: ${exp.control} · CTR = clicks per seen push`;
      for (const v of exp.variants || []) {
        const tr = h('tr', '');
        const ci = v.ci95 || {};
        const test = v.vsControl;
        [v.name, v.sent, v.impressions, v.clicks, `${pct(v.ctr)} (${pct(ci.low)} – ${pct(ci.high)})`,
          test ? Number(test.pValue).toPrecision(2) : 'control'].forEach((cell) => tr.appendChild(h('td', '', cell)));
        el.expBody.appendChild(tr);
      }
    } catch (err) {
      el.expName.textContent = `Could not load experiments: ${err.message}`;
    }
  }

  el.profileRefresh.addEventListener('click', refreshProfile);
  el.expRefresh.addEventListener('click', refreshExperiments);
  el.optOut.addEventListener('change', () => savePreferences({ pushOptOut: el.optOut.checked }));
  // "browser" clears nothing server-side (null keeps the value); it only affects new sockets' Accept-Language.
  el.language.addEventListener('change', () => {
    if (el.language.value) savePreferences({ language: el.language.value });
  });
  document.addEventListener('pushrec:user', (e) => {
    userId = String(e.detail || '');
    refreshProfile();
  });
  setInterval(() => {
    if (document.visibilityState === 'visible') {
      refreshProfile();
      refreshExperiments();
    }
  }, REFRESH_MS);
  refreshProfile();
  refreshExperiments();
})();
