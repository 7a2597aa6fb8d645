// RO1 payload decoding (docs/payload.md sections 1-6): prefix, Base45, canonical zlib,
// strict COSE_Sign1, CWT claims. Mirrors app/codes/payload.py and app/codes/cose.py: every
// layer is read as strictly as the desktop reads it, so both give the same status.
import { decode as b45decodeLoose } from 'base45';
import { Inflate } from 'pako';
import { Decoder, Encoder, Tag } from 'cbor-x';

export const PREFIX = 'RO1:';
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const MAX_INFLATED = 8192;
export const CHINA_OFFSET = 8 * 3600;
const DAY = 86400;

export class NotOurFormat extends Error {}
export class PayloadError extends Error {}

const cbor = new Decoder({ mapsAsObjects: false, useRecords: false, int64AsType: 'number' });
const cborOut = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false });

// What comes before "RO1:" is an office's URL (a phone's camera app opens it); the signed text
// starts at the prefix. Only an http(s) URL ending in '#' or '?' (or nothing) may precede it.
export function stripToPayload(text) {
  text = String(text).trim();
  const i = text.indexOf(PREFIX);
  if (i > 0) return text.slice(i);
  return text;
}

export function splitPrefix(text) {
  if (!text.startsWith(PREFIX)) {
    if (text.length > 4 && text.slice(0, 2) === 'RO' && /[0-9]/.test(text[2]) && text[3] === ':') {
      throw new NotOurFormat('unsupported_version');
    }
    throw new NotOurFormat('no_prefix');
  }
  return text.slice(PREFIX.length);
}

// The base45 package does not validate its input; RFC 9285 section 6 says what must be refused.
export function b45decode(s) {
  for (const c of s) if (B45.indexOf(c) < 0) throw new PayloadError('not Base45');
  if (s.length % 3 === 1) throw new PayloadError('not Base45');
  for (let i = 0; i < s.length; i += 3) {
    const a = B45.indexOf(s[i]), b = B45.indexOf(s[i + 1]);
    const x = i + 2 < s.length ? a + b * 45 + B45.indexOf(s[i + 2]) * 2025 : a + b * 45;
    if (x > (i + 2 < s.length ? 0xffff : 0xff)) throw new PayloadError('not Base45');
  }
  return new Uint8Array(b45decodeLoose(s));
}

function inflate(compressed) {
  // A QR code holds at most ~3 KB, so even a hostile stream inflates to a few MB at most;
  // anything over the bound is refused after the fact, as the desktop refuses it.
  const inf = new Inflate();
  try {
    inf.push(compressed, true);
  } catch (e) {
    throw new PayloadError('not zlib');
  }
  // Z_STREAM_END must be reached with nothing after the Adler-32 trailer.
  if (inf.err || !inf.ended || inf.strm.avail_in !== 0 || !inf.result) throw new PayloadError('zlib stream incomplete');
  if (inf.result.length > MAX_INFLATED) throw new PayloadError('zlib output too large');
  return inf.result;
}

function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// A bit of the last deflate byte that can be cleared without changing the output is padding
// after the final block, which a canonical encoder writes as zero (app/codes/payload.py).
function hasPaddingBits(compressed, raw) {
  const last = compressed.length - 5;
  if (last < 2) return false;
  for (let bit = 0; bit < 8; bit++) {
    if (compressed[last] & (1 << bit)) {
      const cleared = compressed.slice();
      cleared[last] &= ~(1 << bit) & 0xff;
      try {
        if (sameBytes(inflate(cleared), raw)) return true;
      } catch (e) { /* not a valid stream: the bit mattered */ }
    }
  }
  return false;
}

export function loadsExact(bytes) {
  // cbor-x refuses bytes left after the item ("end of buffer not reached").
  try {
    return cbor.decode(bytes);
  } catch (e) {
    throw new PayloadError('not CBOR');
  }
}

const isBytes = (v) => v instanceof Uint8Array;
const isMap = (v) => v instanceof Map;
// cbor-x hands back integers beyond 2^53 as BigInt: a serial may be that large (Python reads
// any integer); a date or instant that large is out of range, as on the desktop.
const isInt = (v) => (typeof v === 'number' && Number.isInteger(v))
  || (typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER));
const asInt = (v) => (typeof v === 'bigint' ? Number(v) : v);
const isSerialPart = (v) => (typeof v === 'bigint' && v > 0n) || (isInt(v) && asInt(v) > 0);

export function parseSign1(raw) {
  let obj = loadsExact(raw);
  if (obj instanceof Tag) {
    if (obj.tag !== 18) throw new PayloadError('not COSE_Sign1');
    obj = obj.value;
  }
  if (!Array.isArray(obj) || obj.length !== 4) throw new PayloadError('COSE_Sign1 must be an array of 4');
  const [protectedBytes, unprotected, payload, signature] = obj;
  if (!isBytes(protectedBytes) || !isMap(unprotected)) throw new PayloadError('bad header types');
  if (!isBytes(payload) || !isBytes(signature) || signature.length !== 64) throw new PayloadError('bad payload or signature');
  const header = loadsExact(protectedBytes);
  if (!isMap(header) || header.get(1) !== -8) throw new PayloadError('algorithm must be EdDSA');
  const kid = header.get(4);
  if (!isBytes(kid) || kid.length === 0) throw new PayloadError('key id missing');
  for (const k of header.keys()) if (k !== 1 && k !== 4) throw new PayloadError('unexpected header');
  if (unprotected.size) throw new PayloadError('unexpected header');
  return { protected: protectedBytes, kid, payload, signature };
}

