import { readAppVersion } from '../../config/app-root.js';

let userAgent: string | undefined;

/**
 * The `User-Agent` every call to an LMS carries (token, AGS, NRPS, dynamic registration): Canvas refuses
 * API calls without one since January 2026, and it tells an LMS admin reading their logs who called.
 *
 * @example
 * toolUserAgent(); // 'TutorGraph/0.1.0'
 */
export function toolUserAgent(): string {
  userAgent ??= `TutorGraph/${readAppVersion()}`;
  return userAgent;
}
