import {
  AddCourseMemberRequest, Course, CourseMember, CourseMemberParams, CreateCourseRequest, IdParams, OkResponse, UpdateCourseRequest,
  addCourseMember, createCourse, deleteCourse, getCourse, list, listCourseMembers, listCourses, removeCourseMember, updateCourse,
} from '@tutorgraph/core';
import type { ApiRouter } from './api-router.js';

/** Courses and their members. The pattern for feature routes: parse → use case → respond. */
export function registerCourseRoutes(api: ApiRouter): void {
  api.route({
    method: 'post', path: '/courses', summary: 'Create a course (instructors and admins)', tags: ['courses'],
    auth: 'user', body: CreateCourseRequest, response: Course, status: 201,
  }, ({ deps, actor, body }) => createCourse(deps.db, actor, body));

  api.route({
    method: 'get', path: '/courses', summary: 'Courses I can see', tags: ['courses'],
    auth: 'user', response: list(Course),
  }, async ({ deps, actor }) => ({ items: await listCourses(deps.db, actor) }));

  api.route({
    method: 'get', path: '/courses/:id', summary: 'A course', tags: ['courses'],
    auth: 'user', params: IdParams, response: Course,
  }, ({ deps, actor, params }) => getCourse(deps.db, actor, params.id));

  api.route({
    method: 'patch', path: '/courses/:id', summary: 'Rename or describe a course', tags: ['courses'],
    auth: 'user', params: IdParams, body: UpdateCourseRequest, response: Course,
  }, ({ deps, actor, params, body }) => updateCourse(deps.db, actor, params.id, body));

  api.route({
    method: 'delete', path: '/courses/:id', summary: 'Delete a course and all its content', tags: ['courses'],
    auth: 'user', params: IdParams, response: OkResponse,
  }, async ({ deps, actor, params }) => { await deleteCourse(deps.db, actor, params.id); return { ok: true }; });

  api.route({
    method: 'get', path: '/courses/:id/members', summary: 'Who is enrolled', tags: ['courses'],
    auth: 'user', params: IdParams, response: list(CourseMember),
  }, async ({ deps, actor, params }) => ({ items: await listCourseMembers(deps.db, actor, params.id) }));

  api.route({
    method: 'post', path: '/courses/:id/members', summary: 'Enrol a member of the tenant', tags: ['courses'],
    auth: 'user', params: IdParams, body: AddCourseMemberRequest, response: list(CourseMember), status: 201,
  }, async ({ deps, actor, params, body }) => ({ items: await addCourseMember(deps.db, actor, params.id, body) }));

  api.route({
    method: 'delete', path: '/courses/:id/members/:userId', summary: 'Unenrol someone', tags: ['courses'],
    auth: 'user', params: CourseMemberParams, response: OkResponse,
  }, async ({ deps, actor, params }) => { await removeCourseMember(deps.db, actor, params.id, params.userId); return { ok: true }; });
}
