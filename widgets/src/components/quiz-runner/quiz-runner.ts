import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { TgApiElement } from '../../internal/api-element.js';
import { ApiError } from '../../api/api-error.js';
import type { AttemptDetail, AttemptResult, AttemptSummary, ListResponse, Performance, Quiz, QuizQuestion } from '../../api/api-types.js';
import { emit } from '../../events/events.js';
import { strings } from '../../i18n/strings.js';
import { tokens } from '../../styles/tokens.styles.js';
import { base } from '../../styles/base.styles.js';
import { quizRunnerStyles } from './quiz-runner.styles.js';
import { renderResults } from './quiz-results.js';

type View = 'start' | 'generating' | 'answering' | 'results' | 'attempt';

/**
 * An adaptive practice quiz: start (shows the learner's level), answer question by question or all at once
 * (native `fieldset`/`legend` radios), submit with a confirm step, then results with explanations, citations,
 * weak topics (each with "Practise this weak topic", a quiz on that topic) and updated mastery, and "take another".
 * Lists past attempts; opening one shows each question, the answer given, the key and the weak topics.
 *
 * @example
 * <tg-quiz-runner course-id="c1" questions="5"></tg-quiz-runner>
 *
 * @tag tg-quiz-runner
 * @event tg-quiz-start - A quiz is ready: `{ quizId, tier }`.
 * @event tg-quiz-complete - An attempt was graded: `{ quizId, attemptId, percent, nextTier }`.
 * @event tg-error - An API call failed: `{ code, message, status, requestId }`.
 * @event tg-session-expired - The token was rejected.
 * @csspart question - Each question fieldset.
 * @csspart score - The score line.
 * @csspart banner - Status and error banners.
 * @cssproperty --tg-quiz-runner-accent - Accent colour.
 * @cssproperty --tg-quiz-runner-padding - Inner padding.
 * @cssproperty --tg-quiz-runner-border - Outer border.
 */
export class TgQuizRunner extends TgApiElement {
  static override styles = [tokens, base, quizRunnerStyles];

  /** Number of questions to ask for; server default when unset. */
  @property({ type: Number }) questions?: number;
  /** Restrict the quiz to one topic. */
  @property({ attribute: 'topic-id' }) topicId?: string;
  /** Show every question at once instead of one at a time. */
  @property({ type: Boolean, attribute: 'all-at-once' }) allAtOnce = false;
  /** Milliseconds between polls while a quiz is generated. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 1000;

  @state() protected view: View = 'start';
  @state() protected quiz?: Quiz;
  @state() protected answers: Record<string, string> = {};
  @state() protected index = 0;
  @state() protected isConfirming = false;
  @state() protected result?: AttemptResult | AttemptDetail;
  @state() protected performance?: Performance;
  @state() protected attempts: AttemptSummary[] = [];
  /** Why the results shown are an earlier grading of this quiz (it was submitted elsewhere first). */
  @state() protected notice?: string;

  protected override reload(): void {
    if (!this.course || this.view !== 'start') return;
    const course = encodeURIComponent(this.course);
    void this.run((c) => Promise.all([
      c.get<Performance>(`/courses/${course}/performance`),
      c.get<ListResponse<AttemptSummary>>(`/courses/${course}/attempts?user=me`),
    ]), () => this.reload()).then((r) => {
      if (!r) return;
      this.performance = r[0];
      this.attempts = r[1].items ?? [];
    });
  }

  /** Generates a new quiz (on `topicId`, else on the element's topic, else the whole course) and shows its first question. */
  async start(topicId: string | undefined = this.topicId): Promise<void> {
    if (!this.course) return;
    const course = encodeURIComponent(this.course);
    const body = { ...(this.questions ? { num_questions: this.questions } : {}), ...(topicId ? { topic_id: topicId } : {}) };
    this.view = 'generating';
    let quiz = await this.run((c) => c.post<Quiz>(`/courses/${course}/quizzes`, body), () => void this.start(topicId));
    while (quiz && (quiz.status === 'queued' || quiz.status === 'generating')) {
      await new Promise((r) => setTimeout(r, this.pollInterval));
      const id = encodeURIComponent(quiz.id);
      quiz = await this.run((c) => c.get<Quiz>(`/quizzes/${id}`), () => void this.start(topicId));
    }
    if (!quiz) return;
    this.quiz = quiz;
    this.answers = {};
    this.index = 0;
    this.isConfirming = false;
    this.view = 'answering';
    emit(this, 'tg-quiz-start', { quizId: quiz.id, tier: quiz.tier });
    await this.focusSection();
  }

