import { describe, expect, it } from 'vitest';
import { linkChoiceFromCustom, mapLtiRoles, parseLaunchClaims } from '../../src/domain/lti/index.js';

const M = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
const I = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#';

describe('LTI role mapping', () => {
  it.each([
    [[`${M}Instructor`], 'instructor', 'instructor'],
    [['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'], 'instructor', 'instructor'],
    [[`${M}ContentDeveloper`], 'instructor', 'instructor'],
    // Issue #15: no launch makes a tenant admin unless the registration opted in (below).
    [[`${I}Administrator`, `${M}Learner`], 'learner', 'learner'],
    [['http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator'], 'learner', 'learner'],
    [[`${M}Administrator`], 'instructor', 'instructor'],
    [['Administrator'], 'instructor', 'instructor'],
    [['urn:acme:custom-role#Administrator'], 'learner', 'learner'],
    [['urn:acme:custom-role#Instructor'], 'learner', 'learner'],
    [[`${M}Learner`, `${I}Student`], 'learner', 'learner'],
    [['Instructor'], 'instructor', 'instructor'],
    [[`${I}Instructor`, `${M}Learner`], 'learner', 'learner'],
    [[`${M}Mentor`], 'learner', 'learner'],
    [[], 'learner', 'learner'],
  ])('when the roles are %j, then the tenant role is %s and the course role %s', (roles, tenantRole, courseRole) => {
    expect(mapLtiRoles(roles)).toEqual({ tenantRole, courseRole });
  });

  it.each([
    [[`${I}Administrator`, `${M}Learner`], 'admin', 'instructor'],
    [['http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator'], 'admin', 'instructor'],
    [['urn:lti:instrole:ims/lis/Administrator'], 'admin', 'instructor'],
    [[`${M}Administrator`], 'instructor', 'instructor'],
    [['urn:acme:custom-role#Administrator'], 'learner', 'learner'],
  ])('when the registration trusts institution admins and the roles are %j, then the tenant role is %s', (roles, tenantRole, courseRole) => {
    expect(mapLtiRoles(roles, { trustInstitutionAdmin: true })).toEqual({ tenantRole, courseRole });
  });
});

describe('link choice from custom parameters', () => {
  it('when custom parameters name a quiz with settings, then they are read and bad values ignored', () => {
    expect(linkChoiceFromCustom({ tg_widget: 'quiz', tg_num_questions: '8', tg_grade_policy: 'mastery', tg_tier: '9', tg_tier_policy: 'fixed' }))
      .toEqual({ widget: 'quiz', settings: { numQuestions: 8, gradePolicy: 'mastery', tierPolicy: 'fixed' } });
    expect(linkChoiceFromCustom({ tg_widget: '<script>' })).toEqual({ widget: undefined, settings: {} });
  });
});

describe('launch claim parsing', () => {
  const base = {
    iss: 'https://lms', sub: 'u1',
    'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiResourceLinkRequest',
    'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
    'https://purl.imsglobal.org/spec/lti/claim/deployment_id': 'd1',
    'https://purl.imsglobal.org/spec/lti/claim/roles': [],
    'https://purl.imsglobal.org/spec/lti/claim/context': { id: 'c1', label: 'BIO' },
    'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: 'r1' },
  };
  it('when the context has no title, then the label names the course', () => {
    expect(parseLaunchClaims(base).context).toEqual({ id: 'c1', title: 'BIO' });
  });
  it('when a resource link request has no resource link, then it is rejected', () => {
    const { 'https://purl.imsglobal.org/spec/lti/claim/resource_link': _omit, ...rest } = base;
    expect(() => parseLaunchClaims(rest)).toThrow(/resource_link/);
  });
});
