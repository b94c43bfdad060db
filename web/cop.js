// SPDX-License-Identifier: MIT
// cop.js — Vigil's operator picture in the browser: plain JS, no build step, no framework.
//
// The page is loaded once with ?token=… (the server answers with a session cookie for the
// page's own files); the token is then taken out of the address bar and kept in memory,
// read from /api/config, for the WebSocket, which takes it only in its URL (docs/cop.md).
// Tracks are drawn on one canvas over the Leaflet map, not as a Leaflet layer per track:
// with 1,000 tracks at 10 updates a second, redrawing a canvas is ~10× cheaper than moving
// 1,000 markers. The site (zones, sensors and their coverage, effectors and their reach)
// is ordinary Leaflet vector layers, drawn once.
'use strict';

(function () {
  const TRAIL_S = 30;          // trail length, s of engine time
  const TRAIL_STEP_S = 1;      // one trail point a second
  const LEADER_S = 30;         // velocity leader: where the track is in 30 s
  const LIST_MAX = 15;         // threat list rows

  const $ = (id) => document.getElementById(id);
  const q = new URLSearchParams(location.search);
  if (q.has('token')) history.replaceState(null, '', location.pathname);

  // Everything the page knows; window.cop for tests and the curious.
  const S = {
    token: null, names: null, tracks: new Map(), alerts: [], seenAlerts: new Set(),
    selected: null, t: 0, frames: 0, bytes: 0, handleMs: [], frameTimes: [],
    pending: new Map(), // alert id → action sent, waiting for the engine
    lastReply: null, map: null, canvas: null, ws: null,
  };
  window.cop = S;

  const whoInput = $('who');
  whoInput.value = localStorage.getItem('vigil.operator') || '';
  whoInput.addEventListener('change', () => {
    localStorage.setItem('vigil.operator', whoInput.value.trim());
    whoInput.classList.remove('want');
  });

  // ---- map and background
  function gridLayer() {
    // A plain grid when no tiles can be had: lines at tile edges and quarters.
    const Grid = L.GridLayer.extend({
      createTile: function () {
        const c = document.createElement('canvas');
        const size = this.getTileSize();
        c.width = size.x; c.height = size.y;
        const g = c.getContext('2d');
        g.fillStyle = '#0d1418'; g.fillRect(0, 0, size.x, size.y);
        g.strokeStyle = '#16232a'; g.lineWidth = 1;
        for (let i = 1; i < 4; i++) {
          const v = Math.round(i * size.x / 4) + 0.5;
          g.beginPath(); g.moveTo(v, 0); g.lineTo(v, size.y); g.stroke();
          g.beginPath(); g.moveTo(0, v); g.lineTo(size.x, v); g.stroke();
        }
        g.strokeStyle = '#22343d';
        g.strokeRect(0.5, 0.5, size.x, size.y);
        return c;
      },
    });
    return new Grid({ zIndex: 0 });
  }

  function initMap(cfg) {
    const map = L.map('map', { zoomControl: true, attributionControl: false,
      center: [cfg.origin[0], cfg.origin[1]], zoom: 14, minZoom: 8, maxZoom: 19 });
    gridLayer().addTo(map);
    if (cfg.tiles) L.tileLayer(cfg.tiles, { maxZoom: 19, zIndex: 1 }).addTo(map);
    if (cfg.basemap) L.imageOverlay('/api/basemap', cfg.basemap, { opacity: 0.8 }).addTo(map);
    // Range rings every kilometre from the site's origin, to read distances without tiles.
    for (let r = 1000; r <= 5000; r += 1000) {
      L.circle([cfg.origin[0], cfg.origin[1]], { radius: r, color: '#2a3e47', weight: 1,
        fill: false, interactive: false, dashArray: '2 6' }).addTo(map);
    }
    const canvas = document.createElement('canvas');
    canvas.className = 'tracks-canvas';
    map.getContainer().appendChild(canvas);
    S.map = map; S.canvas = canvas;
    const resize = () => {
      const sz = map.getSize(), dpr = window.devicePixelRatio || 1;
      canvas.width = sz.x * dpr; canvas.height = sz.y * dpr;
      canvas.style.width = sz.x + 'px'; canvas.style.height = sz.y + 'px';
      draw();
    };
    map.on('resize', resize);
    map.on('move zoom', draw);
    map.on('click', (e) => select(hitTest(e.containerPoint), false));
    resize();
  }

  // ---- the site
  const ZONE_COLOURS = ['#ff5a4e', '#ffb02e', '#f2d75c'];
  const SENSOR_COLOURS = { radar: '#2fa9c4', rf: '#d46cf0', acoustic: '#6fd08c', eo: '#f2d75c',
    adsb: '#6fb6ff', remoteid: '#8fb3ff' };

  // Point at distance r (m) and bearing b (deg, clockwise from north) from [lat, lon].
  function offset(lat, lon, r, bDeg) {
    const b = bDeg * Math.PI / 180;
    return [lat + r * Math.cos(b) / 111132,
            lon + r * Math.sin(b) / (111320 * Math.cos(lat * Math.PI / 180))];
  }

  function coverage(lat, lon, range, fov, colour) {
    const [from, to] = fov || [0, 0];
    const style = { color: colour, weight: 1, opacity: 0.6, fillColor: colour,
      fillOpacity: 0.05, interactive: false };
    if (from === to) return L.circle([lat, lon], Object.assign({ radius: range }, style));
    let span = ((to - from) % 360 + 360) % 360;
    if (span === 0) span = 360;
    const pts = [[lat, lon]];
    for (let i = 0; i <= 48; i++) pts.push(offset(lat, lon, range, from + span * i / 48));
    return L.polygon(pts, style);
  }

  function drawSite(gj) {
    const map = S.map;
    for (const f of gj.features || []) {
      const p = f.properties || {}, g = f.geometry || {};
      if (p.kind === 'zone' && g.type === 'Polygon') {
        const c = ZONE_COLOURS[Math.min(Math.max((p.priority || 3) - 1, 0), 2)];
        L.polygon(g.coordinates[0].map((xy) => [xy[1], xy[0]]), { color: c, weight: 2,
          fillColor: c, fillOpacity: 0.18 }).addTo(map)
          .bindTooltip(p.name || p.id, { permanent: true, direction: 'center',
            className: 'zone-label' });
      } else if (p.kind === 'sensor' && g.type === 'Point') {
        const [lon, lat] = g.coordinates, c = SENSOR_COLOURS[p.type] || '#9cb0b8';
        if (p.range_m > 0) coverage(lat, lon, p.range_m, p.fov, c).addTo(map);
        L.circleMarker([lat, lon], { radius: 5, color: c, weight: 2, fillColor: '#0b1114',
          fillOpacity: 1 }).addTo(map)
          .bindTooltip(`${p.id} · ${p.type}${p.range_m ? ' · ' + (p.range_m / 1000) + ' km' : ''}`,
            { className: 'site-label', direction: 'right' });
      } else if (p.kind === 'effector' && g.type === 'Point') {
        const [lon, lat] = g.coordinates;
        if (p.range_m > 0) {
          L.circle([lat, lon], { radius: p.range_m, color: '#c88cff', weight: 1.5,
            dashArray: '6 5', fill: false, interactive: false }).addTo(map);
        }
        L.marker([lat, lon], { icon: L.divIcon({ className: '', iconSize: [12, 12],
          html: '<svg width="12" height="12"><rect x="1" y="1" width="10" height="10" ' +
                'fill="#2a1840" stroke="#c88cff" stroke-width="2"/></svg>' }) })
          .addTo(map)
          .bindTooltip(`${p.id} · ${p.type} · ${p.range_m} m`, { className: 'site-label',
            direction: 'right' });
      }
    }
  }

  // ---- tracks
  const F = { id: 0, cls: 1, st: 2, coop: 3, lat: 4, lon: 5, alt: 6, ve: 7, vn: 8, vu: 9,
    threat: 10, link: 11, coopId: 12 };
  const CLASS_COLOURS = ['#f2d75c', '#ff8a3d', '#9cc98a', '#6fb6ff', '#cccccc', '#cccccc'];

  function className(c) { return (S.names && S.names.class[c]) || String(c); }
  function linkName(l) { return (S.names && S.names.link[l]) || String(l); }
  function statusName(s) { return (S.names && S.names.status[s]) || String(s); }

  function onPicture(m, bytes) {
    if (m.names) S.names = m.names;
    const seen = new Set();
    for (const a of m.tracks) {
      const id = a[F.id];
      seen.add(id);
      let k = S.tracks.get(id);
      if (!k) { k = { id, trail: [], tTrail: -1e9 }; S.tracks.set(id, k); }
      k.a = a;
      if (m.t - k.tTrail >= TRAIL_STEP_S || m.t < k.tTrail) {
        k.trail.push([a[F.lat], a[F.lon]]);
        k.tTrail = m.t;
        if (k.trail.length > TRAIL_S / TRAIL_STEP_S) k.trail.shift();
      }
    }
    for (const id of S.tracks.keys()) if (!seen.has(id)) S.tracks.delete(id);
    S.t = m.t;
    onAlerts(m.alerts || []);
    draw();
    renderThreats();
    renderDetails();
    $('clock').textContent = m.t.toFixed(1) + ' s';
    $('ntracks').textContent = m.tracks.length;
    S.frames++;
    S.bytes += bytes;
  }

  // Screen position of a track, its leader's end, and what it looks like.
  function drawTrack(g, k, map, showLabel) {
    const a = k.a, p = map.latLngToContainerPoint([a[F.lat], a[F.lon]]);
    const cls = a[F.cls], threat = a[F.threat], st = a[F.st], coop = a[F.coop] === 1;
    let colour = CLASS_COLOURS[cls] || '#cccccc';
    if (threat >= 0.7) colour = '#ff3b30'; else if (threat >= 0.4) colour = '#ff8a3d';
    if (k.trail.length > 1) {
      g.strokeStyle = colour; g.globalAlpha = 0.35; g.lineWidth = 1;
      g.beginPath();
      k.trail.forEach((ll, i) => {
        const q2 = map.latLngToContainerPoint(ll);
        if (i) g.lineTo(q2.x, q2.y); else g.moveTo(q2.x, q2.y);
      });
      g.lineTo(p.x, p.y);
      g.stroke();
      g.globalAlpha = 1;
    }
    // The leader: where it will be in LEADER_S (birds only when selected: a flock's leaders
    // would hide everything else).
    if (cls !== 2 || S.selected === k.id) {
      const ahead = offset(a[F.lat], a[F.lon], Math.hypot(a[F.ve], a[F.vn]) * LEADER_S,
                           Math.atan2(a[F.ve], a[F.vn]) * 180 / Math.PI);
      const e = map.latLngToContainerPoint(ahead);
      g.strokeStyle = colour; g.lineWidth = 1.5;
      g.beginPath(); g.moveTo(p.x, p.y); g.lineTo(e.x, e.y); g.stroke();
    }
    const hollow = st !== 1; // tentative or coasting
    const r = cls === 2 ? 4 : 6;
    g.beginPath();
    if (cls === 1) {          // drone: diamond
      g.moveTo(p.x, p.y - r - 1); g.lineTo(p.x + r + 1, p.y); g.lineTo(p.x, p.y + r + 1);
      g.lineTo(p.x - r - 1, p.y); g.closePath();
    } else if (cls === 2) {   // bird: a chevron
      g.moveTo(p.x - r, p.y - r / 2); g.lineTo(p.x, p.y + r / 2); g.lineTo(p.x + r, p.y - r / 2);
    } else if (cls === 3) {   // aircraft: triangle pointing along the track
      const h = Math.atan2(a[F.ve], -a[F.vn]) - Math.PI / 2;
      for (let i = 0; i < 3; i++) {
        const ang = h + [0, 2.5, -2.5][i], rr = i ? r : r + 3;
        const x = p.x + rr * Math.cos(ang), y = p.y + rr * Math.sin(ang);
        if (i) g.lineTo(x, y); else g.moveTo(x, y);
      }
      g.closePath();
    } else {                  // unknown: square
      g.rect(p.x - r + 1, p.y - r + 1, 2 * r - 2, 2 * r - 2);
    }
    g.lineWidth = 2; g.strokeStyle = colour; g.fillStyle = colour;
    if (cls === 2) g.stroke(); else if (hollow) g.stroke(); else g.fill();
    if (coop) { g.beginPath(); g.arc(p.x, p.y, r + 5, 0, 2 * Math.PI); g.strokeStyle = '#6fb6ff';
      g.lineWidth = 1.5; g.stroke(); }
    if (S.selected === k.id) {
      g.strokeStyle = '#ffffff'; g.lineWidth = 1.5;
      g.strokeRect(p.x - r - 6, p.y - r - 6, 2 * r + 12, 2 * r + 12);
    }
    if (showLabel) {
      const spd = Math.hypot(a[F.ve], a[F.vn]);
      g.fillStyle = '#e8f1f4';
      g.fillText(`T${k.id} ${className(cls)}${coop ? ' COOP ' + (a[F.coopId] || '') : ''}`,
                 p.x + r + 6, p.y - 2);
      g.fillStyle = '#9cb0b8';
      g.fillText(`${spd.toFixed(0)} m/s  ${a[F.alt].toFixed(0)} m`, p.x + r + 6, p.y + 10);
    }
    k.px = p;
  }

  function draw() {
    const map = S.map, c = S.canvas;
    if (!map || !c) return;
    const g = c.getContext('2d'), dpr = window.devicePixelRatio || 1;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, c.width, c.height);
    g.font = '11px "DejaVu Sans", Arial, sans-serif';
    const zoom = map.getZoom(), many = S.tracks.size > 150;
    // Birds first, threats last (on top).
    const ks = Array.from(S.tracks.values()).sort((x, y) => x.a[F.threat] - y.a[F.threat]);
    for (const k of ks) {
      const a = k.a;
      const label = S.selected === k.id || a[F.threat] >= 0.3 ||
        (a[F.cls] !== 2 && !many) || zoom >= 16;
      drawTrack(g, k, map, label);
    }
  }

  function hitTest(pt) {
    let best = null, bd = 14;
    for (const k of S.tracks.values()) {
      if (!k.px) continue;
      const d = Math.hypot(k.px.x - pt.x, k.px.y - pt.y);
      if (d < bd) { bd = d; best = k.id; }
    }
    return best;
  }

  function select(id, pan) {
    S.selected = id;
    const k = id != null ? S.tracks.get(id) : null;
    if (k && pan) S.map.panTo([k.a[F.lat], k.a[F.lon]]);
    draw(); renderDetails(); renderThreats();
  }

  function rangeKm(a) {
    const o = S.origin;
    const dn = (a[F.lat] - o[0]) * 111132;
    const de = (a[F.lon] - o[1]) * 111320 * Math.cos(o[0] * Math.PI / 180);
    return Math.hypot(de, dn) / 1000;
  }

  // The side panel is updated in place, ten times a second: elements are kept and their
  // text changed, never rebuilt, so a click that lands between two updates is not lost.
  function renderThreats() {
    const rows = Array.from(S.tracks.values()).filter((k) => k.a[F.threat] > 0)
      .sort((x, y) => y.a[F.threat] - x.a[F.threat]).slice(0, LIST_MAX);
    const tb = $('threats').tBodies[0];
    if (!tb.rows.length) {
      for (let i = 0; i < LIST_MAX; i++) {
        const tr = tb.insertRow();
        for (let j = 0; j < 6; j++) tr.insertCell();
        const bar = document.createElement('span');
        bar.className = 'bar';
        tr.cells[3].append(bar, document.createTextNode(''));
      }
      const none = tb.insertRow(), td = none.insertCell();
      td.colSpan = 6; td.className = 'hint'; td.textContent = 'No track is a threat.';
      tb.addEventListener('click', (ev) => {
        const tr = ev.target.closest('tr');
        if (tr && tr.dataset.id) select(Number(tr.dataset.id), true);
      });
    }
    for (let i = 0; i < LIST_MAX; i++) {
      const tr = tb.rows[i], k = rows[i];
      tr.hidden = !k;
      if (!k) { delete tr.dataset.id; continue; }
      const a = k.a, c = tr.cells;
      tr.dataset.id = k.id;
      tr.className = k.id === S.selected ? 'sel' : '';
      c[0].textContent = i + 1;
      c[1].textContent = 'T' + k.id;
      c[2].textContent = className(a[F.cls]);
      c[3].firstChild.style.width = Math.round(a[F.threat] * 40) + 'px';
      c[3].lastChild.textContent = a[F.threat].toFixed(2);
      c[4].textContent = rangeKm(a).toFixed(2) + ' km';
      c[5].textContent = Math.hypot(a[F.ve], a[F.vn]).toFixed(0) + ' m/s';
    }
    tb.rows[LIST_MAX].hidden = rows.length > 0;
  }

  function renderDetails() {
    const box = $('details'), k = S.selected != null ? S.tracks.get(S.selected) : null;
    $('detail-id').textContent = k ? 'T' + k.id : '';
    if (!k) {
      box.textContent = S.selected != null ? `Track T${S.selected} has ended.`
        : 'Click a track on the map or in the list.';
      return;
    }
    const a = k.a, spd = Math.hypot(a[F.ve], a[F.vn]);
    const hdg = (Math.atan2(a[F.ve], a[F.vn]) * 180 / Math.PI + 360) % 360;
    const onAlerts = S.alerts.filter((x) => x.track === k.id || x.members.includes(k.id))
      .map((x) => x.id).join(', ');
    const rows = [
      ['class', className(a[F.cls])], ['status', statusName(a[F.st])],
      ['cooperative', a[F.coop] === 1 ? 'yes ' + (a[F.coopId] || '') : a[F.coop] === 0 ? 'no'
        : 'unknown'],
      ['threat', a[F.threat].toFixed(2)], ['RF link', linkName(a[F.link])],
      ['position', a[F.lat].toFixed(5) + ', ' + a[F.lon].toFixed(5)],
      ['range', rangeKm(a).toFixed(2) + ' km'], ['height', a[F.alt].toFixed(0) + ' m'],
      ['speed', spd.toFixed(1) + ' m/s'], ['heading', hdg.toFixed(0) + '°'],
      ['climb', a[F.vu].toFixed(1) + ' m/s'], ['alerts', onAlerts || 'none'],
    ];
    const t = document.createElement('table');
    for (const [n, v] of rows) {
      const tr = t.insertRow();
      tr.insertCell().textContent = n;
      tr.insertCell().textContent = v;
    }
    box.replaceChildren(t);
  }

  // ---- alerts
  function alertText(x) {
    const target = x.swarm ? `SWARM of ${x.nmembers}` : `T${x.track}`;
    const ttz = x.ttz == null ? 'not inbound' : x.ttz <= 0 ? 'in zone' : `in ${x.ttz.toFixed(0)} s`;
    return { target, ttz };
  }

  function send(op, id) {
    const who = whoInput.value.trim();
    if (!who) { whoInput.classList.add('want'); whoInput.focus(); return; }
    localStorage.setItem('vigil.operator', who);
    if (!S.ws || S.ws.readyState !== 1) return;
    S.ws.send(JSON.stringify({ op, alert: id, who }));
    S.pending.set(id, op);
    renderAlerts();
  }

  // The buttons an alert has now; rebuilt only when that changes.
  function buttonsState(x) {
    const waiting = S.pending.get(x.id) || '';
    return (x.ack ? 'clear' : 'ack') + ':' + waiting;
  }

  function fillButtons(div, x) {
    const waiting = S.pending.get(x.id);
    const op = x.ack ? 'clear' : 'ack';
    const b = document.createElement('button');
    b.dataset.alert = x.id; b.dataset.op = op;
    if (op === 'ack') {
      b.className = 'ack';
      b.textContent = waiting === 'ack' ? 'Acknowledging…' : 'Acknowledge';
    } else {
      b.textContent = waiting === 'clear' ? 'Clearing…' : 'Clear';
    }
    b.disabled = waiting === op;
    b.addEventListener('click', () => send(op, x.id));
    div.replaceChildren(b);
    div.dataset.state = buttonsState(x);
  }

  // Keep one element per alert id in container, in the order of list; make(x) creates one,
  // update(el, x) refreshes it.
  function keyed(container, cache, list, make, update) {
    const live = new Set(list.map((x) => x.id));
    for (const [id, el] of cache) if (!live.has(id)) { el.remove(); cache.delete(id); }
    list.forEach((x, i) => {
      let el = cache.get(x.id);
      if (!el) { el = make(x); cache.set(x.id, el); }
      update(el, x);
      if (container.children[i] !== el) container.insertBefore(el, container.children[i] || null);
    });
  }

  const alertEls = new Map(), bannerEls = new Map();

  function renderAlerts() {
    const list = $('alert-list');
    const empty = list.querySelector('.empty');
    keyed(list, alertEls, S.alerts, (x) => {
      const li = document.createElement('li');
      li.dataset.alert = x.id;
      const head = document.createElement('div'), meta = document.createElement('div');
      const ok = document.createElement('div'), buttons = document.createElement('div');
      head.className = 'head'; meta.className = 'meta'; ok.className = 'ackd';
      buttons.className = 'buttons';
      head.append(document.createElement('b'), document.createTextNode(''));
      li.append(head, meta, ok, buttons);
      li.addEventListener('click', (ev) => {
        const a = S.alerts.find((y) => y.id === x.id);
        if (a && ev.target.tagName !== 'BUTTON') select(a.swarm ? a.members[0] : a.track, true);
      });
      return li;
    }, (li, x) => {
      const [head, meta, ok, buttons] = li.children;
      const { target, ttz } = alertText(x);
      li.className = x.level + (x.ack ? ' acked' : '');
      head.firstChild.textContent = `${x.level.toUpperCase()} ${x.id}`;
      head.lastChild.textContent = ` ${target} → ${x.zone} ${ttz}`;
      meta.textContent = `threat ${x.threat.toFixed(2)} · raised t=${x.t_raised.toFixed(1)} s` +
        (x.advice.length ? ' · advice: ' + x.advice.map((v) => `${v[0]} (${v[1]})`).join(', ')
          : '') + (x.swarm ? ' · members ' + x.members.map((m) => 'T' + m).join(' ') : '');
      ok.hidden = !x.ack;
      if (x.ack) ok.textContent = `Acknowledged by ${x.ack.by} at t=${x.ack.t.toFixed(1)} s`;
      if (buttons.dataset.state !== buttonsState(x)) fillButtons(buttons, x);
    });
    if (empty) empty.hidden = S.alerts.length > 0;
    if (empty && list.lastElementChild !== empty) list.appendChild(empty);
    const n = $('nalerts');
    n.textContent = S.alerts.length;
    n.className = 'count' + (S.alerts.some((x) => !x.ack) ? ' hot' : '');
    renderBanner();
  }

  function renderBanner() {
    const open = S.alerts.filter((x) => !x.ack)
      .sort((x, y) => (y.level === 'critical') - (x.level === 'critical') ||
                      y.t_raised - x.t_raised);
    const banner = $('banner'), rows = $('banner-rows');
    banner.hidden = !open.length;
    keyed(rows, bannerEls, open.slice(0, 3), (x) => {
      const row = document.createElement('div');
      const lvl = document.createElement('span'), txt = document.createElement('span');
      const adv = document.createElement('span'), buttons = document.createElement('span');
      adv.className = 'advice'; buttons.className = 'buttons';
      row.append(lvl, txt, adv, buttons);
      return row;
    }, (row, x) => {
      const [lvl, txt, adv, buttons] = row.children;
      const { target, ttz } = alertText(x);
      row.className = 'row' + (S.fresh.has(x.id) ? ' new' : '');
      lvl.className = 'level ' + x.level; lvl.textContent = x.level.toUpperCase();
      txt.textContent = `${x.id}: ${target} → ${x.zone} ${ttz}, threat ${x.threat.toFixed(2)}`;
      adv.textContent = x.advice.length ? 'Advice: ' + x.advice.map((v) => `${v[1]} by ${v[0]}`)
        .join('; ') : 'No effector in reach yet';
      if (buttons.dataset.state !== buttonsState(x)) fillButtons(buttons, x);
    });
    $('banner-more').textContent = open.length > 3
      ? `and ${open.length - 3} more unacknowledged` : '';
  }

  S.fresh = new Set();
  function onAlerts(list) {
    const before = JSON.stringify(S.alerts);
    for (const x of list) {
      if (!S.seenAlerts.has(x.id)) {
        S.seenAlerts.add(x.id);
        S.fresh.add(x.id);
        setTimeout(() => { S.fresh.delete(x.id); }, 3000);
      }
      const p = S.pending.get(x.id);
      if (p === 'ack' && x.ack) S.pending.delete(x.id);
    }
    for (const id of S.pending.keys()) {
      if (!list.some((x) => x.id === id)) S.pending.delete(id); // cleared
    }
    S.alerts = list;
    if (JSON.stringify(list) !== before) renderAlerts();
    else renderBanner(); // the "new" flash ends
  }

  function onReply(m) {
    S.lastReply = m;
    if (m.status === 'error') {
      S.pending.delete(m.alert);
      renderAlerts();
      console.warn('vigil: action refused:', m.error);
    }
  }

  // ---- the WebSocket
  function connect() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host +
      '/ws?token=' + encodeURIComponent(S.token);
    const ws = new WebSocket(url);
    S.ws = ws;
    ws.onopen = () => { $('conn').textContent = 'live'; $('conn').className = 'state ok'; };
    ws.onclose = () => {
      $('conn').textContent = 'reconnecting'; $('conn').className = 'state bad';
      setTimeout(connect, 1000);
    };
    ws.onmessage = (ev) => {
      const t0 = performance.now();
      const m = JSON.parse(ev.data);
      if (m.type === 'picture') onPicture(m, ev.data.length);
      else if (m.type === 'action') onReply(m);
      const t1 = performance.now();
      if (m.type !== 'picture') return;
      S.handleMs.push(t1 - t0);
      if (S.handleMs.length > 100) S.handleMs.shift();
      S.frameTimes.push(t1);
      while (S.frameTimes.length && t1 - S.frameTimes[0] > 5000) S.frameTimes.shift();
    };
  }

  setInterval(() => {
    const ft = S.frameTimes, h = S.handleMs;
    if (ft.length > 1) $('rate').textContent =
      ((ft.length - 1) / ((ft[ft.length - 1] - ft[0]) / 1000)).toFixed(1);
    if (h.length) $('frame-ms').textContent = (h.reduce((x, y) => x + y, 0) / h.length)
      .toFixed(1);
  }, 1000);

  // ---- start
  async function start() {
    const cfg = await (await fetch('/api/config', { credentials: 'same-origin' })).json();
    S.token = cfg.token;
    S.origin = cfg.origin;
    S.names = cfg.names;
    document.title = cfg.title + ' — Vigil';
    $('title').textContent = cfg.title;
    initMap(cfg);
    const site = await (await fetch('/api/site', {
      headers: { Authorization: 'Bearer ' + S.token } })).json();
    drawSite(site);
    connect();
  }
  start().catch((e) => {
    $('conn').textContent = 'no access: load the URL with its ?token=';
    console.error(e);
  });
})();
