import { AppError } from '@tutorgraph/core';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppDeps } from '../deps.js';
import { sendError } from './error-handler.js';
import type { RateLimitBucket } from './api-router.js';

function limiter(limit: number, keyBy: 'ip' | 'user'): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Signed-in routes count per user (a school behind one NAT is many users); the rest per address.
    keyGenerator: (req, res) => {
      const userId = (res.locals.auth as { userId?: string } | undefined)?.userId;
      return keyBy === 'user' && userId ? `u:${userId}` : `ip:${req.ip ?? 'unknown'}`;
    },
    validate: { keyGeneratorIpFallback: false },
    handler: (req, res, _next, options) => {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfter = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + options.windowMs) - Date.now()) / 1000));
      res.setHeader('Retry-After', String(retryAfter));
      sendError(res, new AppError('RATE_LIMITED', `Too many requests; try again in ${retryAfter} s`, { retry_after_seconds: retryAfter }));
    },
  });
}

/** The general per-address limit and the per-route buckets (login, invites, expensive work like answering). */
export function createRateLimiters(deps: AppDeps): { general: RequestHandler; buckets: Record<RateLimitBucket, RequestHandler> } {
  const { rateLimit: limits } = deps.config;
  return {
    general: limiter(limits.perMinute, 'ip'),
    buckets: {
      login: limiter(limits.loginPerMinute, 'ip'),
      invite: limiter(limits.loginPerMinute, 'user'),
      expensive: limiter(limits.expensivePerMinute, 'user'),
    },
  };
}

/**
 * Per-address limit for the LTI entry points an anonymous caller can hit (`/lti/login`, `/lti/launch`):
 * RATE_LIMIT_LTI_PER_MINUTE, generous because a whole class behind one NAT launches at once.
 *
 * @example
 * router.all('/login', createLtiRateLimiter(deps), handler);
 */
export function createLtiRateLimiter(deps: AppDeps): RequestHandler {
  return limiter(deps.config.ltiRateLimitPerMinute, 'ip');
}
