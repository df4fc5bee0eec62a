import * as jsqr from 'jsqr';
import type { Locator } from 'playwright-core';
import sharp from 'sharp';

// Reads a QR code the way a phone does: from pixels. The element's screenshot (a PNG) is decoded
// to RGBA and handed to jsQR; the answer is the text the code holds, or null when none is found.

// jsqr is CommonJS whose types say `export default`: under NodeNext the function is the module's default, or the module itself.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const mod = jsqr as unknown as { default: Decode | { default: Decode } };
const jsQR: Decode = typeof mod.default === 'function' ? mod.default : mod.default.default;

/** The text of the QR code in a PNG image (null: none readable). */
export async function decodeQr(png: Buffer): Promise<string | null> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const code = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height);
  return code?.data ?? null;
}

/** The text of the QR code an element shows on the page. */
export async function readQr(element: Locator): Promise<string | null> {
  return decodeQr(await element.screenshot());
}
