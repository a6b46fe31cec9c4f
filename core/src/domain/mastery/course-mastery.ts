import {
  type ItemResponse, type MasteryEstimate, type SkillBelief, type SkillModelParams, SKILL_MODEL, estimateMastery, nextTierFor, priorBelief,
  startSession, updateBelief,
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
 * Folds one attempt's graded responses into the state (pure: returns a new state). The attempt is a new
 * session: the course belief and each touched topic's widen by the session drift first (forgetting since the
 * last one). The course belief sees every response; each topic belief sees its own.
 *
 * @example
 * const next = applyResponses(emptyCourseMastery(), [{ topicId: 't1', tier: 1, correct: true, guess: 0.25 }]);
 * next.topics.t1.evidence; // → 1
 */
export function applyResponses(
  state: CourseMasteryState, responses: readonly TopicResponse[], params: SkillModelParams = SKILL_MODEL,
): CourseMasteryState {
  let course = state.course.evidence > 0 ? startSession(state.course, params) : state.course;
  const topics = { ...state.topics };
  const started = new Set<string>();
  for (const response of responses) {
    if (response.topicId) {
      const known = topics[response.topicId];
      const fresh = !started.has(response.topicId) && known ? startSession(known, params) : known;
      started.add(response.topicId);
      const topic = fresh ?? { mu: course.mu, variance: course.variance + TOPIC_SPREAD, evidence: 0, correct: 0 };
      topics[response.topicId] = updateBelief(topic, response, params);
    }
    course = updateBelief(course, response, params);
  }
  return { course, topics };
}

/** Course summary plus one estimate per topic, and the tier the next quiz should use. */
export interface CourseMasterySummary {
  course: MasteryEstimate;
  topics: Record<string, MasteryEstimate>;
  nextTier: Tier;
}

/**
 * Summarises the state. The next tier for a course-wide quiz comes from the course belief; for a quiz on one
 * topic use `tierForTopic`.
 *
 * @example
 * summariseCourseMastery(emptyCourseMastery()).nextTier; // → 1
 */
export function summariseCourseMastery(state: CourseMasteryState): CourseMasterySummary {
  const topics: Record<string, MasteryEstimate> = {};
  for (const [topicId, belief] of Object.entries(state.topics)) topics[topicId] = estimateMastery(belief);
  return { course: estimateMastery(state.course), topics, nextTier: nextTierFor(state.course) };
}

/**
 * The tier for a quiz on one topic: from the topic's belief when it has evidence, else from the course's.
 *
 * @example
 * tierForTopic(emptyCourseMastery(), 'unknown-topic'); // → 1
 */
export function tierForTopic(state: CourseMasteryState, topicId: string | null | undefined): Tier {
  const topic = topicId ? state.topics[topicId] : undefined;
  return nextTierFor(topic && topic.evidence > 0 ? topic : state.course);
}
