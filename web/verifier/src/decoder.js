// The QR decoder, loaded on first use: zxing-wasm (ZXing-C++, the desktop's decoder) with its
// WASM inlined, so it loads by <script src> from a file:// page too and is cached by the
// service worker with the rest of the page.
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import wasm from '../node_modules/zxing-wasm/dist/reader/zxing_reader.wasm';

prepareZXingModule({ overrides: { wasmBinary: wasm.buffer } });

self.ROQR = {
  // ImageData or Blob -> texts of the QR codes found
  async read(input) {
    const results = await readBarcodes(input, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 4 });
    return results.filter((r) => r.isValid).map((r) => r.text);
  },
};
