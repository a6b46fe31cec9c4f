import { readFile } from 'node:fs/promises';
import {
  AppError, CreateDocumentRequest, type DocumentServices, DocumentResponse, FileTokenParams, IdParams, LocalStorage,
  OkResponse, cancelDocumentJob, deleteDocument, getDocument, list, listDocuments,
  reindexDocument, uploadDocument,
} from '@tutorgraph/core';
import { requireCourseRole } from '@tutorgraph/core';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import type { ApiRouter } from './api-router.js';

/** The document use cases' ports, from the app's one services object. */
function servicesOf(deps: AppDeps): DocumentServices {
  return {
    db: deps.db,
    storage: deps.services.storage,
    queue: deps.services.jobQueue,
    limits: { maxBytes: deps.config.upload.maxBytes, maxPages: deps.config.upload.maxPages },
    maxAttempts: deps.config.jobs.maxAttempts,
  };
}

/** Course documents: upload (paste or file), list, inspect, reindex, cancel, delete; and signed file links. */
export function registerDocumentRoutes(api: ApiRouter): void {
  api.route({
    method: 'post', path: '/courses/:id/documents', tags: ['documents'], auth: 'user', status: 201, upload: true,
    summary: 'Add a document: JSON {title, text, format} or multipart file (PDF, DOCX, PPTX, HTML, Markdown, text; detected by content)',
    params: IdParams, body: CreateDocumentRequest, response: DocumentResponse,
    authorizeUpload: ({ deps, actor, params }) => requireCourseRole(deps.db, actor, params.id, 'instructor'),
  }, async ({ deps, actor, params, body, file }) => {
    const services = servicesOf(deps);
    // Access first: a caller outside the course learns nothing, not even which body would be valid.
    await requireCourseRole(deps.db, actor, params.id, 'instructor');
    if (file) {
      return uploadDocument(services, actor, params.id, { kind: 'file', title: body.title, fileName: file.originalname, bytes: new Uint8Array(await readFile(file.path)) });
    }
    if (body.text === undefined || !body.format || !body.title) {
      throw new AppError('INVALID_ARGUMENT', 'Send a multipart file, or JSON with title, text and format ("markdown" or "text").');
    }
    return uploadDocument(services, actor, params.id, { kind: 'paste', title: body.title, text: body.text, format: body.format });
  });

  api.route({
    method: 'get', path: '/courses/:id/documents', summary: 'A course’s documents with their ingestion status', tags: ['documents'],
    auth: 'user', params: IdParams, response: list(DocumentResponse),
  }, async ({ deps, actor, params }) => ({ items: await listDocuments(servicesOf(deps), actor, params.id) }));

  api.route({
    method: 'get', path: '/documents/:id', summary: 'A document: metadata, job state, attempts, last error, next retry, chunk count', tags: ['documents'],
    auth: 'user', params: IdParams, response: DocumentResponse,
  }, async ({ deps, actor, params }) => {
    const services = servicesOf(deps);
    const document = await getDocument(services, actor, params.id);
    const row = await deps.db.selectFrom('documents').select(['storage_key', 'file_name']).where('id', '=', params.id).executeTakeFirst();
    const downloadUrl = row?.storage_key
      ? await services.storage.signedUrl(row.storage_key, { expiresInSeconds: 300, ...(row.file_name ? { fileName: row.file_name } : {}) })
      : undefined;
    return { ...document, ...(downloadUrl ? { downloadUrl } : {}) };
  });

  api.route({
    method: 'post', path: '/documents/:id/reindex', summary: 'Run ingestion again; chunks are replaced, never duplicated', tags: ['documents'],
    auth: 'user', params: IdParams, response: DocumentResponse, status: 202,
  }, ({ deps, actor, params }) => reindexDocument(servicesOf(deps), actor, params.id));

  api.route({
    method: 'post', path: '/documents/:id/cancel', summary: 'Cancel the document’s active ingestion job', tags: ['documents'],
    auth: 'user', params: IdParams, response: DocumentResponse,
  }, ({ deps, actor, params }) => cancelDocumentJob(servicesOf(deps), actor, params.id));

  api.route({
    method: 'delete', path: '/documents/:id', summary: 'Delete a document, its chunks and its stored file', tags: ['documents'],
    auth: 'user', params: IdParams, response: OkResponse,
  }, async ({ deps, actor, params }) => { await deleteDocument(servicesOf(deps), actor, params.id); return { ok: true }; });

  api.route({
    method: 'get', path: '/files/:token', summary: 'Download a stored file through a signed, expiring link (local storage)', tags: ['documents'],
    auth: 'public', params: FileTokenParams, response: z.unknown(),
  }, async ({ deps, params, res }) => {
    const { storage } = deps.services;
    if (!(storage instanceof LocalStorage)) throw new AppError('NOT_FOUND', 'File links are served by the object store');
    const { key } = storage.verifyToken(params.token);
    const bytes = await storage.get(key);
    const name = key.split('/').pop() ?? 'file';
    res.setHeader('content-type', 'application/octet-stream');
    res.setHeader('content-disposition', `attachment; filename="${name}"`);
    res.setHeader('cache-control', 'private, no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    res.status(200).end(Buffer.from(bytes));
  });
}
