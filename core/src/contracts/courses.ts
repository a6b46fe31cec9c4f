import { z } from 'zod';
import { Timestamp, Uuid } from './common.js';

export const Course = z.object({
  id: Uuid, tenant_id: Uuid, title: z.string(), description: z.string(),
  role: z.enum(['instructor', 'learner']).describe('Your role in this course'),
  lti_context_id: z.string().nullable(), created_at: Timestamp, updated_at: Timestamp,
}).meta({ id: 'Course' });
export const CreateCourseRequest = z.object({
  title: z.string().trim().min(1).max(300),
  description: z.string().max(5000).optional(),
});
export const UpdateCourseRequest = CreateCourseRequest.partial().refine((v) => Object.keys(v).length > 0, 'nothing to update');
export const CourseMember = z.object({
  user_id: Uuid, email: z.string().nullable(), name: z.string(), role: z.enum(['instructor', 'learner']),
  status: z.enum(['active', 'pending', 'deactivated']),
}).meta({ id: 'CourseMember' });
export const AddCourseMemberRequest = z.object({ user_id: Uuid, role: z.enum(['instructor', 'learner']) });
export const CourseMemberParams = z.object({ id: Uuid, userId: Uuid });

/** Wire shapes (snake_case JSON) for the widgets (`import type`). */
export type CourseWire = z.output<typeof Course>;
