import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';

/** A fresh registry per app; routes add themselves through ApiRouter. */
export function createOpenApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  return registry;
}

/** The OpenAPI 3.1 document, generated from the zod contracts (never hand-written). */
export function buildOpenApiDocument(registry: OpenAPIRegistry, version: string, serverUrl: string) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'TutorGraph API', version,
      description: 'Adaptive-learning API. JSON is snake_case; errors are { "error": { code, message, details, request_id } }.',
    },
    servers: [{ url: serverUrl }],
  });
}
