import type { Request, Response } from 'express';

/** One query value as a string (the first, when repeated); undefined when absent. */
export function q(req: Request, name: string): string | undefined {
  const value: unknown = (req.query as Record<string, unknown>)[name];
  const first: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? first : undefined;
}

export function wholeNumber(value: string | undefined): number | undefined {
  return value !== undefined && /^-?\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/** Kroger's envelope for a list it answers in one page: `meta.pagination` counts every item. */
export function sendWholeList(res: Response, data: unknown[]): void {
  res.json({ data, meta: { pagination: { start: 0, limit: data.length, total: data.length } } });
}
