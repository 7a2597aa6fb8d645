// check_code of app/codes/verify.py for the phone, plus the revocation list "as of" its date
// (docs/payload.md sections 6 and 8). Statuses and reasons carry the same machine names.
import {
  NotOurFormat, PayloadError, USE_WINDOW_DAYS, chinaDay, claimsFromMessage, decodeMessage, hex,
  sigStructure, stripToPayload,
} from './payload.js';
import { verifyEd25519 } from './crypto.js';

const DAY = 86400;

function keyRuleBroken(c, key) {
  const iat = c.iat;
  if (key.reserved) return 'key_reserved';
  if (key.compromisedAt !== null && iat >= key.compromisedAt) return 'key_compromised';
  if (key.demo && !c.specimen) return 'demo_key_not_specimen';
  const ends = [key.validUntil, key.retiredAt].filter((t) => t !== null);
  const end = ends.length ? Math.min(...ends) : null;
  if (!(key.validFrom <= iat && (end === null || iat <= end))) return 'key_not_valid_at_issue';
  return null;
}

function payloadRuleBroken(c) {
  if (chinaDay(c.iat) !== c.windowStart) return 'window_not_from_annotation_day';
  if (!(c.nbf <= c.iat && c.iat < c.exp)) return 'issued_outside_window';
  if (c.exp - c.nbf > USE_WINDOW_DAYS[c.kind] * DAY) return 'window_too_long';
  if (c.windowEnd > c.registrationValidUntil) return 'window_past_registration';
  return null;
}

/**
 * Judge `text` at `at` (seconds since 1970). `trust` is the verified trust list
 * (trust.js: keys by id, revocations by serial). Returns {status, detail, warnings, claims, key,
 * withdrawal}.
 */
export async function checkCode(rawText, trust, at) {
  const text = stripToPayload(rawText);
  let message;
  try {
    message = decodeMessage(text);
  } catch (e) {
    if (e instanceof NotOurFormat) return { status: 'not_a_certificate', detail: e.message, warnings: [] };
    return { status: 'invalid_signature', detail: 'damaged', warnings: [] };
  }
  const kid = hex(message.kid);
  const key = trust.keys.get(kid);
  if (!key) return { status: 'unknown_issuer', detail: kid, warnings: [] };
  if (!(await verifyEd25519(key.publicKey, message.signature, sigStructure(message)))) {
    return { status: 'invalid_signature', detail: 'bad_signature', warnings: [] };
  }
  let c;
  try {
    c = claimsFromMessage(message);
  } catch (e) {
    if (e instanceof PayloadError || e instanceof RangeError || e instanceof TypeError) {
      return { status: 'invalid_signature', detail: 'malformed_claims', warnings: [] };
    }
    throw e;
  }
  if (c.issuer !== key.officeCode) return { status: 'invalid_signature', detail: 'issuer_mismatch', warnings: [] };
  const broken = keyRuleBroken(c, key) || payloadRuleBroken(c);
  if (broken) return { status: 'invalid_signature', detail: broken, warnings: [] };
  const warnings = [];
  if (key.compromisedAt !== null) warnings.push('key_compromised');
  if (c.specimen) warnings.push('specimen');
  let status;
  if (at < c.nbf) status = 'not_yet_valid';
  else if (chinaDay(at) > c.registrationValidUntil) status = 'registration_expired';
  else if (at >= c.exp) status = 'expired';
  else status = 'valid';
  // The office's signed revocation list: known only up to its date (trust.revocationsAsOf).
  const listed = trust.revocations.get(c.serial);
  let withdrawal = null;
  if (listed && listed.at <= at) {
    if (listed.state === 'revoked') { status = 'revoked'; withdrawal = listed; }
    else if (listed.state === 'superseded' && status === 'valid') { status = 'superseded'; withdrawal = listed; }
  }
  const office = trust.offices.get(key.officeCode);
  return {
    status, detail: null, warnings, claims: c, key, withdrawal,
    revocationsAsOf: office ? office.revocationsAsOf : null,
    daysRemaining: c.windowEnd - chinaDay(at),
  };
}
