import { body, errors, ok, path, query, type Paths } from './openapi_helpers.ts';

/** Personal access keys (docs/ACCESS.md, "Access keys"). */
export const keyPaths: Paths = {
  '/api/keys': {
    get: {
      tags: ['access'],
      summary: 'Your access keys (never the keys themselves); all=true: everyone\'s (needs users.manage)',
      parameters: [query('all', 'true: every user\'s keys (administrators)')],
      responses: { '200': ok('{ keys }'), ...errors(400, 401, 403) },
    },
    post: {
      tags: ['access'],
      summary: 'Make an access key: read-only unless permissions name more of your own; the key is in this answer only',
      requestBody: body('{ name, permissions?, expires_in_days? (1–366, default 90) }'),
      responses: { '201': ok('The key row with `key`'), ...errors(400, 401, 403) },
    },
  },
  '/api/keys/{id}': {
    delete: {
      tags: ['access'],
      summary: 'Revoke a key (your own; anyone\'s for an administrator): refused from the next request',
      parameters: [path('id', 'The key id', 'integer')],
      responses: { '200': ok('The revoked key'), ...errors(401, 403, 404) },
    },
  },
};
