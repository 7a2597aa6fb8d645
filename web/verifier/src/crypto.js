// Ed25519 (RFC 8032) and SHA-256 from maintained libraries: WebCrypto where the browser has
// Ed25519, @noble/ed25519 otherwise (strict RFC 8032 checks, as OpenSSL on the desktop).
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

ed.hashes.sha512 = sha512;

let webCryptoEd25519 = null; // unknown until first tried

async function webCryptoVerify(pub, sig, msg) {
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (!subtle || webCryptoEd25519 === false) return null;
  try {
    const key = await subtle.importKey('raw', pub, { name: 'Ed25519' }, false, ['verify']);
    const ok = await subtle.verify({ name: 'Ed25519' }, key, sig, msg);
    webCryptoEd25519 = true;
    return ok;
  } catch (e) {
    if (webCryptoEd25519 === null) webCryptoEd25519 = false; // no Ed25519 here: use noble
    return webCryptoEd25519 ? false : null;
  }
}

export async function verifyEd25519(pub, sig, msg) {
  if (pub.length !== 32 || sig.length !== 64) return false;
  const viaWeb = await webCryptoVerify(pub, sig, msg);
  if (viaWeb !== null) return viaWeb;
  try {
    return ed.verify(sig, msg, pub, { zip215: false });
  } catch (e) {
    return false;
  }
}

export function ed25519Engine() {
  return webCryptoEd25519 ? 'WebCrypto' : '@noble/ed25519';
}

export function sha256(bytes) {
  return nobleSha256(bytes);
}
