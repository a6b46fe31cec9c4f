import type { ApiRouter } from './api-router.js';
import { registerAuthRoutes } from './auth.routes.js';
import { registerCourseRoutes } from './courses.routes.js';
import { registerEmbedRoutes } from './embed.routes.js';
import { registerLtiRegistrationRoutes } from './lti-registrations.routes.js';
import { registerTenantRoutes } from './tenants.routes.js';
import { registerQaRoutes } from './qa.routes.js';
import { registerDocumentRoutes } from './documents.routes.js';
import { registerQuizRoutes } from './quiz.routes.js';
import { registerStudyRoutes } from './study.routes.js';
import { registerSignInLinkRoutes } from './sign-in-links.routes.js';
import { registerAnalyticsRoutes } from './analytics.routes.js';

/** Mounts every feature's /v1 routes. One line per feature. */
export function registerApiRoutes(api: ApiRouter): void {
  registerAuthRoutes(api);
  registerSignInLinkRoutes(api);
  registerTenantRoutes(api);
  registerCourseRoutes(api);
  registerEmbedRoutes(api);
  registerLtiRegistrationRoutes(api);
  registerQaRoutes(api);
  registerDocumentRoutes(api);
  registerQuizRoutes(api);
  registerStudyRoutes(api);
  registerAnalyticsRoutes(api);
}
