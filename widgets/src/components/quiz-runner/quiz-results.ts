import { html, nothing, type TemplateResult } from 'lit';
import type { AttemptDetail, AttemptResult, QuizQuestion } from '../../api/api-types.js';
import { strings } from '../../i18n/strings.js';

/** Each result row of a past attempt (`GET /attempts/:id`) also carries its question's prompt and choices. */
type ResultRow = AttemptResult['results'][number] | AttemptDetail['results'][number];
const promptOfRow = (r: ResultRow) => ('prompt' in r ? r.prompt : undefined);
const choicesOfRow = (r: ResultRow) => ('choices' in r ? r.choices : undefined);

/**
 * The results view of a graded attempt (or a past one, `AttemptDetail`, which has no mastery): score, each question with its verdict, explanation and citations,
 * topics to review (each with "Practise this weak topic" when `onPractise` is given) and the updated mastery.
 *
 * @example
 * renderResults(result, quiz.questions, this.theme)
 */
export function renderResults(
  result: AttemptResult | AttemptDetail, questions: QuizQuestion[], theme?: string, onPractise?: (topicId: string) => void,
): TemplateResult {
  const s = strings.quiz;
  const promptOf = (id: string, fallback?: string) => questions.find((q) => q.id === id)?.prompt ?? fallback ?? '';
  // The API may echo a multiple-choice answer as the choice index: show the choice text instead.
  const givenText = (id: string, given: unknown, choices?: string[]) => (typeof given === 'number'
    ? questions.find((q) => q.id === id)?.choices[given] ?? choices?.[given] ?? given : given);
  const results: ResultRow[] = result.results;
  // "No weak topics" only for an attempt that went well; a failed attempt is never congratulated.
  const weakTopicsNote = results.length === 0 ? nothing
    : result.percent >= 60 ? html`<p>${s.noWeakTopics}</p>` : html`<p>${s.reviewMissed}</p>`;
  return html`
    <p class="score" part="score">${s.score(result.score, result.max_score, result.percent)}</p>
    <ol class="results">${results.map((r) => html`<li>
      <p><span class="verdict ${r.correct ? 'ok' : 'bad'}">${r.correct ? s.correct : s.incorrect}:</span> ${promptOf(r.question_id, promptOfRow(r))}</p>
      <p>${s.yourAnswer(givenText(r.question_id, r.given, choicesOfRow(r)))}${r.correct ? nothing : html`<br>${s.correctAnswer(r.correct_answer)}`}</p>
      ${r.explanation ? html`<p class="muted">${r.explanation}</p>` : nothing}
      ${r.citations?.length ? html`<ul class="cite">${r.citations.map((c) => html`<li>${c.document_title}: “${c.snippet}”
        ${strings.ask.location(c.location ?? {}) ? html`<span class="muted">(${strings.ask.location(c.location ?? {})})</span>` : nothing}</li>`)}</ul>` : nothing}
    </li>`)}</ol>
    <h3>${s.weakTopics}</h3>
    ${result.weak_topics?.length
      ? html`<ul class="weak-topics">${result.weak_topics.map((t) => html`<li>${t.title} (${t.correct}/${t.total})
        ${onPractise ? html`<button type="button" class="link" @click=${() => onPractise(t.topic_id)}>${s.practiseTopic(t.title)}</button>` : nothing}</li>`)}</ul>`
      : weakTopicsNote}
    ${'mastery' in result ? html`<tg-mastery-meter theme=${theme ?? nothing}
      .performance=${{ mastery: result.mastery.course, uncertainty: result.mastery.uncertainty, tier: result.tier, topics: result.mastery.topics }}></tg-mastery-meter>` : nothing}
    ${result.next_tier ? html`<p>${s.nextTier(result.next_tier)}</p>` : nothing}`;
}
