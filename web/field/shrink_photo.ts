/** Longest side of a photo as the phone sends it: sharp enough to read a sign, a few hundred KB. */
export const SEND_SIDE = 1600;

/**
 * The size to draw a `width`×`height` image at so that its longer side is at most `max`,
 * keeping its shape; never enlarged.
 *
 *   fitWithin(4000, 3000, 1600)  // → { width: 1600, height: 1200 }
 *   fitWithin(800, 600, 1600)    // → { width: 800, height: 600 }
 */
export function fitWithin(width: number, height: number, max: number): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Shrinks a photo from the camera or the gallery on the phone before it is kept or sent: decoded
 * upright by its EXIF orientation (createImageBitmap's imageOrientation 'from-image'), drawn at
 * SEND_SIDE on a canvas and encoded as JPEG. The canvas carries no EXIF, so the position and the
 * device never leave the phone either. A file the browser cannot decode (HEIC on some phones) is
 * kept as it is, for the server to judge.
 */
export async function shrinkPhoto(file: Blob): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  const { width, height } = fitWithin(bitmap.width, bitmap.height, SEND_SIDE);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b ?? file), 'image/jpeg', 0.85));
}
