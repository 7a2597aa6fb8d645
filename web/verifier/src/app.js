// The verifier page: inputs (camera, image, paste, URL fragment) -> checkCode -> the banner.
// The result element #result carries data-status (docs/payload.md status names), data-detail
// (the reason word) and data-warnings, for tests and other tools.
import { checkCode } from './verify.js';
import { TrustListError, checkContinuity, fingerprint, loadTrustList } from './trust.js';
import { TEXT, fmt, kindName, pickLanguage, specialtyName } from './i18n.js';
import { ed25519Engine } from './crypto.js';

const MAX_FILE_BYTES = 20 * 1024 * 1024;
const MAX_PIXELS = 50_000_000;      // refused before decoding (an image "bomb")
const SCAN_EDGE = 1280;             // camera frames and large images are scaled to this edge
const COLOURS = { valid: 'green', expired: 'amber', not_yet_valid: 'amber', registration_expired: 'amber',
  superseded: 'amber', revoked: 'red', invalid_signature: 'red', unknown_issuer: 'red', no_trust_list: 'red' };

const $ = (id) => document.getElementById(id);
const state = { lang: 'zh', trust: null, trustError: null, continuity: null, last: null, stream: null, scanning: false };
const timing = (window.RO_TIMING = { marks: {} });
const mark = (name) => { timing.marks[name] = performance.now(); };
const T = () => TEXT[state.lang];

function dateText(day) { // day number -> YYYY-MM-DD
  return new Date(day * 86400000).toISOString().slice(0, 10);
}
function chinaDateOf(seconds) { return dateText(Math.floor((seconds + 8 * 3600) / 86400)); }
function nowSeconds() { return Math.floor(Date.now() / 1000); }

// ---- trust list --------------------------------------------------------------------------
const trustReady = (async () => {
  try {
    if (!window.RO_TRUST_LIST) throw new TrustListError('missing');
    state.trust = await loadTrustList(window.RO_TRUST_LIST);
    state.continuity = checkContinuity(state.trust, window.localStorage || { getItem() { return null; }, setItem() {} });
  } catch (e) {
    state.trustError = e instanceof TrustListError ? e.code : 'trust_list_invalid';
  }
  renderTrust();
})();

function renderTrust() {
  const t = T();
  const box = $('trust');
  box.replaceChildren();
  const line = (text, cls) => { const p = document.createElement('p'); p.textContent = text; if (cls) p.className = cls; box.append(p); return p; };
  if (state.trustError) {
    line(t.trustError[state.trustError] || state.trustError, 'warn');
    box.dataset.trust = state.trustError;
    return;
  }
  const tr = state.trust;
  if (!tr) return; // still being checked: shown when ready
  box.dataset.trust = state.continuity ? state.continuity.state : 'ok';
  line(fmt(t.trustBy, tr.office.name, chinaDateOf(tr.issuedAt)));
  line(fmt(t.trustOffices, [...tr.offices.values()].map((o) => o.name).join('、')), 'small');
  const ageDays = Math.floor((nowSeconds() - tr.issuedAt) / 86400);
  if (ageDays > tr.maxAgeDays) line(fmt(t.trustStale, ageDays, tr.maxAgeDays), 'warn stale');
  if (state.continuity && state.continuity.state === 'unconfirmed') line(t.trustUnconfirmed, 'warn');
  if (state.continuity && state.continuity.state === 'older') line(t.trustOlder, 'warn');
  const fp = document.createElement('details');
  const sum = document.createElement('summary');
  sum.textContent = t.fingerprint;
  fp.append(sum);
  for (const k of tr.signers) {
    const code = document.createElement('code');
    code.textContent = `${k.keyId}: ${fingerprint(k.publicKey)}`;
    fp.append(code);
  }
  box.append(fp);
}

// ---- verdict -----------------------------------------------------------------------------
async function judge(text) {
  await trustReady;
  if (!state.trust) return { status: 'no_trust_list', warnings: [], detail: state.trustError };
  const at = nowSeconds();
  const result = await checkCode(text, state.trust, at);
  result.at = at;
  return result;
}

