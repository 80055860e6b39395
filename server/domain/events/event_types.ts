/**
 * The words of the event lifecycle (事件闭环). Plain data, shared by the state machine, the
 * queries, the routes and the Open311 mapping.
 */

export const EVENT_STATUSES = [
  'reported', // 上报
  'accepted', // 受理
  'dispatched', // 派遣
  'in_progress', // 处置中
  'resolved', // 处置完毕
  'verified', // 核查
  'closed', // 结案
  'suspended', // 挂起
  'cancelled', // 不予受理 / 作废 (a duplicate, a false report)
] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** The four handling levels, lowest first: 网格点 → 社区工作站 → 镇受理中心 → 市平台. */
export const EVENT_LEVELS = ['grid', 'community', 'town', 'city'] as const;
export type EventLevel = (typeof EVENT_LEVELS)[number];

export const EVENT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type EventSeverity = (typeof EVENT_SEVERITIES)[number];

export const EVENT_SOURCES = ['patrol', 'resident', 'hotline_12345', 'sensor', 'web', 'open311'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export const EVENT_ACTIONS = [
  'accept',
  'dispatch', // to a person or team, optionally at another level
  'start',
  'resolve',
  'verify',
  'close',
  'return', // returned for rework (退回重办)
  'suspend',
  'resume',
  'escalate', // up a level (上报/呼叫)
  'send_down', // down a level (下派)
  'cancel',
] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** Statuses in which the deadline clock runs; it pauses while suspended and stops once resolved. */
export const CLOCK_RUNNING_STATUSES: readonly EventStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress'];

/** Statuses that count as open: not yet closed or cancelled. */
export const OPEN_STATUSES: readonly EventStatus[] = EVENT_STATUSES.filter((s) => s !== 'closed' && s !== 'cancelled');

/** The state the lifecycle rules act on: what changes as an event moves through its loop. */
export interface EventState {
  category: string;
  severity: EventSeverity;
  status: EventStatus;
  level: EventLevel;
  assignee: string | null;
  /** ISO time by which the current level must finish (null: no rule). Counts only while the clock runs. */
  dueAt: string | null;
  /** Set while suspended: the status resume returns to, and when the pause began. */
  suspendedFrom: EventStatus | null;
  suspendedAt: string | null;
  reportedAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** What a report brings to start the loop. */
export interface EventReport {
  category: string;
  severity: EventSeverity;
  level: EventLevel;
  /** ISO time of the report. */
  at: string;
}

/** One requested transition. `to` names a level (dispatch, escalate, send_down). */
export interface EventStep {
  action: EventAction;
  to?: EventLevel | null;
  assignee?: string | null;
  note?: string | null;
  by: string;
  /** ISO time of the transition. */
  at: string;
}

/** Hours per level, category and severity, with '*' wildcards (the event_deadline table). */
export interface DeadlineRule {
  level: EventLevel;
  category: string;
  severity: EventSeverity | '*';
  hours: number;
}