export function sigStructure(message) {
  return new Uint8Array(cborOut.encode(['Signature1', message.protected, new Uint8Array(0), message.payload]));
}

export function decodeMessage(text) {
  const body = splitPrefix(text);
  const compressed = b45decode(body);
  const raw = inflate(compressed);
  if (compressed[0] !== 0x78 || compressed[1] !== 0xda || hasPaddingBits(compressed, raw)) {
    throw new PayloadError('zlib stream not in its canonical form');
  }
  return parseSign1(raw);
}

export const KINDS = { 1: 'architect', 2: 'constructor', 3: 'engineer' };
export const SPECIALTY_CODES = {
  architect: ['architecture'],
  constructor: ['building', 'highway', 'railway', 'airport', 'port', 'hydro', 'mining',
    'mechanical', 'municipal', 'telecom'],
  engineer: ['structural', 'geotechnical', 'water_supply', 'power', 'hvac',
    'power_generation', 'power_distribution', 'chemical'],
};
export const LICENCE_TYPE_CODES = {
  architect: '11100000000013338W012', constructor: '11100000000013338W011', engineer: '11100000000013338W013',
};
export const USE_WINDOW_DAYS = { architect: 180, constructor: 180, engineer: 180 };
// Day numbers beyond this are not calendar dates (Python refuses them as out of range).
const MAX_DAY = 2932896; // 9999-12-31

const isMidnightChina = (s) => (s + CHINA_OFFSET) % DAY === 0;
export const chinaDay = (seconds) => Math.floor((seconds + CHINA_OFFSET) / DAY);

function text(m, k, optional) {
  const v = m.get(k);
  if (v === undefined && optional) return null;
  if (typeof v !== 'string' || !v) throw new PayloadError(`claim ${k} must be text`);
  return v;
}
function int(m, k) {
  const v = m.get(k);
  if (!isInt(v)) throw new PayloadError(`claim ${k} must be an integer`);
  return asInt(v);
}
function day(v) {
  if (!isInt(v)) throw new PayloadError('date is not a day number');
  v = asInt(v);
  if (v < -719162 || v > MAX_DAY) throw new PayloadError('date is not a day number');
  return v;
}

export function claimsFromMessage(message) {
  const cwt = loadsExact(message.payload);
  if (!isMap(cwt) || !isMap(cwt.get(-65537))) throw new PayloadError('no certificate claim');
  const p = cwt.get(-65537);
  const serial = p.get(1);
  if (!Array.isArray(serial) || serial.length !== 2 || !serial.every(isSerialPart)) {
    throw new PayloadError('bad serial');
  }
  const kind = KINDS[int(p, 2)];
  const gender = { 1: 'M', 2: 'F' }[int(p, 5)];
  if (!kind || !gender) throw new PayloadError('unknown kind or gender');
  const rawSpecs = p.get(9);
  if (!Array.isArray(rawSpecs) || !rawSpecs.length) throw new PayloadError('no specialties');
  const specialties = rawSpecs.map((s) => {
    if (!Array.isArray(s) || s.length !== 3) throw new PayloadError('bad specialty');
    let code = s[0];
    if (!(typeof code === 'string' && code)) {
      const table = SPECIALTY_CODES[kind];
      if (!isInt(code) || asInt(code) < 1 || asInt(code) > table.length) throw new PayloadError('unknown specialty code');
      code = table[asInt(code) - 1];
    }
    return { code, validFrom: day(s[1]), validUntil: day(s[2]) };
  });
  const photo = p.get(10);
  if (!isBytes(photo) || photo.length !== 8) throw new PayloadError('bad photo hash');
  const specimen = p.has(11) ? p.get(11) : false;
  if (typeof specimen !== 'boolean') throw new PayloadError('specimen flag must be a boolean');
  const nbf = int(cwt, 5), exp = int(cwt, 4), iat = int(cwt, 6);
  if (exp <= nbf) throw new PayloadError('use window ends before it starts');
  if (!isMidnightChina(nbf) || !isMidnightChina(exp)) throw new PayloadError('nbf and exp must be 00:00 China time');
  const serialNumber = String(serial[0]);
  const version = serial[1];
  if (typeof version === 'bigint' && version > 999999n) throw new PayloadError('bad serial');
  const issuer = text(cwt, 1);
  const c = {
    serialNumber, version, kind, gender, issuer, specialties, photo, specimen, nbf, exp, iat,
    registrationNumber: text(p, 3), name: text(p, 4), birthDate: day(p.get(6)),
    employerUscc: text(p, 7, true), employerName: text(p, 8, true),
    windowStart: chinaDay(nbf), windowEnd: chinaDay(exp) - 1,
    registrationValidUntil: Math.max(...specialties.map((s) => s.validUntil)),
  };
  c.serial = licenceIdentifier(LICENCE_TYPE_CODES[kind], issuer, serialNumber,
    String(version).padStart(3, '0'));
  c.version = Number(version);
  return c;
}

const MOD37 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export function mod37_36(textIn) {
  const m = 36;
  let p = m;
  for (const ch of textIn.toUpperCase()) {
    const v = MOD37.indexOf(ch);
    if (v < 0) return '?';
    p = (p + v) % m;
    p = ((p || m) * 2) % (m + 1);
  }
  return MOD37[(m + 1 - p) % m];
}

export function licenceIdentifier(typeCode, issuer, serial, version) {
  const check = mod37_36(`${typeCode}${issuer}${serial}${version}`);
  return `1.2.156.3005.2.${typeCode}.${issuer}.${serial}.${version}.${check}`;
}

export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
