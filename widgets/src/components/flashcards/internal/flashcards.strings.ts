/** User-facing strings of the flashcard deck (loaded with the deck chunk). Replace the object's fields to translate. */
export const flashcardStrings = {
  heading: 'Flashcards',
  progress: (done: number, total: number) => `Card ${Math.min(done + 1, total)} of ${total}`,
  cardLabel: (n: number, total: number) => `Flashcard ${n} of ${total}`,
  front: 'Question',
  back: 'Answer',
  show: 'Show answer',
  showHint: 'Space',
  rateLegend: 'How well did you remember it?',
  ratings: { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' } as Record<string, string>,
  keysHint: 'Keys: Space shows the answer; 1 Again, 2 Hard, 3 Good, 4 Easy.',
  reasons: { due: 'Due for review', weak_topic: 'Weak topic', new: 'New card' } as Record<string, string>,
  source: (title: string, heading: string) => (heading ? `Source: ${title} › ${heading}` : `Source: ${title}`),
  nextReview: (days: number) => (days < 1 / 24 ? 'Next review in a few minutes.'
    : days < 1 ? `Next review in ${Math.round(days * 24)} h.` : `Next review in ${Math.round(days)} ${Math.round(days) === 1 ? 'day' : 'days'}.`),
  empty: 'Nothing to review today. New cards arrive as your course adds documents; come back tomorrow for due cards.',
  done: (count: number) => `Session complete: you reviewed ${count} ${count === 1 ? 'card' : 'cards'}.`,
  again: 'Study more',
  saving: 'Saving…',
  weakTopics: (titles: string[]) => `Focus today: ${titles.join(', ')}`,
};
