import { expect } from 'chai';
import './study-notes.js';
import type { TgStudyNotes } from './study-notes.js';
import { happyApi } from '../../../test/scenarios.js';
import type { FakeApi } from '../../../test/fake-api.js';
import { withStudyRoutes } from '../../../test/study-fixtures.js';
import { $, $$, mount, unmountAll, waitFor } from '../../../test/helpers.js';

const NOTES = (attrs = '') => `<tg-study-notes api-base="https://tg.test" token="tok" course-id="course-1" ${attrs}></tg-study-notes>`;

describe('tg-study-notes', () => {
  let api: FakeApi;
  afterEach(() => { api?.restore(); unmountAll(); });

  it('when loaded, then each document is an article whose headings, key points and terms form the outline', async () => {
    api = withStudyRoutes(happyApi()).install();
    const el = await mount<TgStudyNotes>(NOTES());
    const article = await waitFor(() => $(el, 'article'), 'notes');
    expect(article.querySelector('h3')!.textContent).to.equal('Cell Division (Lecture 4)');
    expect(article.querySelector('h4')!.textContent).to.equal('Mitosis');
    const items = [...article.querySelectorAll('li')];
    expect(items).to.have.length(2);
    expect(items[1]!.querySelector('.term')!.textContent).to.equal('cytokinesis');
    expect(api.calls[0]!.path).to.equal('/v1/courses/course-1/notes');
  });

  it('when a line\'s source is opened, then the passage shows and tg-citation-open names it', async () => {
    api = withStudyRoutes(happyApi()).install();
    const el = await mount<TgStudyNotes>(NOTES());
    const details = await waitFor(() => $$<HTMLDetailsElement>(el, 'li details')[0], 'source');
    const opened = new Promise<CustomEvent>((resolve) => el.addEventListener('tg-citation-open', (e) => resolve(e), { once: true }));
    details.querySelector('summary')!.click();
    expect((await opened).detail).to.deep.equal({ chunkId: 'ch-11', documentId: 'doc-1', marker: 0 });
    expect(details.querySelector('blockquote')!.textContent).to.include('Cell Division (Lecture 4) › Mitosis');
  });

  it('when given a topic or a document, then it asks for that one', async () => {
    api = withStudyRoutes(happyApi()).install();
    const topic = await mount<TgStudyNotes>(NOTES('topic-id="topic-1"'));
    await waitFor(() => $(topic, 'h2')?.textContent === 'Study notes: Mitosis', 'topic heading');
    const doc = await mount<TgStudyNotes>(NOTES('document-id="doc-1"'));
    await waitFor(() => $(doc, 'article'), 'document notes');
    expect(api.calls.map((c) => c.path)).to.include.members(['/v1/topics/topic-1/notes', '/v1/documents/doc-1/notes']);
  });

  it('when an instructor edits a line and saves, then the lines are sent with their citations and the edit shows', async () => {
    api = withStudyRoutes(happyApi()).install();
    const el = await mount<TgStudyNotes>(NOTES('editable'));
    (await waitFor(() => $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent === 'Edit notes'), 'edit')).click();
    const textarea = await waitFor(() => $$<HTMLTextAreaElement>(el, 'textarea')[1], 'editor');
    expect($(el, `label[for=${textarea.id}]`)!.textContent).to.equal('Line 2');
    textarea.value = 'Mitosis keeps the chromosome number.';
    textarea.dispatchEvent(new Event('input'));
    $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent === 'Save notes')!.click();
    await waitFor(() => $(el, 'p.muted')?.textContent === 'Edited by an instructor', 'edited');
    const put = api.calls.find((c) => c.method === 'PUT')!;
    expect((put.body as { lines: { text: string; chunk_id: string }[] }).lines[1]).to.deep.include({ text: 'Mitosis keeps the chromosome number.', chunk_id: 'ch-11' });
    expect($(el, 'article')!.textContent).to.include('Mitosis keeps the chromosome number.');
  });

  it('when not editable, then no edit button shows', async () => {
    api = withStudyRoutes(happyApi()).install();
    const el = await mount<TgStudyNotes>(NOTES());
    await waitFor(() => $(el, 'article'), 'notes');
    expect($$(el, 'button').filter((b) => b.textContent === 'Edit notes')).to.have.length(0);
  });
});
