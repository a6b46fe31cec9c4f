import type { DocumentFormat } from '../../db/schema.js';

/**
 * One block of text as a parser found it, in reading order, with where it sits in the source
 * (page for PDF, slide for PPTX, heading level for headings).
 *
 * @example
 * const block: ParsedBlock = { kind: 'heading', level: 2, text: 'Classical Conditioning' };
 */
export interface ParsedBlock {
  kind: 'heading' | 'paragraph' | 'list_item' | 'table' | 'code' | 'notes';
  text: string;
  /** 1 = top-level heading; only for `kind: 'heading'`. */
  level?: number;
  /** 1-based page number (PDF). */
  page?: number;
  /** 1-based slide number (PPTX); speaker notes carry the slide they belong to. */
  slide?: number;
}

/** What every parser returns: structure kept so citations can point to "page 3" or "slide 7". */
export interface ParsedDocument {
  format: DocumentFormat;
  title: string | undefined;
  blocks: ParsedBlock[];
  pageCount?: number;
  slideCount?: number;
}

/**
 * A retrievable piece of a document: ~800 characters of whole sentences, with its heading path,
 * page/slide and character offsets into the document's normalised text.
 */
export interface Chunk {
  index: number;
  content: string;
  headingPath: string[];
  page: number | undefined;
  slide: number | undefined;
  charStart: number;
  charEnd: number;
}

/** Chunking knobs (from config: CHUNK_SIZE, CHUNK_OVERLAP). */
export interface ChunkingOptions { size: number; overlap: number }
