import type { Chunk } from './types.js';

/** Headings that frame a section rather than name a subject: their chunks belong to the enclosing topic. */
const GENERIC_HEADING = /^(learning objectives?|objectives?|overview|introduction|summary|key (terms|points|takeaways|concepts)|review( questions)?|critical thinking questions|personal application questions|references|further reading|exercises?|glossary|keypoints|agenda|questions\??|thank you|slide \d+)$/i;

/**
 * The subject a heading names, or undefined when it names none. Continuation marks that slide decks add to
 * split slides ("Key terms (2/6)", "Encoding (cont.)") and framing suffixes ("8.1 How Memory Functions:
 * learning objectives") are dropped, so the parts of one section are one topic.
 *
 * @example
 * topicSubject('8.1 How Memory Functions: learning objectives'); // → '8.1 How Memory Functions'
 * topicSubject('Key terms (3/6)'); // → undefined
 */
export function topicSubject(heading: string | undefined): string | undefined {
  if (!heading) return undefined;
  const cleaned = heading.trim()
    .replace(/\s*\((?:\d+\s*\/\s*\d+|cont(?:inued|\.|'d)?)\)\s*$/i, '')
    .replace(/\s*[:–—-]\s*(learning objectives?|objectives?|overview|introduction|summary|key terms|review)\s*$/i, '')
    .trim();
  return cleaned && !GENERIC_HEADING.test(cleaned) ? cleaned : undefined;
}

/**
 * The key two topic titles share when they name the same section: case, numbering ("8.3", "Chapter 6:")
 * and punctuation ignored. Used to merge one section taught in several files (the chapter as Markdown and as
 * a PDF) into one topic on the learner's meter.
 *
 * @example
 * topicKey('8.3 Problems with Memory') === topicKey('Problems With Memory'); // → true
 */
export function topicKey(title: string): string {
  return title.toLowerCase()
    .replace(/^(chapter|section|unit|module|part)\s+\d+(\.\d+)*\s*[:.–—-]?\s*/, '')
    .replace(/^\d+(\.\d+)*\s*[:.–—-]?\s*/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The topic of each chunk, in order. The topic level is the shallowest heading level at which the document
 * has two or more distinct subject headings (a document's single title is not a topic); a chunk under a
 * heading that names no subject ("Learning Objectives", "Key terms (2/6)", an untitled slide) belongs to the
 * enclosing heading, else to the topic before it, else to the document. A document without such structure
 * is one topic.
 *
 * @example
 * assignTopics(chunks, 'Chapter 6'); // → ['Chapter 6', '6.1 What Is Learning?', '6.1 What Is Learning?', …]
 */
export function assignTopics(chunks: readonly Chunk[], documentTitle: string): string[] {
  const maxDepth = Math.max(0, ...chunks.map((c) => c.headingPath.length));
  for (let depth = 0; depth < maxDepth; depth += 1) {
    const distinct = new Set(chunks.map((c) => topicSubject(c.headingPath[depth])).filter(Boolean).map((h) => topicKey(h!)));
    if (distinct.size < 2) continue;
    let previous: string | undefined;
    return chunks.map((chunk) => {
      const own = topicSubject(chunk.headingPath[depth]);
      const title = own ?? (depth > 0 ? topicSubject(chunk.headingPath[depth - 1]) : undefined) ?? previous ?? documentTitle;
      if (own) previous = own;
      return title;
    });
  }
  return chunks.map(() => documentTitle);
}
