import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { areaCodeProblem } from '../domain/area_code.ts';

/** Parses query parameters or a body with a zod schema; a mismatch is a 400 naming each field. */
export function parseWith<T extends z.ZodType>(schema: T, input: unknown, where: 'query' | 'body'): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => ({ field: i.path.join('.') || where, problem: i.message }));
  const first = problems[0];
  throw new ValidationError(`Invalid ${where} parameter "${first.field}": ${first.problem}.`, problems);
}

/** `bbox=west,south,east,north` in degrees. */
export const bboxParam = z
  .string()
  .transform((s) => s.split(',').map(Number))
  .refine((b) => b.length === 4 && b.every(Number.isFinite), 'expected four numbers: west,south,east,north')
  .refine(([w, s, e, n]) => w >= -180 && e <= 180 && s >= -90 && n <= 90 && w <= e && s <= n, 'out of range or reversed: expected west<=east in -180..180 and south<=north in -90..90')
  .transform((b) => b as [number, number, number, number]);

/** A code a write gives birth to (a party organisation's): the codes' alphabet, the bad character named. */
export const newCode = z.string().superRefine((code, ctx) => {
  const problem = areaCodeProblem(code);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
