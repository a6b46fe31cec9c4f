export * from './embeddings/index.js';
export * from './llm/index.js';
export * from './queue/index.js';
export * from './storage/index.js';
