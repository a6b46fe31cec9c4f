// ltijs ships no usable TypeScript types; this declares the part of its singleton we use.
declare module 'ltijs' {
  import type { Express } from 'express';

  interface LtijsProvider {
    app: Express;
    Database: unknown;
    setup(encryptionKey: string, database: { plugin: unknown }, options: Record<string, unknown>): LtijsProvider;
    deploy(options: { serverless: boolean; silent?: boolean }): Promise<boolean>;
    onConnect(callback: (...args: unknown[]) => unknown): boolean;
    onDeepLinking(callback: (...args: unknown[]) => unknown): boolean;
    onInvalidToken(callback: (...args: unknown[]) => unknown): boolean;
    onSessionTimeout(callback: (...args: unknown[]) => unknown): boolean;
    onUnregisteredPlatform(callback: (...args: unknown[]) => unknown): boolean;
    keysetRoute(): string;
  }
  export const Provider: LtijsProvider;
}
