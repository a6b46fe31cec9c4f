// Object storage: the port, its adapters, and the factory that picks one from config.
export * from './storage.port.js';
export * from './local.storage.js';
export * from './s3.storage.js';
export * from './create-storage.js';
