import { describe, expect, it } from 'vitest';
import { toolPage } from '../../src/lti/lti-pages.js';

const base = {
  apiBase: 'https://tg.example', token: 't', tokenExpiresAt: new Date('2030-01-01T00:00:00Z'), renewUrl: '/lti/session/renew', renewalToken: 'r',
  tenantId: '00000000-0000-4000-8000-000000000001', courseId: '00000000-0000-4000-8000-000000000002', courseTitle: 'Course',
  settings: {}, isGraded: false,
} as const;

describe('LTI tool page', () => {
  it('when a teacher opens a notes placement, then the notes are editable there; a learner gets them read-only', () => {
    const teacher = toolPage('n', { ...base, widget: 'notes', role: 'instructor' });
    const learner = toolPage('n', { ...base, widget: 'notes', role: 'learner' });
    expect(teacher).toMatch(/<tg-study-notes course-id="[^"]+" editable><\/tg-study-notes>/);
    expect(learner).toMatch(/<tg-study-notes course-id="[^"]+"><\/tg-study-notes>/);
    expect(toolPage('n', { ...base, widget: 'flashcards', role: 'instructor' })).not.toMatch(/editable/);
  });
});
