import type { EventStatus } from './event_types.ts';

/** A service request in Open311 GeoReport v2's shape. */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string;
  address_id: string;
  zipcode: string;
  lat: number;
  long: number;
  media_url: string;
}

const AGENCY: Record<string, string> = {
  grid: '网格 Grid point',
  community: '社区工作站 Community station',
  town: '镇受理中心 Town centre',
  city: '市平台 City platform',
};

/**
 * An event as an Open311 request: closed and cancelled events are `closed`, everything else
 * `open`; the status notes keep our finer status and level; the handling level and grid are the
 * agency responsible.
 *
 * @example
 * toOpen311Request(event, 'Dispute').status // 'open'
 */
export function toOpen311Request(
  e: {
    id: string; status: EventStatus; level: string; category: string; description: string; reported_at: string;
    updated_at: string; due_at: string | null; address: string | null; grid_code: string | null; grid_name: string | null;
    lon: number; lat: number; photo_ref: string | null; assignee: string | null;
  },
  serviceName: string,
  /** The server's own address (scheme and host), for a photo stored here (`/api/media/…`). */
  origin = '',
): Open311Request {
  const closed = e.status === 'closed' || e.status === 'cancelled';
  return {
    service_request_id: e.id,
    status: closed ? 'closed' : 'open',
    status_notes: `${e.status} at ${e.level} level${e.assignee ? `, assigned to ${e.assignee}` : ''}`,
    service_name: serviceName,
    service_code: e.category,
    description: e.description,
    agency_responsible: `${AGENCY[e.level] ?? e.level}${e.grid_name ? ` · ${e.grid_name}` : ''}`,
    service_notice: '',
    requested_datetime: e.reported_at,
    updated_datetime: e.updated_at,
    expected_datetime: closed ? null : e.due_at,
    address: e.address ?? '',
    address_id: e.grid_code ?? '',
    zipcode: '',
    lat: e.lat,
    long: e.lon,
    media_url: !e.photo_ref ? '' : /^https?:\/\//.test(e.photo_ref) ? e.photo_ref : e.photo_ref.startsWith('/api/media/') && origin ? origin + e.photo_ref : '',
  };
}
