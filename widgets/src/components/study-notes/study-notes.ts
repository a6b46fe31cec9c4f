import { css, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { TgApiElement } from '../../internal/api-element.js';
import { defineElement } from '../../internal/define.js';
import { emit } from '../../events/events.js';
import { tokens } from '../../styles/tokens.styles.js';
import { base } from '../../styles/base.styles.js';
import type { ListResponse, StudyNoteLine, StudyNotesDocument, TopicNotes } from '../../api/api-types.js';
import { notesStrings as s } from './internal/study-notes.strings.js';

const styles = css`
  :host { --_accent: var(--tg-study-notes-accent, var(--_color-primary)); padding: calc(var(--_space) * 1.5); }
  article + article { margin-top: calc(var(--_space) * 2); }
  h4 { margin: calc(var(--_space) * 1.5) 0 calc(var(--_space) / 2); border-bottom: 2px solid var(--_accent); padding-bottom: 2px; }
  ul { margin: 0; padding-inline-start: 1.25rem; display: grid; gap: calc(var(--_space) / 2); }
  .term { color: var(--_accent); font-weight: 600; }
  details { display: inline; font-size: 0.85rem; }
  summary { display: inline; cursor: pointer; color: var(--_color-on-surface-variant); text-decoration: underline; }
  blockquote { margin: 4px 0; padding-inline-start: var(--_space); border-inline-start: 3px solid var(--_color-outline); }
  textarea { width: 100%; min-height: 2.5rem; }
  .edit li { list-style: none; }
`;

/**
 * Study notes: an outline per document (sections, key points, key terms with definitions), every line with its
 * source passage one click away. Shows one document (`document-id`), one topic from every document teaching it
 * (`topic-id`), or the whole course. Instructors may edit (`editable`). The bundle loads this element's chunk
 * only when a page holds one (see `../flashcards/lazy-elements.ts`).
 *
 * @example
 * <tg-study-notes api-base="https://tg.example.edu" token="eyJ…" course-id="c1" topic-id="t1"></tg-study-notes>
 *
 * @tag tg-study-notes
 * @event tg-citation-open - The learner opened a line's source: `{ chunkId, documentId, marker }`.
 * @event tg-error - An API call failed: `{ code, message, status, requestId }`.
 * @event tg-session-expired - The token was rejected.
 * @csspart banner - Status and error banners.
 * @cssproperty --tg-study-notes-accent - Colour of term names and section rules.
 */
export class TgStudyNotes extends TgApiElement {
  static override styles = [tokens, base, styles];

  /** Show this document's notes. */
  @property({ attribute: 'document-id' }) documentId?: string;
  /** Show this topic's notes (from every document teaching it). */
  @property({ attribute: 'topic-id' }) topicId?: string;
  /** Offer editing (instructors; the server checks the role). */
  @property({ type: Boolean }) editable = false;

  @state() private notes?: StudyNotesDocument[];
  @state() private topicTitle?: string;
  @state() private editing?: { documentId: string; lines: StudyNoteLine[] };
  @state() private message = '';

  protected override reload(): void {
    const course = this.course;
    if (!course && !this.documentId && !this.topicId) return;
    void this.run(async (c) => {
      if (this.topicId) {
        const res = await c.get<TopicNotes>(`/topics/${encodeURIComponent(this.topicId)}/notes`);
        this.topicTitle = res.topic.title;
        return res.notes;
      }
      if (this.documentId) return [await c.get<StudyNotesDocument>(`/documents/${encodeURIComponent(this.documentId)}/notes`)];
      return (await c.get<ListResponse<StudyNotesDocument>>(`/courses/${encodeURIComponent(course as string)}/notes`)).items;
    }, () => this.reload()).then((notes) => { if (notes) this.notes = notes; });
  }

  private async save(): Promise<void> {
    const editing = this.editing;
    if (!editing) return;
    const lines = editing.lines.map((l) => ({ kind: l.kind, text: l.text, term: l.term, definition: l.definition, chunk_id: l.citation?.chunk_id }))
      .filter((l) => l.text.trim() && l.chunk_id);
    const saved = await this.run((c) => c.put<StudyNotesDocument>(`/documents/${encodeURIComponent(editing.documentId)}/notes`, { lines }), () => void this.save());
    if (!saved) return;
    this.notes = this.notes?.map((n) => (n.document_id === saved.document_id ? saved : n));
    this.editing = undefined;
    this.message = s.saved;
  }

  protected override render(): TemplateResult {
    const status = this.renderStatus();
    const heading = this.topicTitle ? s.topicHeading(this.topicTitle) : s.heading;
    if (!this.notes) return html`<section aria-label=${heading} aria-busy=${this.isBusy ? 'true' : 'false'}>${status}</section>`;
    return html`<section aria-labelledby="notes-heading" aria-busy=${this.isBusy ? 'true' : 'false'}>
      <h2 id="notes-heading">${heading}</h2>${status}
      <p class="visually-hidden" role="status">${this.message}</p>
      ${this.notes.length === 0 || this.notes.every((n) => n.lines.length === 0) ? html`<p class="muted">${s.empty}</p>` : nothing}
      ${this.notes.filter((n) => n.lines.length > 0).map((n) => this.renderDocument(n))}
    </section>`;
  }

  private renderDocument(notes: StudyNotesDocument): TemplateResult {
    const editing = this.editing?.documentId === notes.document_id ? this.editing : undefined;
    const id = `doc-${notes.document_id}`;
    return html`<article aria-labelledby=${id}>
      <h3 id=${id}>${notes.document_title}</h3>
      ${notes.edited_at ? html`<p class="muted">${s.edited}</p>` : nothing}
      ${editing ? this.renderEditor(editing) : this.renderOutline(notes.lines)}
      ${this.editable && !editing ? html`<button type="button" @click=${() => { this.editing = { documentId: notes.document_id, lines: notes.lines.map((l) => ({ ...l })) }; this.message = ''; }}>${s.edit}</button>` : nothing}
    </article>`;
  }

  /** Headings open a section; the lines after a heading form its list. */
  private renderOutline(lines: StudyNoteLine[]): TemplateResult[] {
    const sections: { heading?: StudyNoteLine; items: StudyNoteLine[] }[] = [];
    for (const line of lines) {
      if (line.kind === 'heading' || sections.length === 0) sections.push({ heading: line.kind === 'heading' ? line : undefined, items: [] });
      if (line.kind !== 'heading') sections.at(-1)?.items.push(line);
    }
    return sections.map((section) => html`${section.heading ? html`<h4>${section.heading.text}</h4>` : nothing}
      ${section.items.length ? html`<ul>${section.items.map((line) => html`<li>${this.renderLine(line)}</li>`)}</ul>` : nothing}`);
  }

  private renderLine(line: StudyNoteLine): TemplateResult {
    const text = line.kind === 'term' && line.term && line.definition
      ? html`<span class="term">${line.term}</span>: ${line.definition}` : html`${line.text}`;
    const citation = line.citation;
    return html`${text}
      ${citation ? html` <details @toggle=${(e: Event) => { if ((e.target as HTMLDetailsElement).open) emit(this, 'tg-citation-open', { chunkId: citation.chunk_id, documentId: citation.document_id, marker: 0 }); }}>
        <summary>${s.source}</summary>
        <blockquote>${citation.snippet || citation.heading}<br><span class="muted">${s.sourceOf(citation.document_title, citation.heading)}</span></blockquote>
      </details>` : nothing}
      ${line.supported ? nothing : html`<span class="badge warn">${s.unsupported}</span>`}`;
  }

  private renderEditor(editing: { documentId: string; lines: StudyNoteLine[] }): TemplateResult {
    return html`<form class="edit" @submit=${(e: Event) => { e.preventDefault(); void this.save(); }}>
      <ol>${editing.lines.map((line, i) => html`<li><label for=${`line-${i}`} class="visually-hidden">${s.lineLabel(i + 1)}</label>
        <textarea id=${`line-${i}`} .value=${line.text} @input=${(e: Event) => {
          const text = (e.target as HTMLTextAreaElement).value;
          editing.lines[i] = { ...line, text, term: null, definition: null };
        }}></textarea></li>`)}</ol>
      <div class="row"><button type="submit" class="primary">${s.save}</button>
        <button type="button" @click=${() => { this.editing = undefined; }}>${s.cancel}</button></div>
    </form>`;
  }
}

defineElement('tg-study-notes', TgStudyNotes);

declare global {
  interface HTMLElementTagNameMap { 'tg-study-notes': TgStudyNotes }
}
