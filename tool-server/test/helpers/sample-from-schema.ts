import { randomUUID } from 'node:crypto';

type Schema = {
  $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; enum?: unknown[]; const?: unknown;
  format?: string; minimum?: number; minLength?: number; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; pattern?: string;
};

/**
 * A valid-looking request body for an OpenAPI JSON schema (required fields only), so that authorization,
 * not validation, decides the outcome of the isolation matrix.
 */
export function sampleFromSchema(schema: unknown, document: unknown, depth = 0): unknown {
  let s = schema as Schema;
  if (s.$ref) {
    const name = s.$ref.split('/').pop() as string;
    s = ((document as { components?: { schemas?: Record<string, Schema> } }).components?.schemas?.[name] ?? {}) as Schema;
  }
  if (depth > 6) return undefined;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const variants = s.anyOf ?? s.oneOf ?? s.allOf;
  if (variants) return sampleFromSchema(variants.find((v) => v.type !== 'null') ?? variants[0], document, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      // Partial updates need at least one field: take the first when none is required.
      const keys = s.required?.length ? s.required : Object.keys(s.properties ?? {}).slice(0, 1);
      for (const key of keys) out[key] = sampleFromSchema(s.properties?.[key] ?? {}, document, depth + 1);
      return out;
    }
    case 'array': return [];
    case 'integer': case 'number': return Math.max(s.minimum ?? 1, 1);
    case 'boolean': return false;
    case 'string':
      if (s.format === 'email') return 'someone@example.test';
      if (s.format === 'uuid') return randomUUID();
      if (s.format === 'uri') return 'https://example.test/x';
      if (s.format === 'date-time') return new Date().toISOString();
      return 'x'.repeat(Math.max(s.minLength ?? 1, 12));
    default: return {};
  }
}
