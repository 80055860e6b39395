import busboy from 'busboy';
import type { Request } from 'express';
import { ValidationError } from '../errors.ts';

export interface PhotoUpload {
  /** The `file` part's bytes. */
  file: Buffer;
  /** The other form fields (`id`, …), as text. */
  fields: Record<string, string>;
}

const tooLarge = (maxBytes: number, got: string) =>
  Object.assign(new Error(`The photo is ${got}, over the limit of ${Math.round(maxBytes / 1024 / 1024)} MB: send it shrunk (the phone app does) or as a smaller JPEG.`), {
    status: 413,
  });

/**
 * Reads a multipart/form-data upload of one photo (part `file`) and a few short fields, holding
 * at most `maxBytes` of it in memory. A body declared larger is refused before a byte is read;
 * one that grows past the cap on the way is refused as soon as it does, and the rest of it is
 * read and dropped so that the client hears the 413 rather than a reset connection.
 */
export function readPhotoUpload(req: Request, maxBytes: number): Promise<PhotoUpload> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  // The form's own lines (boundaries, the id field) add a few hundred bytes around the file.
  if (declared > maxBytes + 64 * 1024) return drainThen(req, tooLarge(maxBytes, `${(declared / 1024 / 1024).toFixed(1)} MB`));
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: maxBytes, files: 1, fields: 8, fieldSize: 1024, parts: 10 } });
    } catch (err) {
      reject(new ValidationError(`The body is not a multipart/form-data upload (${(err as Error).message}): send the photo as the form field "file".`, [{ field: 'body', problem: 'not multipart' }]));
      return;
    }
    const chunks: Buffer[] = [];
    const fields: Record<string, string> = {};
    let sawFile = false;
    let failed: Error | null = null;
    const fail = (err: Error) => {
      if (failed) return;
      failed = err;
      req.unpipe(bb);
      drainThen(req, err).catch(reject);
    };
    bb.on('file', (name, stream) => {
      if (name !== 'file') {
        stream.resume();
        return;
      }
      sawFile = true;
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => fail(tooLarge(maxBytes, `more than ${Math.round(maxBytes / 1024 / 1024)} MB`)));
    });
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('error', (err) => fail(new ValidationError(`The multipart body could not be read (${(err as Error).message}).`, [{ field: 'body', problem: 'malformed multipart' }])));
    bb.on('close', () => {
      if (failed) return;
      if (!sawFile) {
        reject(new ValidationError('The upload holds no photo: send it as the form field "file" (multipart/form-data).', [{ field: 'file', problem: 'missing' }]));
        return;
      }
      resolve({ file: Buffer.concat(chunks), fields });
    });
    req.pipe(bb);
  });
}

/** Reads the rest of the request and drops it, then rejects with `err`. */
function drainThen(req: Request, err: Error): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (req.readableEnded) {
      reject(err);
      return;
    }
    req.on('end', () => reject(err));
    req.on('error', () => reject(err));
    req.resume();
  });
}
