import { m } from './messages.ts';

/** What the server answered a write with: its status and JSON body (`{ message, problems? }`). */
export interface ServerAnswer {
  status: number;
  body: { message?: string; problems?: { field?: string; problem: string; reason?: string }[] } | null;
}

/** Problems to show beside a form: by the form's field name, and those that belong to no field. */
export interface FormProblems {
  byField: Record<string, string>;
  general: string[];
}

/**
 * Sorts a refused write's problems onto the form's fields. A 400 names its fields (`grants.0.area_code`
 * is the form's `area_code`: the page sends one grant at a time); a 409 belongs to `conflictField`
 * (the user name taken) and a 404 to `notFoundField` (an area that does not exist); a 403 and
 * anything else is said above the form.
 *
 *   formProblems({ status: 400, body: { problems: [{ field: 'password', problem: 'Too small' }] } }, { fields: ['password'] })
 *   // → { byField: { password: 'Too small' }, general: [] }
 */
export function formProblems(answer: ServerAnswer, opts: { fields: string[]; conflictField?: string; notFoundField?: string }): FormProblems {
  const out: FormProblems = { byField: {}, general: [] };
  const message = answer.body?.message ?? `HTTP ${answer.status}`;
  const add = (field: string | undefined, text: string) => {
    if (field && opts.fields.includes(field)) out.byField[field] = out.byField[field] ? `${out.byField[field]}; ${text}` : text;
    else out.general.push(field && field !== 'body' ? `${field}: ${text}` : text);
  };
  if (answer.status === 400 && answer.body?.problems?.length) {
    for (const p of answer.body.problems) add(p.field?.replace(/^grants\.\d+\./, ''), reasonText(p.reason) ?? p.problem);
  } else if (answer.status === 409 && opts.conflictField) {
    add(opts.conflictField, `${m('problem.exists')} (${message})`);
  } else if (answer.status === 404 && opts.notFoundField) {
    add(opts.notFoundField, message);
  } else if (answer.status === 403) {
    add(undefined, m('problem.forbidden', { message }));
  } else {
    add(undefined, m('problem.server', { message }));
  }
  return out;
}

/** The page's own words for a problem the server named by `reason` (the password policy's), if it has them. */
function reasonText(reason: string | undefined): string | undefined {
  return reason?.startsWith('password.') && PASSWORD_REASONS.has(reason.slice('password.'.length)) ? m(`problem.${reason}` as Parameters<typeof m>[0]) : undefined;
}

const PASSWORD_REASONS = new Set(['short', 'long', 'common', 'repetitive', 'sequence', 'username']);
