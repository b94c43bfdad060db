// SPDX-License-Identifier: MIT
// cop.test.js — the operator picture in a real browser (Debian's chromium, headless, driven
// by playwright-core): `vigil demo` is started on a free port at 4× speed; the test checks
// that requests without the token or with a wrong one are refused (HTTP 401, WebSocket
// upgrade refused), loads the page with its token, sees tracks appear and move, sees an
// alert, acknowledges it as an operator and sees the engine confirm it (on the page and in
// the demo's log), clears it, and saves screenshots in $VIGIL_UI_OUT (build/ui). Then it
// times the page with 1,000 tracks at 10 updates/s (tests/publish/test_cop.c --serve).
// Run by CTest from the repository root (tests/CMakeLists.txt); `npm ci` in tests/ui first.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  console.log('SKIP: playwright-core is not installed (cd tests/ui && npm ci)');
  process.exit(77);
}

const BIN = process.env.VIGIL_BIN || 'build/vigil';
const LOAD = process.env.VIGIL_COP_LOAD;
const OUT = process.env.VIGIL_UI_OUT || 'build/ui';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
fs.mkdirSync(OUT, { recursive: true });

let passed = 0, failed = 0;
function check(cond, what) {
  if (cond) { passed++; console.log('ok   ' + what); }
  else { failed++; console.log('FAIL ' + what); }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

// Start a process; resolve with it once a stdout line matches re (its match kept).
function startProc(cmd, args, re, log) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    p.out = '';
    let done = false;
    const timer = setTimeout(() => { if (!done) reject(new Error(cmd + ': no URL in 20 s')); },
                             20000);
    p.stdout.on('data', (b) => {
      p.out += b.toString();
      if (log) process.stdout.write('     | ' + b.toString().replace(/\n(?=.)/g, '\n     | '));
      const m = p.out.match(re);
      if (m && !done) { done = true; clearTimeout(timer); p.match = m; resolve(p); }
    });
    p.stderr.on('data', (b) => process.stderr.write(b));
    p.on('exit', (code) => { p.code = code; if (!done) reject(new Error(cmd + ' exited ' + code)); });
  });
}

function stopProc(p) {
  return new Promise((resolve) => {
    if (p.exitCode !== null) return resolve(p.exitCode);
    const t = setTimeout(() => p.kill('SIGKILL'), 10000);
    p.on('exit', (code) => { clearTimeout(t); resolve(code); });
    p.kill('SIGTERM');
  });
}

function httpStatus(port, pathQ, headers) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathQ, headers: headers || {} },
      (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(-1));
    req.setTimeout(5000, () => { req.destroy(); resolve(-1); });
  });
}

// A WebSocket handshake: 101 when upgraded, else the refusal's status (or -1).
function wsStatus(port, pathQ) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathQ, headers: {
      Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
    req.on('upgrade', (res, sock) => { sock.destroy(); resolve(101); });
    req.on('response', (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(-1));
    req.setTimeout(5000, () => { req.destroy(); resolve(-1); });
    req.end();
  });
}

async function pageStats(page) {
  return page.evaluate(() => {
    const h = window.cop.handleMs.slice(), f = window.cop.frameTimes;
    const mean = h.reduce((a, b) => a + b, 0) / Math.max(h.length, 1);
    const rate = f.length > 1 ? (f.length - 1) / ((f[f.length - 1] - f[0]) / 1000) : 0;
    return { mean, max: Math.max(0, ...h), rate, frames: window.cop.frames,
      bytes: window.cop.bytes, tracks: window.cop.tracks.size };
  });
}

