import { errors, ok, path, query, type Paths } from './openapi_helpers.ts';

/** Photos (照片) of events and their transitions. */
export const mediaPaths: Paths = {
  '/api/media': {
    post: {
      tags: ['events'],
      summary: 'Upload a photo (JPEG, PNG or WebP, told from its bytes); it is re-encoded without EXIF, shrunk to 2,560 px and given a thumbnail. Idempotent by client id',
      requestBody: {
        required: true,
        description: 'multipart/form-data: `file` (the image) and optionally `id` (the client id, 1–128 letters, digits or . _ : @ -)',
        content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, id: { type: 'string' } }, required: ['file'] } } },
      },
      responses: { '201': ok('Stored: { id, url, thumb_url, content_type, width, height, byte_size }'), '200': ok('Already stored with this id by this user'), ...errors(400, 401, 403, 409, 413, 415) },
    },
  },
  '/api/media/{id}': {
    get: {
      tags: ['events'],
      summary: 'A photo, to its uploader and to whoever may read an event holding it',
      parameters: [path('id', 'The photo id'), query('size', 'thumb: the 320 px thumbnail')],
      responses: { '200': ok('The image', { type: 'string', format: 'binary' }, 'image/*'), ...errors(401, 404) },
    },
  },
};
