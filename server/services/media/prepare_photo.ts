import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describeOtherBytes, sniffImageType, type ImageType } from '../../domain/media/sniff_image_type.ts';
import { ValidationError } from '../../errors.ts';

/** A photo as it is stored: re-encoded, without metadata, with its thumbnail. */
export interface PreparedPhoto {
  contentType: ImageType;
  width: number;
  height: number;
  bytes: Buffer;
  thumb: Buffer;
  sha256: string;
}

/** Longest side kept (px): more than any phone screen shows, less than a camera's 4000+. */
export const MAX_SIDE = 2560;
export const THUMB_SIDE = 320;
// A decompression bomb (a small file claiming a huge canvas) is refused before decoding.
const MAX_INPUT_PIXELS = 60_000_000;

/** Thrown for bytes that are not a JPEG, PNG or WebP: the route answers 415. */
export class UnsupportedImageError extends Error {
  override name = 'UnsupportedImageError';
  readonly status = 415;
}

/**
 * Checks what `input` really is from its bytes, decodes it whole (a truncated or corrupt file is
 * refused, not stored half-grey), turns it upright by its EXIF orientation, shrinks it to
 * MAX_SIDE and re-encodes it in its own type. Re-encoding keeps no metadata: the GPS position
 * and the device's EXIF are gone from what is served. The thumbnail is a JPEG of THUMB_SIDE.
 */
export async function preparePhoto(input: Buffer): Promise<PreparedPhoto> {
  const type = sniffImageType(input);
  if (!type) {
    throw new UnsupportedImageError(`The file is ${describeOtherBytes(input)}: a photo must be a JPEG, PNG or WebP image.`);
  }
  const open = () => sharp(input, { failOn: 'warning', limitInputPixels: MAX_INPUT_PIXELS }).rotate();
  try {
    const resized = open().resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true });
    const encoded = type === 'image/jpeg' ? resized.jpeg({ quality: 85, mozjpeg: true }) : type === 'image/png' ? resized.png() : resized.webp({ quality: 85 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumb = await open()
      .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 75 })
      .toBuffer();
    return { contentType: type, width: info.width, height: info.height, bytes: data, thumb, sha256: createHash('sha256').update(data).digest('hex') };
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^Vips\w*:\s*/, '').trim() : String(err);
    throw new ValidationError(`The ${type.slice(6).toUpperCase()} file could not be read whole (${why}): it may be cut short or damaged. Take or pick the photo again.`, [
      { field: 'file', problem: `damaged ${type}: ${why}` },
    ]);
  }
}
