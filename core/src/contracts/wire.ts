/**
 * Key-case mapping between the wire (snake_case JSON) and TypeScript (camelCase). Used only by the contracts
 * layer. Values under free-form keys (metadata, details, custom, state, payload, claims) are copied as they
 * are: their keys belong to the user, not to us.
 */
const OPAQUE_KEYS = new Set(['metadata', 'details', 'custom', 'state', 'payload', 'claims', 'debug_extra']);

export const toSnake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
export const toCamel = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapKeys(item, rename));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const renamed = rename(key);
    out[renamed] = OPAQUE_KEYS.has(toSnake(key)) ? inner : mapKeys(inner, rename);
  }
  return out;
}

/** Deep-renames object keys to snake_case (domain → wire); Dates become ISO strings. */
export function toWire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(mapKeys(value, toSnake)));
}

/** Deep-renames object keys to camelCase (wire → domain). */
export function fromWire<T>(value: unknown): T {
  return mapKeys(value, toCamel) as T;
}
