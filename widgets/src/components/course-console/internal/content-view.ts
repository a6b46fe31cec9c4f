import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { TgApiElement } from '../../../internal/api-element.js';
import { ApiError } from '../../../api/api-error.js';
import { tokens } from '../../../styles/tokens.styles.js';
import { base } from '../../../styles/base.styles.js';
import { consoleStyles } from '../course-console.styles.js';
import { consoleStrings as s } from './console-strings.js';
import { cell } from './format.js';
import type { CourseDocumentListWire, CourseDocumentWire, DocumentPreviewWire, RenameDocumentRequestWire } from './types.js';

interface Upload { name: string; loaded: number; total: number; error?: string }

/**
 * Content: upload several files by drag and drop or picker (with progress), each document's status with the
 * reason it failed next to it — a refused upload stays in the list with the server's reason — rename, delete,
 * re-index and a preview of the extracted text by section and page.
 *
 * @example
 * <tg-console-content course-id="c1"></tg-console-content>
 */
export class TgConsoleContent extends TgApiElement {
  static override styles = [tokens, base, consoleStyles];

  @state() protected documents?: CourseDocumentWire[];
  @state() protected uploads: Upload[] = [];
  @state() protected isDragOver = false;
  @state() protected renaming?: string;
  @state() protected preview?: DocumentPreviewWire;
  private poll: ReturnType<typeof setTimeout> | undefined;

  private get coursePath(): string { return `/courses/${encodeURIComponent(this.course ?? '')}`; }

  protected override reload(quiet = false): void {
    if (!this.course) return;
    void this.run((c) => c.get<CourseDocumentListWire>(`${this.coursePath}/documents`), () => this.reload(), { quiet }).then((r) => {
      if (!r) return;
      this.documents = r.items;
      clearTimeout(this.poll);
      if (r.items.some((d) => !['succeeded', 'failed', 'dead_lettered', 'cancelled'].includes(d.status))) this.poll = setTimeout(() => this.reload(true), 1500);
    });
  }

  override disconnectedCallback(): void { super.disconnectedCallback(); clearTimeout(this.poll); }

  async uploadFiles(files: File[]): Promise<void> {
    const client = this.client;
    if (!client) return;
    await Promise.all(files.map(async (file) => {
      const upload: Upload = { name: file.name, loaded: 0, total: file.size };
      this.uploads = [...this.uploads, upload];
      const form = new FormData();
      form.append('file', file);
      try {
        await client.upload<CourseDocumentWire>(`${this.coursePath}/documents`, form, (loaded, total) => {
          upload.loaded = loaded; upload.total = total || upload.total; this.uploads = [...this.uploads];
        });
        this.uploads = this.uploads.filter((u) => u !== upload);
      } catch (cause) {
        // A refused file stays in the list with the server's reason, next to its name.
        upload.error = cause instanceof ApiError ? cause.message : String(cause);
        this.uploads = [...this.uploads];
      }
    }));
    this.reload(true);
  }

  private async act(doc: CourseDocumentWire, action: 'reindex' | 'delete'): Promise<void> {
    if (action === 'delete' && !window.confirm(s.confirmDelete(doc.title))) return;
    const path = `/documents/${encodeURIComponent(doc.id)}${action === 'reindex' ? '/reindex' : ''}`;
    const ok = await this.run((c) => (action === 'delete' ? c.delete(path) : c.post(path)), () => void this.act(doc, action));
    if (ok !== undefined) this.reload(true);
  }

  private async rename(e: Event, doc: CourseDocumentWire): Promise<void> {
    e.preventDefault();
    const title = String(new FormData(e.target as HTMLFormElement).get('title') ?? '').trim();
    if (!title) return;
    const ok = await this.run((c) => c.patch(`${this.coursePath}/analytics/documents/${encodeURIComponent(doc.id)}`, { title } satisfies RenameDocumentRequestWire), () => void this.rename(e, doc));
    if (ok !== undefined) { this.renaming = undefined; this.reload(true); }
  }

  private async openPreview(doc: CourseDocumentWire): Promise<void> {
    const r = await this.run((c) => c.get<DocumentPreviewWire>(`${this.coursePath}/analytics/documents/${encodeURIComponent(doc.id)}/text`), () => void this.openPreview(doc));
    if (!r) return;
    this.preview = r;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#preview-heading')?.focus();
  }

