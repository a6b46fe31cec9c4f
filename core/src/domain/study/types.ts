import type { KeyTerm } from '../quiz/extract-terms.js';
import type { SourceChunk } from '../quiz/types.js';

/** What a note line is: a section heading, a key point of the section, or a key term with its definition. */
export type NoteLineKind = 'heading' | 'key_point' | 'term';

/**
 * One line of study notes. Every line cites the chunk that supports it (`chunkId`); `topicId` places it in a
 * course section, so a topic's notes are the lines of every document about that topic.
 *
 * @example
 * const line: NoteLine = { id: 'n3', kind: 'term', text: 'extinction: the decrease in the conditioned response …',
 *   term: 'extinction', definition: 'the decrease in …', chunkId, topicId };
 */
export interface NoteLine {
  id: string; kind: NoteLineKind; text: string; term: string | null; definition: string | null; chunkId: string; topicId: string | null;
}

/** What a notes generator is given: the document's chunks (in order) and the whole course (for key terms). */
export interface NotesRequest {
  documentId: string; documentTitle: string; documentChunks: SourceChunk[]; courseChunks: SourceChunk[];
  /** The course's key terms when the caller already extracted them (saves the local generator doing it again). */
  keyTerms?: KeyTerm[] | undefined;
}

/**
 * The port every notes generator implements (the local extractive one and the OpenAI-compatible one). The
 * contract: every returned line cites a chunk of the request that supports it; callers re-check with
 * `isSupportedBy` and drop lines that are not.
 *
 * @example
 * const lines = await generator.generate({ documentId, documentTitle, documentChunks, courseChunks });
 */
export interface NotesGenerator {
  /** Recorded in `study_notes.generator`, e.g. `local-outline-v1` or `openai:gpt-4o-mini`. */
  readonly name: string;
  generate(request: NotesRequest): Promise<NoteLine[]>;
}

/** The kinds of cards generated from the course text. */
export const GENERATED_CARD_KINDS = ['term', 'definition', 'cause_effect', 'example'] as const;
export type GeneratedCardKind = (typeof GENERATED_CARD_KINDS)[number];
/** Cards a learner adds. */
export type LearnerCardKind = 'answer' | 'missed_question';
export type CardKind = GeneratedCardKind | LearnerCardKind;

/**
 * A flashcard generated from the course, before the quality gate. `cardKey` is stable across re-indexing (it
 * names the term or the sentence, not chunk ids), so a learner's schedule survives a re-upload.
 *
 * @example
 * draft; // { kind: 'term', cardKey: 'term:extinct', front: 'What does “extinction” mean?', back: 'The decrease …', … }
 */
export interface CardDraft {
  kind: GeneratedCardKind; cardKey: string; front: string; back: string;
  /** The passages the back comes from; the first one is where the card's topic and document are. */
  chunks: SourceChunk[];
  /** The answer words the front must not give away (the term, for example→concept and definition→term cards). */
  answerForms: string[];
}

/** Why a draft failed the gate. */
export type GateFailure = 'unsupported_back' | 'back_leaks_on_front' | 'too_short';
