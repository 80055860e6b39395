import { Router } from 'express';
import { buildOpenapi } from '../openapi/build_openapi.ts';
import { publicBase } from './public_base.ts';

/** GET /api/openapi.json: the OpenAPI 3.0 document of the whole API. */
export function openapiRouter(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    res.json(buildOpenapi(publicBase(req)));
  });
  return router;
}
