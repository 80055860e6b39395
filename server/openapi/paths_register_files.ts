import { body, errors, ok, query, type Paths } from './openapi_helpers.ts';

const FILE_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
const params = [
  query('charset', 'The CSV\'s encoding (utf-8, gbk, gb18030); detected when absent. `encoding` is the same'),
  query('encoding', 'Same as charset'),
  query('mapping', 'JSON object from field (id, lon, lat, address, grid, people, floating, flags, head_name, phone, name, category) to column header, over the guesses'),
  query('dry_run', 'true: answer the mapping, the placing and every problem, writing nothing', { type: 'string', enum: ['true', 'false', '1', '0'] }),
  query('crs', 'Coordinates: wgs84 (default), cgcs2000, gcj02 or bd09'),
  query('region', 'The region (town) code'),
  query('on_error', 'refuse (default) the whole file on any bad row, or skip bad rows', { type: 'string', enum: ['refuse', 'skip'] }),
  query('near_edge_m', 'Flag points within this many metres of a cell edge', 'number'),
];
const file = body('The register: an .xlsx workbook (first sheet) or CSV', { type: 'string', format: 'binary' }, FILE_TYPES);

/** Registers from spreadsheets (.xlsx, CSV in any Chinese encoding) and the standard address register. */
export const registerFilePaths: Paths = {
  '/api/registers/households/import': {
    post: { tags: ['registers'], summary: 'Import a household register from .xlsx or CSV, placing rows by coordinates, address or grid', parameters: params, requestBody: file, responses: { '200': ok('The dry run\'s report'), '201': ok('What was written, with the mapping and the address matches'), ...errors(400, 403, 413) } },
  },
  '/api/registers/facilities/import': {
    post: { tags: ['registers'], summary: 'Import a facility register from .xlsx or CSV', parameters: params, requestBody: file, responses: { '200': ok('The dry run\'s report'), '201': ok('What was written'), ...errors(400, 403, 413) } },
  },
  '/api/addresses/import': {
    post: { tags: ['registers'], summary: 'Import the standard address register (四标四实 标准地址: address, building, unit, coordinates) that register rows are placed by', parameters: params, requestBody: body('The address register: an .xlsx workbook (first sheet) or CSV', { type: 'string', format: 'binary' }, FILE_TYPES), responses: { '200': ok('The dry run\'s report'), '201': ok('What was written'), ...errors(400, 403, 413) } },
  },
};
