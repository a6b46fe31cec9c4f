// Course file ingestion: format detection, chunking, the ingest use case and document management.
export * from './types.js';
export * from './detect-format.js';
export * from './estimate-page-count.js';
export * from './chunk-document.js';
export * from './topics.js';
export * from './document-title.js';
export * from './documents.repository.js';
export * from './document-view.js';
export * from './ingest-document.js';
export * from './manage-documents.js';
export * from './documents.contracts.js';
