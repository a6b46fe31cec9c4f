import { z } from 'zod';
import { DOCUMENT_FORMATS, JOB_STATUSES } from '../../db/schema.js';

// Wire contracts (snake_case) of the documents API. They sit with the feature; contracts/ re-exports
// could move them later without changing a field.

const Timestamp = z.string().describe('ISO 8601 timestamp');

/** Paste text (JSON), or — as multipart/form-data — one `file` plus an optional `title`. */
export const CreateDocumentRequest = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  text: z.string().optional().describe('Pasted text (JSON uploads only)'),
  format: z.enum(['markdown', 'text']).optional().describe('Format of the pasted text'),
}).meta({ id: 'CreateDocumentRequest' });

export const DocumentJob = z.object({
  id: z.uuid(),
  status: z.enum(JOB_STATUSES),
  attempts: z.number().int(),
  max_attempts: z.number().int(),
  last_error: z.string().nullable(),
  error_code: z.string().nullable(),
  next_retry_at: Timestamp.nullable(),
  updated_at: Timestamp,
}).meta({ id: 'DocumentJob' });

/** A course document with where it stands in the ingestion pipeline. */
export const DocumentResponse = z.object({
  id: z.uuid(),
  course_id: z.uuid(),
  title: z.string(),
  format: z.enum(DOCUMENT_FORMATS),
  media_type: z.string(),
  file_name: z.string().nullable(),
  byte_size: z.number().int(),
  sha256: z.string().nullable(),
  status: z.string().describe('The latest job status (queued, running:*, succeeded, failed, retry_scheduled, dead_lettered, stalled, cancelled)'),
  page_count: z.number().int().nullable().describe('Pages (PDF) or slides (PPTX)'),
  chunk_count: z.number().int(),
  embedding_model: z.string().nullable(),
  indexed_at: Timestamp.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
  job: DocumentJob.nullable(),
  download_url: z.string().optional().describe('Short-lived signed link to the original file'),
}).meta({ id: 'Document' });

export const FileTokenParams = z.object({ token: z.string().min(10).max(2000) });
