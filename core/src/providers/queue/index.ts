// Job queue: the port, its two adapters, and the factory that picks one from config.
export * from './queue.port.js';
export * from './in-process.queue.js';
export * from './bullmq.queue.js';
export * from './create-queue.js';
