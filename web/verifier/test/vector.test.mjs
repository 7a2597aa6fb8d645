// `npm test`: the payload test vector of docs/payload.md section 7 through the page's verifier.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { checkCode } from '../src/verify.js';

const doc = fs.readFileSync(new URL('../../../docs/payload.md', import.meta.url), 'utf8');
const vector = Object.fromEntries(doc.split('```vector')[1].split('```')[0].trim().split('\n')
  .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
const pub = Uint8Array.from(Buffer.from(vector.public_key, 'hex'));
const key = { keyId: vector.kid, officeCode: '11100000000013338W', officeName: 'Test office', publicKey: pub,
  state: 'active', validFrom: 0, validUntil: null, retiredAt: null, compromisedAt: null, reserved: false, demo: false };
const trust = { keys: new Map([[vector.kid, key]]), offices: new Map(), revocations: new Map() };
const at = Date.parse('2026-12-01T00:00:00Z') / 1000;

const r = await checkCode(vector.text, trust, at);
assert.equal(r.status, 'valid', JSON.stringify(r.detail));
assert.equal(r.claims.name, '张三丰');
assert.equal(r.claims.serial, '1.2.156.3005.2.11100000000013338W011.11100000000013338W.20260000123.001.H');
assert.equal((await checkCode(`https://example.gov.cn/v/#${vector.text}`, trust, at)).status, 'valid');
assert.equal((await checkCode(vector.text.slice(0, -2) + 'AA', trust, at)).status, 'invalid_signature');
assert.equal((await checkCode('hello', trust, at)).status, 'not_a_certificate');
assert.equal((await checkCode(vector.text, { ...trust, keys: new Map() }, at)).status, 'unknown_issuer');
assert.equal((await checkCode(vector.text, trust, Date.parse('2027-06-01T00:00:00Z') / 1000)).status, 'expired');
console.log('payload test vector: ok');
