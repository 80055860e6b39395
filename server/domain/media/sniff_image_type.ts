/** The image types a photo may be: what phones' cameras and galleries produce and browsers show. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/**
 * The image type the first bytes of a file say it is (its magic number), or null when they name
 * none of JPEG, PNG or WebP: the file name and the client's Content-Type are never trusted.
 *
 *   sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))            // → 'image/jpeg'
 *   sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))   // → 'image/webp'
 *   sniffImageType(Buffer.from('%PDF-1.7'))                          // → null
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const at = (i: number, ...want: number[]) => want.every((b, k) => bytes[i + k] === b);
  if (bytes.length >= 3 && at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (bytes.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  // RIFF <size> WEBP
  if (bytes.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return null;
}

/** A name for what the bytes look like instead, for the refusal's message (best effort). */
export function describeOtherBytes(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 16)).toString('latin1');
  if (head.startsWith('%PDF')) return 'a PDF document';
  if (head.startsWith('GIF8')) return 'a GIF image';
  if (/^....ftyp(heic|heix|mif1|msf1)/s.test(head)) return 'a HEIC image (set the camera to "Most Compatible", or let the app shrink it)';
  if (head.startsWith('PK')) return 'a ZIP archive or Office document';
  if (/^\s*</.test(head)) return 'text or markup (HTML, SVG or XML)';
  if (bytes.length === 0) return 'an empty file';
  return 'not an image this server reads';
}
