import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare module 'express-serve-static-core' {
  interface Request { log?: Logger }
}

const ACCEPTABLE_ID = /^[\w.:-]{1,128}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is sane, else a new UUID), echoes it in the
 * response, and logs one structured line per request with status and latency, plus tenant and user once known.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.header('x-request-id');
    const requestId = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    req.log = logger.child({ request_id: requestId });
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      const auth = res.locals.auth as { tenantId?: string; userId?: string } | undefined;
      const line = {
        request_id: requestId, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode,
        latency_ms: Math.round(latencyMs * 10) / 10, tenant_id: auth?.tenantId ?? null, user_id: auth?.userId ?? null,
      };
      if (res.statusCode >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}