// A link's fragment may be percent-encoded ("%20" for a space) or not (Base45 has '%' itself):
// try the decoded form first, then the text as it is, and keep the first that is not damaged.
async function verifyCandidates(candidates, source) {
  mark('verify-start');
  showBusy();
  let chosen = null;
  for (const c of [...new Set(candidates)]) {
    const r = await judge(c);
    if (!chosen) chosen = r;
    if (r.status !== 'invalid_signature' && r.status !== 'not_a_certificate') { chosen = r; break; }
  }
  chosen.source = source;
  state.last = chosen;
  mark('verdict');
  render(chosen);
  return chosen;
}

function fragmentCandidates(fragment) {
  const out = [];
  try { out.push(decodeURIComponent(fragment)); } catch (e) { /* not percent-encoded */ }
  out.push(fragment);
  return out;
}

function showBusy() {
  const el = $('result');
  el.dataset.status = 'busy';
  $('headline').textContent = T().busy;
}

function render(r) {
  const t = T();
  const el = $('result');
  el.dataset.status = r.status;
  el.dataset.detail = r.detail || '';
  el.dataset.warnings = (r.warnings || []).join(' ');
  el.className = `result ${COLOURS[r.status] || 'grey'}`;
  $('headline').textContent = t.status[r.status] || r.status;
  $('explanation').textContent = t.explain[r.status] || '';
  $('specimen').hidden = !(r.warnings || []).includes('specimen');
  $('specimen').textContent = t.specimen;
  const card = $('card');
  card.replaceChildren();
  const notes = $('notes');
  notes.replaceChildren();
  const note = (text, cls) => { const li = document.createElement('li'); li.textContent = text; if (cls) li.className = cls; notes.append(li); };
  const c = r.claims;
  if (c) {
    const row = (key, value, cls) => {
      const dt = document.createElement('dt'); dt.textContent = t.fields[key];
      const dd = document.createElement('dd'); dd.textContent = value; dd.id = `field_${key}`;
      if (cls) dd.className = cls;
      card.append(dt, dd);
    };
    row('name', c.name, 'big');
    row('gender', c.gender === 'M' ? t.male : t.female);
    row('birth_date', dateText(c.birthDate));
    row('kind', kindName(state.lang, c.kind));
    row('serial', c.serial, 'mono');
    row('registration_number', c.registrationNumber);
    row('employer', c.employerName || (c.employerUscc ? fmt(t.usccOnly, c.employerUscc) : '—'));
    row('specialties', c.specialties.map((s) => fmt(t.until, specialtyName(state.lang, c.kind, s.code), dateText(s.validUntil))).join('\n'));
    row('window', fmt(t.to, dateText(c.windowStart), dateText(c.windowEnd)));
    row('remaining', remaining(r), 'big');
    row('issuer', r.key.officeName);
    if (r.withdrawal) {
      const w = r.withdrawal;
      row('withdrawal', fmt(w.state === 'revoked' ? t.revokedOn : t.supersededOn, chinaDateOf(w.at), w.reason || ''));
    }
    if ((r.warnings || []).includes('specimen')) note(t.specimenNote, 'specimen-note');
    if ((r.warnings || []).includes('key_compromised')) note(fmt(t.keyCompromised, chinaDateOf(r.key.compromisedAt)));
    note(r.revocationsAsOf ? fmt(t.revocationsAsOf, chinaDateOf(r.revocationsAsOf)) : t.revocationsUnknown, 'as-of');
  } else if (r.detail && t.reasons[r.detail]) {
    note(fmt(t.reason, t.reasons[r.detail]), 'small');
  }
  if (state.trust) {
    const ageDays = Math.floor((nowSeconds() - state.trust.issuedAt) / 86400);
    if (ageDays > state.trust.maxAgeDays && r.status !== 'not_a_certificate') note(fmt(t.trustStale, ageDays, state.trust.maxAgeDays), 'stale');
  }
  if (r.at) note(fmt(t.time, new Date(r.at * 1000).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-GB')), 'small');
  // On a phone the verdict may be below the fold (under the inputs): bring it into view.
  if (el.getBoundingClientRect().top > window.innerHeight * 0.5) el.scrollIntoView({ block: 'start' });
}

function remaining(r) {
  const t = T();
  const days = r.daysRemaining;
  if (r.status === 'revoked' || r.status === 'superseded') return '—';
  if (r.status === 'not_yet_valid') return fmt(t.startsIn, r.claims.windowStart - (r.claims.windowEnd - days));
  if (days < 0) return fmt(t.overdue, -days);
  if (days === 0) return t.lastDay;
  return fmt(t.days, days);
}

function showMessage(status, message) {
  const el = $('result');
  el.dataset.status = status;
  el.dataset.detail = '';
  el.dataset.warnings = '';
  el.className = 'result grey';
  $('headline').textContent = T().status[status] || '';
  $('explanation').textContent = message;
  $('specimen').hidden = true;
  $('card').replaceChildren();
  $('notes').replaceChildren();
}

// ---- QR decoder (lazy) -------------------------------------------------------------------
const scripts = {};
// A classic <script src> (not import()): it loads from a file:// page too.
function loadScript(name, global) {
  if (!scripts[name]) {
    mark(`${name}-load-start`);
    scripts[name] = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = name;
      s.onload = () => { mark(`${name}-loaded`); resolve(window[global]); };
      s.onerror = () => { delete scripts[name]; s.remove(); reject(new Error(name)); };
      document.head.append(s);
    });
  }
  return scripts[name];
}
const loadDecoder = () => loadScript('decoder.js', 'ROQR');
const loadPdf = () => loadScript('pdf.js', 'ROPDF');
window.RO_LOAD_DECODER = loadDecoder;