  protected override render(): TemplateResult {
    return html`${this.renderStatus()}
      <div class="drop ${this.isDragOver ? 'over' : ''}" ?hidden=${!this.documents}
        @dragover=${(e: DragEvent) => { e.preventDefault(); this.isDragOver = true; }} @dragleave=${() => { this.isDragOver = false; }}
        @drop=${(e: DragEvent) => { e.preventDefault(); this.isDragOver = false; void this.uploadFiles([...(e.dataTransfer?.files ?? [])]); }}>
        ${s.drop} <button type="button" class="link" @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#file-input')?.click()}>${s.pick}</button>
        <input id="file-input" type="file" multiple hidden aria-hidden="true" tabindex="-1"
          @change=${(e: Event) => { const input = e.target as HTMLInputElement; void this.uploadFiles([...(input.files ?? [])]); input.value = ''; }}>
      </div>
      ${this.uploads.length ? html`<ul class="plain" aria-label="Uploads">${this.uploads.map((u) => html`<li class="card" data-upload=${u.name}>
        ${u.error ? html`<strong>${u.name}</strong> — <span class="error-text" role="alert">${s.refused}: ${u.error}</span>
          <button type="button" @click=${() => { this.uploads = this.uploads.filter((x) => x !== u); }}>${s.dismiss}</button>`
          : html`<label>${s.uploading(u.name)}<progress max=${u.total || 1} value=${u.loaded}></progress></label>`}</li>`)}</ul>` : nothing}
      ${this.documents && this.documents.length === 0 ? html`<p class="muted">${s.noDocuments}</p>` : nothing}
      ${this.documents?.length ? html`<table class="full cards" aria-label=${s.tabs.content}><thead><tr><th scope="col">${s.title}</th><th scope="col">${s.status}</th>
        <th scope="col">${s.chunks}</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${this.documents.map((d) => this.renderRow(d))}</tbody></table>` : nothing}
      ${this.preview ? html`<section class="card" aria-labelledby="preview-heading"><h3 id="preview-heading" tabindex="-1">${s.preview}: ${this.preview.title}</h3>
        <button type="button" @click=${() => { this.preview = undefined; }}>${s.cancel}</button>
        ${this.preview.sections.map((sec) => html`<h4>${sec.heading_path.join(' › ') || sec.heading || '—'}${sec.page ? ` (p. ${sec.page})` : ''}${sec.slide ? ` (slide ${sec.slide})` : ''}</h4>
          <pre class="preview">${sec.text}</pre>`)}</section>` : nothing}`;
  }

  private renderRow(d: CourseDocumentWire): TemplateResult {
    const failed = ['failed', 'dead_lettered'].includes(d.status);
    return html`<tr data-document=${d.id}>
      ${cell(s.title, this.renaming === d.id ? html`<form @submit=${(e: Event) => void this.rename(e, d)} class="row">
          <label>${s.title} <input name="title" .value=${d.title} required></label><button type="submit">${s.save}</button>
          <button type="button" @click=${() => { this.renaming = undefined; }}>${s.cancel}</button></form>`
        : html`${d.title}${d.file_name ? html`<br><span class="muted">${d.file_name}</span>` : nothing}`)}
      ${cell(s.status, html`<span class=${failed ? 'error-text' : ''}>${d.status.replace('_', ' ')}</span>
        ${failed && d.job?.last_error ? html`<br><span class="error-text">${s.reason}: ${d.job.last_error}</span>` : nothing}`)}
      ${cell(s.chunks, d.chunk_count)}
      <td><div class="row">
        <button type="button" @click=${() => void this.openPreview(d)} aria-label="${s.preview} ${d.title}">${s.preview}</button>
        <button type="button" @click=${() => { this.renaming = d.id; }} aria-label="${s.rename} ${d.title}">${s.rename}</button>
        <button type="button" @click=${() => void this.act(d, 'reindex')} aria-label="${s.reindex} ${d.title}">${s.reindex}</button>
        <button type="button" class="danger" @click=${() => void this.act(d, 'delete')} aria-label="${s.delete} ${d.title}">${s.delete}</button>
      </div></td></tr>`;
  }
}
