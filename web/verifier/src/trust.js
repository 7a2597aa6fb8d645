// The office's signed verifier trust list (docs/payload.md section 9), published beside the
// page as trust.js (window.RO_TRUST_LIST) and trust.json. Checked here as the desktop checks
// signed documents (app/codes/signed_json.py): the SHA-256 of the canonical body, then an
// Ed25519 signature by a current key of the publishing office. What anchors that key for a
// phone is the office's HTTPS origin plus continuity: see docs/security.md ("Phone verifier").
import { sha256, verifyEd25519 } from './crypto.js';
import { hex } from './payload.js';

export const LIST_FORMAT = 'registry-office-verifier-list';
const BODY = ['format', 'version', 'issued_at', 'office', 'max_age_days', 'offices'];
const PIN_KEY = 'registry-office-verifier-pin';

// JSON with sorted keys, no insignificant white space, non-ASCII unescaped: what Python's
// json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":")) writes.
export function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

function unb64(s) {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  return Uint8Array.from(b, (ch) => ch.charCodeAt(0));
}

const when = (iso) => (iso === null || iso === undefined ? null : Math.floor(Date.parse(iso) / 1000));

export class TrustListError extends Error {
  constructor(code, detail) { super(code); this.code = code; this.detail = detail; }
}

function readKey(k, office) {
  const publicKey = unb64(k.public_key);
  if (k.algorithm !== 'Ed25519' || publicKey.length !== 32) throw new TrustListError('trust_list_invalid', 'key');
  return {
    keyId: k.key_id, officeCode: office.code, officeName: k.office_name || office.name, publicKey,
    state: k.state, validFrom: when(k.valid_from), validUntil: when(k.valid_until),
    retiredAt: when(k.retired_at), compromisedAt: when(k.compromised_at),
    compromiseReason: k.compromise_reason || null, reserved: k.state === 'reserved', demo: false,
  };
}

async function keyIdMatches(key) {
  return hex(sha256(key.publicKey).slice(0, 8)) === key.keyId;
}

/** Verify and read the list; throws TrustListError with a machine code. */
export async function loadTrustList(doc) {
  if (!doc || doc.format !== LIST_FORMAT || doc.version !== 1) throw new TrustListError('trust_list_invalid', 'format');
  const body = {};
  for (const m of BODY) body[m] = doc[m];
  const bytes = new TextEncoder().encode(canonical(body));
  if (hex(sha256(bytes)) !== doc.sha256) throw new TrustListError('trust_list_damaged');
  const keys = new Map();
  const offices = new Map();
  const revocations = new Map();
  for (const o of doc.offices || []) {
    const office = { code: o.code, name: o.name, revocationsAsOf: when(o.revocations && o.revocations.as_of) };
    offices.set(o.code, office);
    for (const k of o.keys || []) {
      const key = readKey(k, o);
      if (!(await keyIdMatches(key))) throw new TrustListError('trust_list_invalid', 'key_id');
      keys.set(key.keyId, key);
    }
    for (const e of (o.revocations && o.revocations.entries) || []) {
      // An office speaks only for its own certificates (the issuer is the serial's 7th part).
      if (e.serial.split('.')[6] !== o.code) continue;
      revocations.set(e.serial, { state: e.state, at: when(e.at), reason: e.reason || null });
    }
  }
  const own = offices.get(doc.office && doc.office.code);
  if (!own) throw new TrustListError('trust_list_invalid', 'office');
  // Signed by a current (active) key of the publishing office, listed in the list itself.
  // Retired keys sign too (after a rotation), so a phone that knew the old key as current
  // can follow the office to the new one; they count for continuity, not for acceptance.
  const signedBy = [];
  for (const s of doc.signatures || []) {
    const key = keys.get(s.key_id);
    if (!key || key.officeCode !== own.code || key.compromisedAt !== null || key.reserved) continue;
    if (await verifyEd25519(key.publicKey, unb64(s.signature), bytes)) signedBy.push(key.keyId);
  }
  if (!signedBy.some((id) => keys.get(id).state === 'active')) throw new TrustListError('trust_list_signature');
  return {
    office: own, issuedAt: when(doc.issued_at), maxAgeDays: doc.max_age_days, keys, offices,
    revocations, signedBy,
    signers: signedBy.map((id) => keys.get(id)).filter((k) => k.state === 'active'),
  };
}

/**
 * Continuity on this phone (trust on first use, then as app/services/trust_import.py): a
 * later list of the same office must be signed by a key this phone last held as current.
 * Returns {state: 'new' | 'confirmed' | 'unconfirmed' | 'older'}; storage failures (file://,
 * private mode) only lose the pin, never the verdict.
 */
export function checkContinuity(list, storage) {
  let pin = null;
  try { pin = JSON.parse(storage.getItem(PIN_KEY) || 'null'); } catch (e) { pin = null; }
  const current = [...list.keys.values()].filter((k) => k.officeCode === list.office.code && k.state === 'active').map((k) => k.keyId);
  const save = () => {
    try {
      storage.setItem(PIN_KEY, JSON.stringify({ office: list.office.code, keys: current, issuedAt: list.issuedAt }));
    } catch (e) { /* no storage: nothing to remember */ }
  };
  if (!pin || pin.office !== list.office.code) { save(); return { state: 'new' }; }
  if (!list.signedBy.some((id) => pin.keys.includes(id))) return { state: 'unconfirmed', pinned: pin };
  if (list.issuedAt < pin.issuedAt) return { state: 'older', pinned: pin };
  save();
  return { state: 'confirmed' };
}

export function forgetPin(storage) {
  try { storage.removeItem(PIN_KEY); } catch (e) { /* nothing stored */ }
}

export function fingerprint(publicKey) {
  const h = hex(sha256(publicKey)).toUpperCase();
  return h.match(/.{4}/g).join(' ');
}
