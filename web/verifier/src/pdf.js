// PDF support, loaded on first use (about 1.7 MB): PDF.js renders a page to pixels, which the
// QR decoder then reads. The worker code runs on the page's own thread (PDF.js's "fake worker",
// found as globalThis.pdfjsWorker), so no worker file is fetched: it works from file:// too.
import * as pdfjs from 'pdfjs-dist/build/pdf.min.mjs';
import * as worker from 'pdfjs-dist/build/pdf.worker.min.mjs';

globalThis.pdfjsWorker = worker;
const MAX_PAGES = 5;       // a certificate file has one page; a combined print file more
const RENDER_EDGE = 2400;  // pixels on the page's long edge: the QR code's modules stay sharp

self.ROPDF = {
  // Yields ImageData of the first pages, one at a time (the caller stops at the first code).
  async *pages(bytes) {
    const doc = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true,
      useSystemFonts: false, stopAtErrors: false }).promise;
    try {
      for (let n = 1; n <= Math.min(doc.numPages, MAX_PAGES); n++) {
        const page = await doc.getPage(n);
        const base = page.getViewport({ scale: 1 });
        const viewport = page.getViewport({ scale: RENDER_EDGE / Math.max(base.width, base.height) });
        const canvas = document.createElement('canvas');
        canvas.width = Math.ceil(viewport.width);
        canvas.height = Math.ceil(viewport.height);
        const g = canvas.getContext('2d', { willReadFrequently: true });
        g.fillStyle = 'white';
        g.fillRect(0, 0, canvas.width, canvas.height);
        await page.render({ canvasContext: g, canvas, viewport }).promise;
        yield g.getImageData(0, 0, canvas.width, canvas.height);
        page.cleanup();
      }
    } finally {
      await doc.destroy();
    }
  },
};