  protected override render(): TemplateResult {
    const s = strings.quiz;
    return html`<section tabindex="-1" aria-labelledby="quiz-heading" aria-busy=${this.isBusy ? 'true' : 'false'}>
      <h2 id="quiz-heading">${this.view === 'results' || this.view === 'attempt' ? s.resultsHeading : s.heading}</h2>
      ${this.renderStatus(this.view === 'generating' ? s.generating : this.isConfirming ? s.submitting : undefined)}
      ${this.renderView()}
    </section>`;
  }

  private renderView(): TemplateResult | typeof nothing {
    const s = strings.quiz;
    switch (this.view) {
      case 'start': return this.renderStart();
      case 'generating': return nothing;
      case 'answering': return this.quiz?.questions.length ? this.renderQuestions(this.quiz) : html`<p>${s.empty}</p>
        <button type="button" @click=${() => this.restart()}>${s.back}</button>`;
      case 'results': return html`${this.result ? renderResults(this.result, this.quiz?.questions ?? [], this.theme, this.practise) : nothing}
        <button type="button" class="primary" @click=${() => this.restart()}>${s.takeAnother}</button>`;
      case 'attempt': return html`${this.notice ? html`<div class="banner" part="banner" role="status">${this.notice}</div>` : nothing}
        ${this.result ? renderResults(this.result, [], this.theme, this.practise) : nothing}
        <button type="button" @click=${() => this.restart()}>${s.back}</button>`;
    }
  }

  private renderStart(): TemplateResult {
    const s = strings.quiz;
    const tier = this.performance?.tier;
    return html`<p>${s.intro}</p>
      ${tier ? html`<p><span class="badge">${s.tier(tier)}</span></p>` : nothing}
      <fieldset class="mode"><legend>${s.modeLegend}</legend>
        <label><input type="radio" name="mode" .checked=${!this.allAtOnce} @change=${() => { this.allAtOnce = false; }}> ${s.modeOne}</label>
        <label><input type="radio" name="mode" .checked=${this.allAtOnce} @change=${() => { this.allAtOnce = true; }}> ${s.modeAll}</label>
      </fieldset>
      <p><button type="button" class="primary" ?disabled=${this.isBusy || !this.client} @click=${() => void this.start()}>${s.start}</button></p>
      <h3>${s.pastAttempts}</h3>
      ${this.attempts.length ? html`<ul class="attempts">${this.attempts.map((a) => html`<li>
        <button type="button" class="link" @click=${() => void this.openAttempt(a.id)}>
          ${s.attemptSummary(new Date(a.created_at).toLocaleDateString(), a.percent)}</button></li>`)}</ul>`
        : html`<p class="muted">${s.noAttempts}</p>`}`;
  }

  private renderQuestions(quiz: Quiz): TemplateResult {
    const s = strings.quiz;
    const total = quiz.questions.length;
    const shown = this.allAtOnce ? quiz.questions : quiz.questions.slice(this.index, this.index + 1);
    const isLast = this.allAtOnce || this.index === total - 1;
    const unanswered = quiz.questions.filter((q) => !this.answers[q.id]?.trim()).length;
    return html`<p><span class="badge">${s.tier(quiz.tier)}</span></p>
      ${shown.map((q) => this.renderQuestion(q, quiz.questions.indexOf(q) + 1, total))}
      <div class="nav">
        ${this.allAtOnce ? html`<span></span>` : html`<button type="button" ?disabled=${this.index === 0}
          @click=${() => this.go(-1)}>${s.previous}</button>`}
        ${isLast ? html`<button type="button" class="primary" @click=${() => void this.askConfirm()}>${s.submit}</button>`
          : html`<button type="button" class="primary" @click=${() => this.go(1)}>${s.next}</button>`}
      </div>
      ${this.isConfirming ? html`<div class="confirm" role="alertdialog" aria-labelledby="confirm-text" aria-modal="false">
        <p id="confirm-text">${s.confirmSubmit(unanswered)}</p>
        <div class="row"><button type="button" class="primary" id="confirm-yes" ?disabled=${this.isBusy}
          @click=${() => void this.submit()}>${strings.common.confirm}</button>
        <button type="button" @click=${() => { this.isConfirming = false; }}>${strings.common.cancel}</button></div>
      </div>` : nothing}`;
  }

