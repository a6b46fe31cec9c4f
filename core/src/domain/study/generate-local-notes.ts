import { type KeyTerm, extractKeyTerms } from '../quiz/extract-terms.js';
import { capitalise, contentStems, sentencesOf, stripMarkdown, withoutLeadingConnective } from '../quiz/text.js';
import type { SourceChunk } from '../quiz/types.js';
import { isSupportedBy, isUsableTerm } from './support.js';
import type { NoteLine, NotesGenerator, NotesRequest } from './types.js';

export const LOCAL_NOTES_GENERATOR = 'local-outline-v1';

/** Headings whose text frames a section rather than teaches it: no key points are taken from them. */
const FRAMING_HEADING = /\b(key terms?|glossary|vocabulary|references|review questions|critical thinking questions|personal application questions|learning objectives|further reading|license|credits|attribution)\b/i;
/** Sentences that lean on what came before, point elsewhere, or ask the reader something: not notes. */
const DEPENDENT_START = /^(this|that|these|those|it|they|he|she|his|her|such|here|there|so|but|and|or|then|as (we|you) (saw|learned)|in (this|that|the previous|the next))\b/i;
const POINTER = /\b(figure|table|chapter|section|see|below|above|following|click|link)\b|\?$|https?:|⟨/i;
/** Figure descriptions (alt text) and labelled metadata lines ("Citation: …", "Alt text: …") are not content. */
const NOT_CONTENT = /^[\p{Lu}][\p{L} ]{0,24}:\s|\b(photograph|image|illustration|diagram|labell?ed|arrows?)\b/iu;

/** The chunks of a document grouped into sections (its topics, in reading order). */
function sectionsOf(chunks: readonly SourceChunk[], documentTitle: string): { key: string; title: string; chunks: SourceChunk[] }[] {
  const sections = new Map<string, { key: string; title: string; chunks: SourceChunk[] }>();
  for (const chunk of chunks) {
    const key = chunk.topicId ?? `heading:${chunk.headingPath[0] ?? documentTitle}`;
    const title = chunk.topicTitle ?? chunk.headingPath[0] ?? documentTitle;
    const section = sections.get(key) ?? { key, title, chunks: [] };
    section.chunks.push(chunk);
    sections.set(key, section);
  }
  return [...sections.values()];
}

