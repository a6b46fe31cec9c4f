/**
 * What a sentence of course text is doing, read from its form alone (no course knowledge): most are
 * statements that may answer a question; some are scaffolding around the text — learning objectives,
 * headings, figure captions, review questions, navigation — that share the question's words yet answer
 * nothing, and never become answer sentences.
 */

/** The role of one sentence. */
export type SentenceRole = 'statement' | 'objective' | 'heading' | 'caption' | 'review-question' | 'navigation' | 'signpost' | 'listing';

// Instructional imperatives that open learning objectives and exercises ("Explain the difference between …").
// The verb must be followed by a space and not by a verb ("Contrast is …" is a statement about contrast).
const OBJECTIVE = /^(?:[•▪◦*–-]\s*)?(?:explain|define|describe|identify|discuss|compare|contrast|summari[sz]e|distinguish|recogni[sz]e|evaluate|analy[sz]e|demonstrate|differentiate|give (?:an|some|two|three) examples?|(?:list|name|state|outline) (?:the|some|two|three|four|several|a few))\s(?!is\b|are\b|was\b|were\b|can\b|may\b|will\b|has\b|have\b|of\b|and\b)/i;
const OBJECTIVE_BLOCK = /\blearning objectives?\b|\bby the end of this (?:section|chapter|module|lesson),? you\b/i;
const CAPTION = /^(?:alt text:|\(?(?:figure|fig\.|table|chart|image|photo|exhibit|diagram|listing)\s*\d+(?:[.\-–]\d+)*[.:)]?|\(credit\b|credit:|source:|image credit|photo credit)/i;
const NAVIGATION = /(?:^|\s)(?:[|»«›‹]|next\s*(?:»|›|topic|page|section)|previous\s*(?:«|‹|topic|page|section)|table of contents|skip to (?:main )?content|back to top|copyright\b|©|all rights reserved|last updated on|found a bug\?|this page)(?:\s|$)|¶$/i;
const SIGNPOST = /\b(let['’]s (take a (closer )?look|look|explore|consider|examine|turn)|(now )?we (now )?turn to|in this (section|chapter|module),? (we|you) will|you will (soon )?(learn|be able to|see)|now that you (know|have seen|understand|have learned)|to (learn|find out|read) more\b)\b/i;

/**
 * The role of a sentence, from its form: a question is a review question; an instructional imperative is
 * an objective; a figure/table label or credit is a caption; page furniture is navigation; a short line
 * without a verb-ending full stop is a heading; "let's take a look at …" is a signpost; four or more lines, mostly
 * short, are a listing (code, command output); anything else is a statement.
 *
 * @example
 * sentenceRole('Explain the difference between reinforcement and punishment.') // 'objective'
 * sentenceRole('Figure 6.17 (a) Yoga students learn by observation.') // 'caption'
 * sentenceRole('Extinction is the decrease in the conditioned response.') // 'statement'
 */
export function sentenceRole(sentence: string): SentenceRole {
  const text = sentence.trim();
  // A program listing or command output kept as one "sentence" (several short lines): it illustrates, it does not say.
  const lines = text.split('\n').filter((l) => l.trim());
  if (lines.length >= 4 && lines.filter((l) => l.trim().split(/\s+/).length <= 8).length * 4 >= lines.length * 3) return 'listing';
  if (/\?["”’)]?$/.test(text)) return 'review-question';
  if (CAPTION.test(text)) return 'caption';
  if (NAVIGATION.test(text)) return 'navigation';
  if (OBJECTIVE_BLOCK.test(text)) return 'objective';
  // An imperative objective is short and has no subject before its verb; "Define operant conditioning."
  if (OBJECTIVE.test(text) && text.split(/\s+/).length <= 16 && !/:\s/.test(text)) return 'objective';
  // "… as follows:" / "The following example shows:" introduce something the answer would not carry.
  if (SIGNPOST.test(text) || /:$/.test(text)) return 'signpost';
  const words = text.split(/\s+/).length;
  // A heading: a few words, no sentence punctuation at the end and no definition colon inside.
  if (words <= 8 && !/[.!;…"”)]$/.test(text) && !/:\s/.test(text)) return 'heading';
  if (/^\d+(?:\.\d+)*\.?\s+\p{Lu}/u.test(text) && words <= 10 && !/[!;…]$/.test(text) && !/\b(is|are|was|were|has|have)\b/.test(text)) return 'heading';
  return 'statement';
}

/**
 * Whether a sentence may become part of an answer (statements only).
 *
 * @example
 * mayAnswer('Define operant conditioning.') // false
 */
export function mayAnswer(sentence: string): boolean {
  return sentenceRole(sentence) === 'statement';
}
