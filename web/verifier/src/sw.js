// Service worker of the verifier page: the page and its decoder work offline once opened.
// The shell is cached at install; decoder.js and pdf.js when first used; the trust list (trust.js,
// trust.json) network first, so a phone online always gets the office's latest list.
const CACHE = 'ro-verifier-__VERSION__';
const SHELL = __FILES__.filter((f) => f !== 'decoder.js' && f !== 'pdf.js').concat(['./', 'trust.js', 'trust.json']);
const NETWORK_FIRST = ['trust.js', 'trust.json'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(
    names.filter((n) => n.startsWith('ro-verifier-') && n !== CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const name = url.pathname.split('/').pop();
  if (NETWORK_FIRST.includes(name)) {
    // Revalidated every time (never a heuristically "fresh" copy): a new list must reach the
    // phone as soon as the office publishes it.
    event.respondWith(fetch(event.request, { cache: 'no-cache' }).then((res) => {
      const copy = res.clone();
      if (res.ok) caches.open(CACHE).then((c) => c.put(event.request, copy));
      return res;
    }).catch(() => caches.match(event.request)));
    return;
  }
  event.respondWith(caches.match(event.request, { ignoreSearch: true }).then((hit) => hit || fetch(event.request).then((res) => {
    if (res.ok) { const copy = res.clone(); caches.open(CACHE).then((c) => c.put(event.request, copy)); }
    return res;
  })));
});