/** A sentence worth a note: readable alone, 8–40 words, not a pointer or a question. */
function isNoteSentence(sentence: string): boolean {
  const words = sentence.split(/\s+/).length;
  return words >= 8 && words <= 40 && /[.!]$/.test(sentence) && !DEPENDENT_START.test(sentence) && !POINTER.test(sentence)
    && !NOT_CONTENT.test(sentence) && /^[\p{Lu}"“]/u.test(sentence);
}

/**
 * The section's key points: the sentences whose content words recur most across the section (a centroid
 * summary, length-normalised), with a bonus for sentences that name a key term; returned in reading order.
 */
function keyPoints(chunks: readonly SourceChunk[], terms: readonly KeyTerm[], count: number): { text: string; chunk: SourceChunk }[] {
  const candidates = chunks.flatMap((chunk) => sentencesOf(stripMarkdown(chunk.content))
    .map((s) => withoutLeadingConnective(s.replace(/^[-*•]\s+/, '').trim()))
    .filter(isNoteSentence).map((text, index) => ({ text: capitalise(text), chunk, index })))
    // Overlapping chunks repeat sentences: each once.
    .filter((candidate, i, all) => all.findIndex((other) => other.text === candidate.text) === i);
  const frequency = new Map<string, number>();
  for (const candidate of candidates) for (const stem of new Set(contentStems(candidate.text))) frequency.set(stem, (frequency.get(stem) ?? 0) + 1);
  const termStems = terms.map((t) => contentStems(t.term).join(' '));
  const scored = candidates.map((candidate, order) => {
    const stems = [...new Set(contentStems(candidate.text))];
    const centrality = stems.reduce((sum, s) => sum + (frequency.get(s) ?? 0) - 1, 0) / Math.sqrt(Math.max(1, stems.length));
    const namesTerm = termStems.some((t) => t && ` ${stems.join(' ')} `.includes(` ${t} `)) ? 1.5 : 0;
    return { ...candidate, order, score: centrality + namesTerm };
  });
  const picked = scored.sort((a, b) => b.score - a.score || a.order - b.order).slice(0, count);
  return picked.sort((a, b) => a.order - b.order).map(({ text, chunk }) => ({ text, chunk }));
}

/** What a heading line is checked against: the chunk's document title and heading path. */
export function headingPassage(chunk: Pick<SourceChunk, 'documentTitle' | 'headingPath'>): string {
  return [chunk.documentTitle, ...chunk.headingPath].join('\n');
}

/**
 * Whether a note line is supported by the chunk it cites: a heading by the chunk's headings, any other line
 * by its text (the support rule of `isSupportedBy`).
 *
 * @example
 * isLineSupported(line, chunk); // → true for every line the local generator writes
 */
export function isLineSupported(line: Pick<NoteLine, 'kind' | 'text'>, chunk: Pick<SourceChunk, 'documentTitle' | 'headingPath' | 'content'>): boolean {
  return line.kind === 'heading' ? isSupportedBy(line.text, headingPassage(chunk), 1) : isSupportedBy(line.text, chunk.content);
}

/** "term: definition" — the line a key term gets, citing the passage the definition was read from. */
function termLine(term: KeyTerm): { text: string; chunk: SourceChunk } {
  return { text: `${term.term}: ${term.definition}`, chunk: term.definitionChunk };
}

/**
 * Study notes for one document, from its text alone: per section (topic) a heading line, its key points
 * (extractive: sentences of the text, so each is supported by the chunk it cites) and the key terms the
 * section introduces with their definitions (the quiz generator's term extraction); terms defined in the
 * document but introduced nowhere in the body text come last under the glossary's heading. A line that fails
 * the support rule is dropped.
 *
 * @example
 * const lines = generateLocalNotes({ documentId, documentTitle, documentChunks, courseChunks });
 */
export function generateLocalNotes(request: NotesRequest): NoteLine[] {
  const terms = (request.keyTerms ?? extractKeyTerms(request.courseChunks)).filter(isUsableTerm);
  const lines: NoteLine[] = [];
  const push = (kind: NoteLine['kind'], text: string, chunk: SourceChunk, term?: KeyTerm) => {
    lines.push({
      id: `n${lines.length + 1}`, kind, text, term: term?.term ?? null, definition: term?.definition ?? null,
      chunkId: chunk.id, topicId: term ? term.homeChunk.topicId : chunk.topicId,
    });
  };
  const inDocument = (chunk: SourceChunk) => chunk.documentId === request.documentId;
  const placed = new Set<string>();
  for (const section of sectionsOf(request.documentChunks, request.documentTitle)) {
    const isFraming = section.chunks.every((c) => FRAMING_HEADING.test(c.headingPath.at(-1) ?? ''));
    if (isFraming) continue;
    const first = section.chunks[0] as SourceChunk;
    // The topic's title when this chunk's headings state it (a topic shared by several files may be titled by another).
    const title = isSupportedBy(section.title, headingPassage(first), 1) ? section.title : first.headingPath.at(-1) ?? request.documentTitle;
    push('heading', title, first);
    const sectionIds = new Set(section.chunks.map((c) => c.id));
    const sectionTerms = terms.filter((t) => sectionIds.has(t.homeChunk.id));
    const teaching = section.chunks.filter((c) => !FRAMING_HEADING.test(c.headingPath.at(-1) ?? ''));
    const sentences = teaching.reduce((n, c) => n + sentencesOf(c.content).length, 0);
    for (const point of keyPoints(teaching, sectionTerms, Math.min(4, Math.max(1, Math.round(sentences / 8))))) push('key_point', point.text, point.chunk);
    for (const term of sectionTerms) {
      const line = termLine(term);
      if (!isSupportedBy(line.text, line.chunk.content)) continue;
      push('term', line.text, line.chunk, term);
      placed.add(term.key);
    }
  }
  // Terms introduced only in this document's glossary (their home is a framing section) come last.
  const unplaced = terms.filter((t) => !placed.has(t.key) && inDocument(t.definitionChunk) && inDocument(t.homeChunk));
  if (unplaced.length > 0) {
    const glossary = unplaced[0]?.definitionChunk as SourceChunk;
    push('heading', glossary.headingPath.at(-1) ?? 'Key terms', glossary);
    for (const term of unplaced) {
      const line = termLine(term);
      if (isSupportedBy(line.text, line.chunk.content)) push('term', line.text, line.chunk, term);
    }
  }
  return lines;
}

/**
 * The local generator as a NotesGenerator port.
 *
 * @example
 * const generator = createLocalNotesGenerator();
 */
export function createLocalNotesGenerator(): NotesGenerator {
  return { name: LOCAL_NOTES_GENERATOR, generate: async (request) => generateLocalNotes(request) };
}
