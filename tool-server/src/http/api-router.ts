import type { Actor } from '@tutorgraph/core';
import { AppError, fromWire, toWire } from '@tutorgraph/core';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { type RequestHandler, type Router, type Request, type Response } from 'express';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import multer from 'multer';
import { rejectNulBytes, toMultipartError, uploadedFileName } from './request-hygiene.js';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { ErrorResponse } from '@tutorgraph/core';
import { readSession, resolveActor, type Session } from './middleware/authenticate.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type RateLimitBucket = 'login' | 'expensive' | 'invite';

/** How a route finds its tenant: the token / X-Tenant-Id (default), the `:id` of `/tenants/:id/…`, or none at all. */
export type TenantSource = 'token' | 'path' | 'none';

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> {
  method: HttpMethod;
  /** Express-style path under `/v1`, e.g. `/courses/:id`. */
  path: string;
  summary: string;
  tags: string[];
  auth: 'public' | 'user';
  /** @defaultValue 'token' */
  tenant?: TenantSource;
  params?: P;
  query?: Q;
  body?: B;
  /** Accept `multipart/form-data` with one file in field `file` (size limit from config). */
  upload?: boolean;
  /**
   * For upload routes: checks the caller may upload here before a byte of the body is read, so a caller
   * who may not see the course cannot make the server buffer 25 MB first (issue #15).
   */
  authorizeUpload?: (ctx: { deps: AppDeps; actor: Actor; params: Input<P> }) => Promise<unknown>;
  response: R;
  /** @defaultValue 200 */
  status?: number;
  rateLimit?: RateLimitBucket;
}

/** What a handler receives: camelCase input, the session, and (for tenant routes) the acting member. */
export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  deps: AppDeps;
  requestId: string;
  /** Present on `auth: 'user'` routes. */
  session: Session;
  /** The member acting in the resolved tenant; throws when the route has `tenant: 'none'`. */
  actor: Actor;
  /**
   * The uploaded file, already streamed to a temporary file at `path` (within the size limit); removed when the
   * handler returns.
   */
  file?: { path: string; originalname: string; mimetype: string; size: number } | undefined;
  req: Request;
  res: Response;
}

type Camel<T> = T extends (infer U)[] ? Camel<U>[] : T extends Date ? T : T extends object
  ? { [K in keyof T as K extends string ? CamelKey<K> : K]: Camel<T[K]> } : T;
type CamelKey<S extends string> = S extends `${infer A}_${infer B}` ? `${A}${Capitalize<CamelKey<B>>}` : S;
type Input<T> = T extends z.ZodType ? Camel<z.output<T>> : undefined;

/** A registered route, as the OpenAPI document and the tenant-isolation test see it. */
export interface RegisteredRoute { method: HttpMethod; path: string; auth: 'public' | 'user'; tenant: TenantSource; tags: string[]; summary: string }

const toOpenApiPath = (path: string) => `/v1${path.replace(/:(\w+)/g, '{$1}')}`;
const EMPTY = z.object({});

/**
 * Registers /v1 routes: validates input with the zod contracts (snake_case on the wire, camelCase inside),
 * authenticates, resolves tenant and role, rate-limits, runs the handler, validates and snake-cases the
 * response, and records the route in the OpenAPI registry — the one way to add an API route.
 *
 * @example
 * api.route({ method: 'get', path: '/courses/:id', summary: 'Get a course', tags: ['courses'], auth: 'user',
 *   params: IdParams, response: Course }, (ctx) => getCourse(ctx.deps.db, ctx.actor, ctx.params.id));
 */
export class ApiRouter {
  readonly routes: RegisteredRoute[] = [];

  constructor(
    private readonly router: Router,
    private readonly registry: OpenAPIRegistry,
    private readonly deps: AppDeps,
    private readonly limiters: Record<RateLimitBucket, RequestHandler>,
  ) {}

  route<P extends z.ZodType = typeof EMPTY, Q extends z.ZodType = typeof EMPTY, B extends z.ZodType = typeof EMPTY, R extends z.ZodType = z.ZodType>(
    spec: RouteSpec<P, Q, B, R>,
    handler: (ctx: RouteContext<Input<P>, Input<Q>, Input<B>>) => Promise<unknown> | unknown,
  ): void {
    const tenant = spec.tenant ?? (spec.auth === 'public' ? 'none' : 'token');
    this.routes.push({ method: spec.method, path: spec.path, auth: spec.auth, tenant, tags: spec.tags, summary: spec.summary });
    this.document(spec);

    const chain: RequestHandler[] = [];
    if (spec.auth === 'user') chain.push(this.authenticate(tenant));
    if (spec.rateLimit) chain.push(this.limiters[spec.rateLimit]);
    if (spec.upload && spec.authorizeUpload) {
      const authorizeUpload = spec.authorizeUpload;
      chain.push(async (req, res, next) => {
        const params = fromWire((spec.params ?? EMPTY).parse(req.params)) as Input<P>;
        await authorizeUpload({ deps: this.deps, actor: res.locals.actor as Actor, params });
        next();
      });
    }
    if (spec.upload) {
      // One file, a handful of small fields: 100,000 form fields took 3 s before (issue #15). The file streams to a
      // temporary file, never whole into memory; past the size limit multer stops reading, deletes it and answers 413.
      const directory = join(this.deps.config.dataDir, 'uploads-in-progress');
      mkdirSync(directory, { recursive: true, mode: 0o700 });
      const upload = multer({ storage: multer.diskStorage({ destination: directory }), limits: { fileSize: this.deps.config.upload.maxBytes, files: 1, fields: 20, parts: 25, fieldSize: 64 * 1024 } });
      chain.push((req, res, next) => (req.is('multipart/form-data')
        ? upload.single('file')(req, res, (error?: unknown) => next(error === undefined ? undefined : toMultipartError(error)))
        : next()));
    }
    chain.push(async (req, res) => {
      try {
        await this.respond(spec, handler, req, res);
      } finally {
        if (req.file?.path) await rm(req.file.path, { force: true });
      }
    });
    this.router[spec.method](spec.path, ...chain);
  }

