import { contentTerms, splitSentences } from './text-analysis.js';

/** Share of a sentence's content terms one of its cited passages must hold for the citation to support it. */
export const MIN_SUPPORT = 0.6;

/** What verification kept and what it dropped. */
export interface VerifiedAnswer { answer: string; citedMarkers: number[]; dropped: string[] }

/**
 * Server-side check of an answer's citations, whoever wrote it: the answer is cut into sentences (text up to
 * a run of `[n]` markers, the last sentence before them carrying them); a sentence is kept only when one of the passages it cites holds at least 60 % of
 * its content terms (stemmed) — a sentence with no marker, a marker naming no passage, or a citation that
 * does not support it is dropped. An answer left empty is a refusal for the caller.
 *
 * @example
 * verifyAnswer('Pavlov studied dogs [1]. He invented radio [1].', [{ marker: 1, text: 'Pavlov studied dogs.' }])
 * // { answer: 'Pavlov studied dogs [1].', citedMarkers: [1], dropped: ['He invented radio [1].'] }
 */
export function verifyAnswer(answer: string, passages: { marker: number; text: string }[]): VerifiedAnswer {
  const termsOf = new Map(passages.map((p) => [p.marker, new Set(contentTerms(p.text))]));
  const kept: string[] = [];
  const dropped: string[] = [];
  const cited: number[] = [];
  for (const part of answer.matchAll(/([^[\]]+?)((?:\s*\[\d+\])+)([.!?]?)|([^[\]]+)$/g)) {
    const unit = (part[1] ?? part[4] ?? '').trim();
    if (!unit || /^[.!?,;:\s]*$/.test(unit)) continue;
    // Only the unit's last sentence carries the markers; any sentence before it has none and is dropped.
    const spans = part[2] ? splitSentences(unit) : [];
    for (const span of spans.slice(0, -1)) dropped.push(span.text);
    const text = spans.length > 1 ? spans.at(-1)!.text : unit;
    const whole = `${text}${part[2] ?? ''}${part[3] ?? ''}`.trim();
    const markers = [...(part[2] ?? '').matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    const terms = contentTerms(text);
    const supporting = markers.filter((marker) => {
      const passage = termsOf.get(marker);
      if (!passage) return false;
      if (terms.length === 0) return true;
      return terms.filter((t) => passage.has(t)).length / terms.length >= MIN_SUPPORT;
    });
    if (supporting.length === 0) { dropped.push(whole); continue; }
    // Only the markers that support the sentence stay on it.
    kept.push(`${text} ${supporting.map((m) => `[${m}]`).join('')}${part[3] ?? ''}`);
    for (const m of supporting) if (!cited.includes(m)) cited.push(m);
  }
  return { answer: kept.join(' '), citedMarkers: cited, dropped };
}
