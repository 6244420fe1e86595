import { expect, type Locator } from "@playwright/test";
import jsQR from "jsqr";

/**
 * What a phone would read from a QR code on screen: a screenshot of the
 * element, its pixels decoded by jsQR. The page's own canvas only turns the
 * screenshot PNG back into pixels (no PNG decoder among our dependencies).
 */
export async function scanQr(qr: Locator): Promise<string> {
  // Scanned once the image has really been drawn, not while it is still loading.
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const png = await qr.screenshot();
  const pixels = await qr.page().evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no 2d canvas");
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height);
    return { width: data.width, height: data.height, rgba: Array.from(data.data) };
  }, png.toString("base64"));
  const code = jsQR(Uint8ClampedArray.from(pixels.rgba), pixels.width, pixels.height);
  expect(code, "the QR code on screen decodes").not.toBeNull();
  return code!.data;
}
