import type { ExpressionSpecification } from 'maplibre-gl';

/** Fill colour by area kind: base grids in blue, dedicated grids each in their own colour. */
export const KIND_COLOURS: Record<string, string> = {
  base: '#4a90d9',
  village: '#6aa84f',
  school: '#f1c232',
  hospital: '#e06666',
  institution: '#8e7cc3',
  enterprise: '#e69138',
  estate: '#c27ba0',
};

export function kindColourExpression(): ExpressionSpecification {
  return ['match', ['get', 'kind'], ...Object.entries(KIND_COLOURS).flat(), '#999999'] as unknown as ExpressionSpecification;
}
