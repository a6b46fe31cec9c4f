import { z } from 'zod';

/**
 * Every error code the API can return. The base set is the house error model; the invite codes let the
 * acceptance page tell its states apart.
 */
export const ERROR_CODES = [
  'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_ARGUMENT', 'CONFLICT', 'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'INTERNAL', 'UNAVAILABLE',
  'INVITE_INVALID', 'INVITE_EXPIRED', 'INVITE_REVOKED', 'INVITE_ALREADY_MEMBER', 'INVITE_ALREADY_ACCEPTED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** `{ "error": { code, message, details, request_id } }`: the only error shape on the wire. */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
    request_id: z.string(),
  }),
}).meta({ id: 'ErrorResponse' });
export type ErrorResponse = z.infer<typeof ErrorResponse>;
