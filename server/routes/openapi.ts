import { Router } from 'express';
import { buildOpenapi } from '../openapi/build_openapi.ts';
import { publicBase } from './public_base.ts';

/** GET /api/openapi.json: the OpenAPI 3.0 document of the whole API. */
export function openapiRouter(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    // The media type the OGC landing page's service-desc link promises.
    res.type('application/vnd.oai.openapi+json;version=3.0').send(JSON.stringify(buildOpenapi(publicBase(req))));
  });
  return router;
}
