import type { Role } from '../../db/schema.js';

/** The demo tenant's people; dev login signs in as one of them. */
export const DEMO_TENANT = { name: 'Demo University', slug: 'demo' } as const;
export const DEMO_PERSONAS = {
  admin: { email: 'admin@demo.tutorgraph.test', name: 'Ada Admin', role: 'owner' },
  instructor: { email: 'instructor@demo.tutorgraph.test', name: 'Ivan Instructor', role: 'instructor' },
  learner: { email: 'learner@demo.tutorgraph.test', name: 'Lena Learner', role: 'learner' },
  learner2: { email: 'learner2@demo.tutorgraph.test', name: 'Leo Learner', role: 'learner' },
} as const satisfies Record<string, { email: string; name: string; role: Role }>;
export type DemoPersona = keyof typeof DEMO_PERSONAS;
