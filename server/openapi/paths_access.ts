import { body, errors, ok, path, query, type Paths } from './openapi_helpers.ts';

/** Sign-in, users and their grants, the audit log. */
export const accessPaths: Paths = {
  '/api/auth/login': {
    post: { tags: ['access'], summary: 'Sign in: a bearer token (also set as a cookie)', requestBody: body('{ username, password }'), responses: { '200': ok('{ token, user }'), ...errors(400, 401, 429) } },
  },
  '/api/auth/logout': { post: { tags: ['access'], summary: 'Sign out (clears the cookie)', responses: { '204': { description: 'Signed out' } } } },
  '/api/auth/me': { get: { tags: ['access'], summary: 'Who is signed in, with their grants', responses: { '200': ok('The user'), ...errors(401) } } },
  '/api/users': {
    get: { tags: ['access'], summary: 'Users (needs users.manage)', responses: { '200': ok('The users'), ...errors(401, 403) } },
    post: { tags: ['access'], summary: 'Create a user with grants', requestBody: body('{ username, password, display_name?, grants? }'), responses: { '201': ok('The user'), ...errors(400, 401, 403, 409) } },
  },
  '/api/users/{username}': {
    get: { tags: ['access'], summary: 'One user', parameters: [path('username', 'The user name')], responses: { '200': ok('The user'), ...errors(401, 403, 404) } },
    patch: { tags: ['access'], summary: 'Change display name, password or disable; a new password or sign_out ends every session (tokens issued before stop working)', parameters: [path('username', 'The user name')], requestBody: body('{ display_name?, password?, disabled?, sign_out? }'), responses: { '200': ok('The user'), ...errors(400, 401, 403, 404) } },
  },
  '/api/users/{username}/grants': {
    post: { tags: ['access'], summary: 'Grant a role over an area', parameters: [path('username', 'The user name')], requestBody: body('{ role, area_code, can_publish? }'), responses: { '201': ok('The grant'), ...errors(400, 401, 403, 404) } },
  },
  '/api/users/{username}/grants/{id}': {
    delete: { tags: ['access'], summary: 'Revoke a grant', parameters: [path('username', 'The user name'), path('id', 'The grant id', 'integer')], responses: { '200': ok('Revoked'), ...errors(401, 403, 404) } },
  },
  '/api/audit': {
    get: {
      tags: ['access'],
      summary: 'The audit log: who changed what, where and when (needs audit.read)',
      parameters: [query('who', 'A user name'), query('what', 'An action'), query('entity', 'An entity kind'), query('area', 'An area code'), query('from', 'ISO 8601 date or time'), query('to', 'ISO 8601 date or time'), query('limit', 'At most this many (≤ 1,000)', 'integer'), query('before', 'Entries before this id (paging)', 'integer')],
      responses: { '200': ok('The entries'), ...errors(400, 401, 403) },
    },
  },
};
