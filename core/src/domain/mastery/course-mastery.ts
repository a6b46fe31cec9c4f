import {
  type ItemResponse, type MasteryEstimate, type SkillBelief, type SkillModelParams, SKILL_MODEL, estimateMastery, nextTierFor, priorBelief,
  daysBetween, forget, startSession, updateBelief,
} from './skill-model.js';
import type { Tier } from './tiers.js';

/**
 * A learner's mastery of one course: a pooled belief over all responses (the course skill) and one belief
 * per topic. A topic seen for the first time starts from the course belief with extra variance
 * (`TOPIC_SPREAD`): hierarchical shrinkage, so two answers on a new topic don't swing it to 0 or 100.
 *
 * @example
 * const state: CourseMasteryState = { course: priorBelief(), topics: {} };
 */
export interface CourseMasteryState { course: SkillBelief; topics: Record<string, SkillBelief> }

/** One graded response tagged with its topic (null when the item has none). */
export interface TopicResponse extends ItemResponse { topicId: string | null }

/** Variance (logits²) a topic's skill may differ from the learner's course skill. */
export const TOPIC_SPREAD = 0.5;

/** A state with no evidence. @example emptyCourseMastery().topics // → {} */
export function emptyCourseMastery(): CourseMasteryState {
  return { course: priorBelief(), topics: {} };
}

/**
 * Folds one attempt's graded responses, answered at `at`, into the state (pure: returns a new state). The attempt
 * is a new session: the course belief and each touched topic's first forget for the days since they were last
 * practised and widen by the session drift. The course belief sees every response; each topic belief sees its
 * own; every belief touched records `at` as its last practice.
 *
 * @example
 * const next = applyResponses(emptyCourseMastery(), [{ topicId: 't1', tier: 1, correct: true, guess: 0.25 }], SKILL_MODEL, new Date());
 * next.topics.t1.evidence; // → 1
 */
export function applyResponses(
  state: CourseMasteryState, responses: readonly TopicResponse[], params: SkillModelParams = SKILL_MODEL, at: Date = new Date(),
): CourseMasteryState {
  const practicedAt = at.toISOString();
  const session = (belief: SkillBelief) => startSession(belief, params, daysBetween(belief.practicedAt, at));
  let course = state.course.evidence > 0 ? session(state.course) : state.course;
  const topics = { ...state.topics };
  const started = new Set<string>();
  for (const response of responses) {
    if (response.topicId) {
      const known = topics[response.topicId];
      const fresh = !started.has(response.topicId) && known ? session(known) : known;
      started.add(response.topicId);
      const topic = fresh ?? { mu: course.mu, variance: course.variance + TOPIC_SPREAD, evidence: 0, correct: 0 };
      topics[response.topicId] = { ...updateBelief(topic, response, params), practicedAt };
    }
    course = { ...updateBelief(course, response, params), practicedAt };
  }
  return { course, topics };
}

/**
 * The state as it stands at `at`: every belief forgets for the days since its last practice (nothing is
 * stored; the next attempt folds the same forgetting in).
 *
 * @example
 * const today = stateAt(state, new Date());
 */
export function stateAt(state: CourseMasteryState, at: Date, params: SkillModelParams = SKILL_MODEL): CourseMasteryState {
  const now = (belief: SkillBelief) => forget(belief, daysBetween(belief.practicedAt, at), params);
  return { course: now(state.course), topics: Object.fromEntries(Object.entries(state.topics).map(([id, b]) => [id, now(b)])) };
}

/** Course summary plus one estimate per topic, and the tier the next quiz should use. */
export interface CourseMasterySummary {
  course: MasteryEstimate;
  topics: Record<string, MasteryEstimate>;
  nextTier: Tier;
}

/**
 * Summarises the state as it stands at `at` (after forgetting since the last practice; default now). The next tier for a course-wide quiz comes from the course belief; for a quiz on one
 * topic use `tierForTopic`.
 *
 * @example
 * summariseCourseMastery(emptyCourseMastery()).nextTier; // → 1
 */
export function summariseCourseMastery(stored: CourseMasteryState, at: Date = new Date()): CourseMasterySummary {
  const state = stateAt(stored, at);
  const topics: Record<string, MasteryEstimate> = {};
  for (const [topicId, belief] of Object.entries(state.topics)) topics[topicId] = estimateMastery(belief);
  return { course: estimateMastery(state.course), topics, nextTier: nextTierFor(state.course) };
}

/**
 * The belief a quiz's scope is judged on: the topic's when the quiz is on a topic it has evidence for, else the
 * course's (the same choice `tierForTopic` makes).
 *
 * @example
 * beliefOfScope(emptyCourseMastery(), null).evidence; // → 0
 */
export function beliefOfScope(state: CourseMasteryState, topicId: string | null | undefined): SkillBelief {
  const topic = topicId ? state.topics[topicId] : undefined;
  return topic && topic.evidence > 0 ? topic : state.course;
}

/**
 * The tier for a quiz on one topic at `at` (after forgetting): from the topic's belief when it has evidence, else from the course's.
 *
 * @example
 * tierForTopic(emptyCourseMastery(), 'unknown-topic'); // → 1
 */
export function tierForTopic(stored: CourseMasteryState, topicId: string | null | undefined, at: Date = new Date()): Tier {
  return nextTierFor(beliefOfScope(stateAt(stored, at), topicId));
}