function frameData(source, width, height) {
  const scale = Math.min(1, SCAN_EDGE / Math.max(width, height));
  const w = Math.round(width * scale), h = Math.round(height * scale);
  const canvas = frameData.canvas || (frameData.canvas = document.createElement('canvas'));
  canvas.width = w; canvas.height = h;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  g.drawImage(source, 0, 0, w, h);
  return g.getImageData(0, 0, w, h);
}

async function verifyFirstCode(texts, source) {
  if (!texts.length) { showMessage('no_code_found', T().noCode); return null; }
  // A certificate's code wins over any other code in the same picture.
  const ours = texts.find((x) => x.includes('RO1:')) || texts[0];
  return verifyCandidates(fragmentCandidates(ours), source);
}

// ---- image or PDF file -------------------------------------------------------------------
async function openFile(file) {
  const t = T();
  if (file.size > MAX_FILE_BYTES) { showMessage('file_unreadable', fmt(t.fileTooLarge, MAX_FILE_BYTES / 1048576)); return; }
  showBusy();
  if (file.type === 'application/pdf' || /\.pdf$/i.test(file.name)) { await openPdf(file); return; }
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch (e) {
    showMessage('file_unreadable', t.notImage);
    return;
  }
  if (bitmap.width * bitmap.height > MAX_PIXELS) { showMessage('file_unreadable', t.notImage); return; }
  try {
    const qr = await loadDecoder();
    let texts = await qr.read(frameData(bitmap, bitmap.width, bitmap.height));
    if (!texts.length && Math.max(bitmap.width, bitmap.height) > SCAN_EDGE) {
      texts = await qr.read(file); // small code on a large page: try at full resolution
    }
    await verifyFirstCode(texts, 'image');
  } catch (e) {
    showMessage('decoder_unavailable', fmt(t.decoderFailed, e.message));
  }
}