async function main() {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-ui-'));
  const port = await freePort();
  const demo = await startProc(BIN, ['demo', '--port', String(port), '--speed', '4',
    '--duration', '120', '--no-browser', '--state-dir', state],
  /Operator picture: (http:\/\/\S+\/\?token=([0-9a-f]{64}))/, true);
  const url = demo.match[1], token = demo.match[2];
  const wrong = token.slice(0, 63) + (token[63] === '0' ? '1' : '0');

  // Refusals, by a plain HTTP client (no browser, no cookie).
  check(await httpStatus(port, '/') === 401, 'GET / without a token: 401');
  check(await httpStatus(port, '/?token=' + wrong) === 401, 'GET / with a wrong token: 401');
  check(await httpStatus(port, '/api/site', { Authorization: 'Bearer ' + wrong }) === 401,
        'GET /api/site with a wrong Bearer token: 401');
  check(await httpStatus(port, '/api/site', { Authorization: 'Bearer ' + token }) === 200,
        'GET /api/site with the token: 200');
  check(await wsStatus(port, '/ws') === 401, 'WebSocket without a token: refused (401)');
  check(await wsStatus(port, '/ws?token=' + wrong) === 401,
        'WebSocket with a wrong token: refused (401)');
  check(await wsStatus(port, '/ws?token=' + token) === 101, 'WebSocket with the token: 101');

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1600, height: 950 } });
    // Without the token the page itself is refused (in a page of its own: the browser's
    // follow-up requests, such as /favicon.ico, are refused too, and are no error here).
    const barePage = await ctx.newPage();
    const bare = await barePage.goto(`http://127.0.0.1:${port}/`);
    check(bare.status() === 401, 'browser: the page without its token is refused (401)');
    await barePage.close();

    const page = await ctx.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
    await page.goto(url);
    check(!page.url().includes('token='), 'the token is taken out of the address bar');
    await page.waitForFunction(() => window.cop && window.cop.frames > 3 &&
                                     window.cop.tracks.size > 3, null, { timeout: 30000 });
    const zones = await page.locator('.zone-label').allTextContents();
    check(zones.includes('Border post') && zones.includes('Fuel depot'),
          'the site\'s zones are on the map: ' + zones.join(', '));
    const snap = () => page.evaluate(() => {
      const o = {};
      for (const [id, k] of window.cop.tracks) o[id] = [k.a[4], k.a[5]];
      return o;
    });
    const p1 = await snap();
    await sleep(1500);
    const p2 = await snap();
    const common = Object.keys(p1).filter((id) => p2[id]);
    const moved = common.filter((id) => p1[id][0] !== p2[id][0] || p1[id][1] !== p2[id][1]);
    check(common.length >= 3 && moved.length >= common.length / 2,
          `tracks appear and move: ${moved.length} of ${common.length} moved in 1.5 s`);

    // An alert arrives: in the list and the banner.
    await page.waitForSelector('#alert-list li[data-alert] button[data-op="ack"]',
                               { timeout: 40000 });
    check(await page.locator('#banner').isVisible(), 'the alert banner shows');
    const rows = await page.locator('#threats tbody tr').count();
    check(rows >= 1, `the threat list ranks ${rows} tracks`);
    await page.screenshot({ path: path.join(OUT, 'cop.png') });

    // Select a track from the threat list: its details show.
    await page.locator('#threats tbody tr').first().click();
    await page.waitForFunction(() => document.querySelector('#details table') !== null);
    check(/class/.test(await page.locator('#details').innerText()), 'a track\'s details show');

    // Acknowledge as an operator; the engine confirms.
    const li = page.locator('#alert-list li[data-alert]').first();
    const id = await li.getAttribute('data-alert');
    await page.fill('#who', 'UI test');
    await page.locator('#who').dispatchEvent('change');
    await page.locator(`#alert-list li[data-alert="${id}"] button[data-op="ack"]`).click();
    await page.waitForSelector(`#alert-list li[data-alert="${id}"] .ackd`, { timeout: 10000 });
    const ackText = await page.locator(`#alert-list li[data-alert="${id}"] .ackd`).innerText();
    check(/Acknowledged by UI test/.test(ackText), `${id}: ${ackText}`);
    await sleep(300);
    check(new RegExp(`${id}\\s+acknowledged .*acknowledged by UI test`).test(demo.out),
          'the engine logged the acknowledgement with the operator\'s name');
    await page.screenshot({ path: path.join(OUT, 'cop-acknowledged.png') });

    // Clear it: gone from the picture, and the engine says who.
    await page.locator(`#alert-list li[data-alert="${id}"] button[data-op="clear"]`).click();
    await page.waitForSelector(`#alert-list li[data-alert="${id}"]`, { state: 'detached',
                                                                      timeout: 10000 });
    await sleep(300);
    check(new RegExp(`${id}\\s+cleared by UI test`).test(demo.out),
          'cleared: off the picture, and the engine logged who');

    const st = await pageStats(page);
    console.log(`     demo page: ${st.rate.toFixed(1)} updates/s, frame handling ` +
                `${st.mean.toFixed(2)} ms mean, ${st.max.toFixed(2)} ms max, ${st.tracks} tracks`);
    check(st.rate >= 4, 'at least 4 updates a second reach the page');
    check(errors.length === 0, 'no errors in the page\'s console' +
          (errors.length ? ': ' + errors.join(' | ') : ''));

    // 1,000 tracks at 10 Hz: how long the page takes per frame.
    if (LOAD) {
      const lport = await freePort();
      const load = await startProc(LOAD, ['--serve', String(lport), '20'],
                                   /COP (http:\/\/\S+)/, false);
      const p = await ctx.newPage();
      p.on('pageerror', (e) => errors.push(String(e)));
      await p.goto(load.match[1]);
      await p.waitForFunction(() => window.cop && window.cop.tracks.size >= 1000, null,
                              { timeout: 20000 });
      await sleep(6000);
      const s = await pageStats(p);
      console.log(`     1000 tracks: ${s.rate.toFixed(1)} updates/s, frame handling ` +
                  `${s.mean.toFixed(1)} ms mean, ${s.max.toFixed(1)} ms max, ` +
                  `${(s.bytes / Math.max(s.frames, 1) / 1024).toFixed(1)} kB a frame`);
      check(s.tracks === 1000, 'the page holds 1,000 tracks');
      check(s.rate >= 4, '1,000 tracks: at least 4 updates a second');
      check(s.mean < 100, '1,000 tracks: a frame handled in under 100 ms on average');
      await p.screenshot({ path: path.join(OUT, 'cop-1000.png') });
      await stopProc(load);
    }
    // TLS: the same page over HTTPS and WSS, with a certificate made for the test.
    const key = path.join(state, 'cop.key'), cert = path.join(state, 'cop.pem');
    const ossl = require('child_process').spawnSync('openssl', ['req', '-x509', '-newkey',
      'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj',
      '/CN=127.0.0.1'], { stdio: 'ignore' });
    if (ossl.status === 0) {
      const tport = await freePort();
      const tdemo = await startProc(BIN, ['demo', '--port', String(tport), '--speed', '4',
        '--duration', '60', '--no-browser', '--state-dir', state, '--tls-cert', cert,
        '--tls-key', key], /Operator picture: (https:\/\/\S+)/, false);
      const tctx = await browser.newContext({ ignoreHTTPSErrors: true });
      const tp = await tctx.newPage();
      const resp = await tp.goto(`https://127.0.0.1:${tport}/`);
      check(resp.status() === 401, 'TLS: the page without its token is refused (401)');
      await tp.goto(tdemo.match[1]);
      await tp.waitForFunction(() => window.cop && window.cop.frames > 3, null,
                               { timeout: 20000 });
      check(await tp.evaluate(() => window.cop.ws.url.startsWith('wss://')),
            'TLS: the picture arrives over wss://');
      await tctx.close();
      check(await stopProc(tdemo) === 0, 'TLS: vigil demo stopped cleanly');
    } else {
      console.log('     (no openssl: the TLS leg is skipped)');
    }
  } finally {
    await browser.close();
    const code = await stopProc(demo);
    check(code === 0, `vigil demo stopped cleanly on SIGTERM (exit ${code})`);
    fs.rmSync(state, { recursive: true, force: true });
  }
  console.log(`screenshots in ${OUT}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

const deadline = setTimeout(() => { console.log('FAIL: the test took over 200 s');
  process.exit(1); }, 200000);
deadline.unref();
main().catch((e) => { console.log('FAIL ' + (e.stack || e)); process.exit(1); });