  /** Parses the request with the route's schemas, runs the handler, validates and sends its answer. */
  private async respond<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
    spec: RouteSpec<P, Q, B, R>, handler: (ctx: RouteContext<Input<P>, Input<Q>, Input<B>>) => Promise<unknown> | unknown,
    req: Request, res: Response,
  ): Promise<void> {
    rejectNulBytes(req.params, req.query, req.body);
    const params = (spec.params ?? EMPTY).parse(req.params);
    const query = (spec.query ?? EMPTY).parse(req.query);
    const body = spec.body ? spec.body.parse(req.is('multipart/form-data') ? { ...req.body } : req.body ?? {}) : undefined;
    const actor = res.locals.actor as Actor | undefined;
    const ctx = {
      params: fromWire(params), query: fromWire(query), body: body === undefined ? undefined : fromWire(body),
      deps: this.deps, requestId: String(res.locals.requestId), session: res.locals.session as Session,
      get actor(): Actor {
        if (!actor) throw new AppError('INTERNAL', 'Route has no tenant context');
        return actor;
      },
      file: req.file ? { path: req.file.path, originalname: uploadedFileName(req.file.originalname), mimetype: req.file.mimetype, size: req.file.size } : undefined,
      req, res,
    } as RouteContext<Input<P>, Input<Q>, Input<B>>;
    let result: unknown;
    try {
      result = await handler(ctx);
    } finally {
      // The handler has read the uploaded file: remove it before answering (the caller also removes it on errors).
      if (req.file?.path) await rm(req.file.path, { force: true });
    }
    if (res.headersSent) return;
    const status = spec.status ?? 200;
    if (status === 204) { res.status(204).end(); return; }
    const wire = spec.response.parse(toWire(result));
    res.status(status).json(wire);
  }

  private authenticate(tenant: TenantSource): RequestHandler {
    return async (req, res, next) => {
      const session = await readSession(this.deps, req);
      res.locals.session = session;
      res.locals.auth = { userId: session.userId, tenantId: session.tenantId };
      if (tenant !== 'none') {
        const pathTenant = tenant === 'path' ? String(req.params.id ?? '') : undefined;
        if (pathTenant !== undefined && !/^[0-9a-f-]{36}$/i.test(pathTenant)) throw new AppError('NOT_FOUND', 'Tenant not found');
        const actor = await resolveActor(this.deps.db, session, req, String(res.locals.requestId), pathTenant);
        res.locals.actor = actor;
        res.locals.auth = { userId: actor.userId, tenantId: actor.tenantId };
      }
      next();
    };
  }

  private document<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(spec: RouteSpec<P, Q, B, R>): void {
    const errorContent = { 'application/json': { schema: ErrorResponse } };
    const bodyContent: Record<string, { schema: z.ZodType }> = {};
    if (spec.body) bodyContent['application/json'] = { schema: spec.body };
    if (spec.upload) bodyContent['multipart/form-data'] = { schema: z.object({ file: z.string().meta({ format: 'binary' }), title: z.string().optional() }) };
    const status = spec.status ?? 200;
    this.registry.registerPath({
      method: spec.method,
      path: toOpenApiPath(spec.path),
      summary: spec.summary,
      tags: spec.tags,
      ...(spec.auth === 'user' ? { security: [{ bearer: [] }] } : {}),
      request: {
        ...(spec.params ? { params: spec.params as never } : {}),
        ...(spec.query ? { query: spec.query as never } : {}),
        ...(Object.keys(bodyContent).length > 0 ? { body: { content: bodyContent } } : {}),
      },
      responses: {
        [status]: status === 204 ? { description: 'No content' } : { description: 'Success', content: { 'application/json': { schema: spec.response } } },
        400: { description: 'Invalid argument', content: errorContent },
        ...(spec.auth === 'user' ? { 401: { description: 'Not signed in', content: errorContent }, 403: { description: 'Forbidden', content: errorContent } } : {}),
        404: { description: 'Not found', content: errorContent },
        ...(spec.rateLimit ? { 429: { description: 'Rate limited (see Retry-After)', content: errorContent } } : {}),
      },
    });
  }
}