async function openPdf(file) {
  const t = T();
  let qr, pdf;
  try {
    [qr, pdf] = await Promise.all([loadDecoder(), loadPdf()]);
  } catch (e) {
    showMessage('decoder_unavailable', fmt(t.decoderFailed, e.message));
    return;
  }
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    for await (const image of pdf.pages(bytes)) {
      const texts = await qr.read(image);
      if (texts.length) { await verifyFirstCode(texts, 'pdf'); return; }
    }
  } catch (e) {
    showMessage('file_unreadable', t.notImage);
    return;
  }
  showMessage('no_code_found', t.noCode);
}

// ---- camera ------------------------------------------------------------------------------
async function startCamera() {
  const t = T();
  mark('scan-pressed');
  if (!window.isSecureContext || !navigator.mediaDevices) { showMessage('camera_unavailable', t.cameraInsecure); return; }
  showMessage('busy', t.cameraStarting);
  const decoder = loadDecoder(); // in parallel with the camera's start
  try {
    state.stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
  } catch (e) {
    showMessage('camera_unavailable', fmt(t.cameraDenied, e.name || e.message));
    return;
  }
  const video = $('video');
  video.srcObject = state.stream;
  $('camera').hidden = false;
  $('scan').textContent = t.stop;
  await video.play();
  mark('camera-playing');
  let qr;
  try { qr = await decoder; } catch (e) { stopCamera(); showMessage('decoder_unavailable', fmt(t.decoderFailed, e.message)); return; }
  state.scanning = true;
  timing.frames = 0;
  while (state.scanning) {
    if (video.readyState >= 2 && video.videoWidth) {
      if (!timing.marks['first-frame']) mark('first-frame');
      timing.frames += 1;
      const texts = await qr.read(frameData(video, video.videoWidth, video.videoHeight));
      if (texts.length) {
        mark('code-decoded');
        stopCamera();
        await verifyFirstCode(texts, 'camera');
        return;
      }
    }
    await new Promise((r) => setTimeout(r, 60));
  }
}

function stopCamera() {
  state.scanning = false;
  if (state.stream) state.stream.getTracks().forEach((tr) => tr.stop());
  state.stream = null;
  $('camera').hidden = true;
  $('scan').textContent = T().scan;
}

// ---- page --------------------------------------------------------------------------------
function applyLanguage() {
  const t = T();
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t.title;
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t[el.dataset.t];
  $('pasted').placeholder = t.paste;
  $('scan').textContent = state.scanning ? t.stop : t.scan;
  renderTrust();
  if (state.last) render(state.last);
  else { $('headline').textContent = t.idle; $('explanation').textContent = t.idleHelp; }
}

function init() {
  let stored = null;
  try { stored = localStorage.getItem('registry-office-verifier-lang'); } catch (e) { stored = null; }
  state.lang = pickLanguage(stored, navigator.languages || [navigator.language]);
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    try { localStorage.setItem('registry-office-verifier-lang', state.lang); } catch (e) { /* file:// */ }
    applyLanguage();
  });
  $('scan').addEventListener('click', () => (state.scanning || state.stream ? stopCamera() : startCamera()));
  $('file').addEventListener('change', (e) => { if (e.target.files[0]) openFile(e.target.files[0]); e.target.value = ''; });
  $('check').addEventListener('click', () => {
    const text = $('pasted').value.trim();
    if (!text) return;
    const i = text.indexOf('#');
    verifyCandidates(i >= 0 && text.indexOf('RO1:') > i ? fragmentCandidates(text.slice(i + 1)) : [text], 'paste');
  });
  const fromHash = () => {
    const frag = location.hash.slice(1);
    if (frag) verifyCandidates(fragmentCandidates(frag), 'link');
  };
  window.addEventListener('hashchange', fromHash);
  applyLanguage();
  fromHash();
  if ('serviceWorker' in navigator && window.isSecureContext && location.protocol !== 'file:') {
    navigator.serviceWorker.register('sw.js').then(() => { $('offline').textContent = T().offline; }).catch(() => {});
  }
  window.RO_ENGINE = ed25519Engine;
}

init();
