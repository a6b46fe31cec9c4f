import { z } from 'zod';

/** UUID path/query parameter. */
export const Uuid = z.uuid();
export const IdParams = z.object({ id: Uuid });
export const RoleSchema = z.enum(['owner', 'admin', 'instructor', 'learner']);
export const Timestamp = z.string().describe('ISO 8601 timestamp');
export const OkResponse = z.object({ ok: z.literal(true) });

/** A page of items with an opaque cursor for the next page (null at the end). */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable().optional() });
}
export function list<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}

/** A `page(item)` response on the wire, for the widgets (`import type`): `PageWire<AuditEntryWire>`. */
export type PageWire<T> = Omit<z.output<ReturnType<typeof page>>, 'items'> & { items: T[] };
/** A `list(item)` response on the wire, for the widgets (`import type`): `ListWire<MemberWire>`. */
export type ListWire<T> = Omit<z.output<ReturnType<typeof list>>, 'items'> & { items: T[] };
/** `{ ok: true }`, the answer of a delete. */
export type OkWire = z.output<typeof OkResponse>;