  private renderQuestion(q: QuizQuestion, n: number, total: number): TemplateResult {
    const s = strings.quiz;
    const value = this.answers[q.id] ?? '';
    const set = (v: string) => { this.answers = { ...this.answers, [q.id]: v }; };
    const choices = q.type === 'true_false' && !q.choices?.length ? [s.trueLabel, s.falseLabel] : q.choices ?? [];
    return html`<fieldset part="question">
      <legend>${s.questionOf(n, total)}: ${q.prompt}</legend>
      ${q.topic ? html`<p class="topic muted">${q.topic.title}</p>` : nothing}
      ${q.type === 'short_answer'
        ? html`<label for="a-${q.id}">${s.shortAnswerLabel}</label>
          <input type="text" id="a-${q.id}" .value=${value} @input=${(e: Event) => set((e.target as HTMLInputElement).value)}>`
        : html`<div class="choices">${choices.map((choice) => html`<label>
          <input type="radio" name="q-${q.id}" .value=${choice} .checked=${value === choice} @change=${() => set(choice)}> ${choice}</label>`)}</div>`}
    </fieldset>`;
  }

  private async go(step: number): Promise<void> {
    this.index = Math.min(Math.max(0, this.index + step), (this.quiz?.questions.length ?? 1) - 1);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('fieldset[part=question] input')?.focus();
  }

  private async askConfirm(): Promise<void> {
    this.isConfirming = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#confirm-yes')?.focus();
  }

  private async submit(): Promise<void> {
    const quiz = this.quiz;
    if (!quiz) return;
    const body = { answers: quiz.questions.map((q) => ({ question_id: q.id, answer: this.answers[q.id] ?? '' })) };
    // A quiz is graded once. If it was already submitted (another tab, a retry after a lost reply), the server names
    // that attempt: show its grading instead of an error, since that is what counts.
    let gradedAttemptId: string | undefined;
    const result = await this.run(async (c) => {
      try {
        return await c.post<AttemptResult>(`/quizzes/${encodeURIComponent(quiz.id)}/attempts`, body);
      } catch (cause) {
        if (cause instanceof ApiError && cause.code === 'CONFLICT' && typeof cause.details.attempt_id === 'string') {
          gradedAttemptId = cause.details.attempt_id;
          return undefined;
        }
        throw cause;
      }
    }, () => void this.submit());
    if (gradedAttemptId) {
      this.isConfirming = false;
      await this.openAttempt(gradedAttemptId, strings.quiz.alreadySubmitted);
      return;
    }
    if (!result) return;
    this.result = result;
    this.isConfirming = false;
    this.view = 'results';
    emit(this, 'tg-quiz-complete', { quizId: quiz.id, attemptId: result.attempt_id, percent: result.percent, nextTier: result.next_tier });
    await this.focusSection();
  }

  /** The attempt's detail: each question, the answer given, the key, the explanation and the weak topics. */
  private async openAttempt(attemptId: string, notice?: string): Promise<void> {
    const detail = await this.run((c) => c.get<AttemptDetail>(`/attempts/${encodeURIComponent(attemptId)}`), () => void this.openAttempt(attemptId, notice));
    if (!detail) return;
    this.result = detail;
    this.notice = notice;
    this.view = 'attempt';
    await this.focusSection();
  }

  /** "Practise this weak topic": a new quiz on that topic. */
  private readonly practise = (topicId: string): void => {
    this.result = undefined;
    void this.start(topicId);
  };

  private restart(): void {
    this.notice = undefined;
    this.view = 'start';
    this.quiz = undefined;
    this.result = undefined;
    this.reload();
  }

  private async focusSection(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('section')?.focus();
  }
}
