/**
 * Every user-facing string of the ask panel, quiz runner and mastery meter, in one object, so a translation is
 * one file (the admin console's strings sit beside it in `admin-strings.ts`, so pages without the console do
 * not download them).
 * Functions take the values they interpolate; keep punctuation inside the string so translators own it.
 *
 * @example
 * import { setStrings } from '@tutorgraph/widgets';
 * setStrings({ ask: { ...strings.ask, submit: 'Fragen' } });
 */
export const strings = {
  common: {
    loading: 'Loading…',
    retry: 'Try again',
    retryNow: 'Retry now',
    cancel: 'Cancel',
    close: 'Close',
    confirm: 'Confirm',
    save: 'Save',
    delete: 'Delete',
    requestId: (id: string) => `Reference: ${id}`,
    offline: 'You are offline. We will try again when your connection returns.',
    originRefused: (url: string) => `TutorGraph at ${url} refused this page's origin — add it to CORS_ORIGINS.`,
    rateLimited: (seconds: number) =>
      seconds > 0 ? `Too many requests. You can try again in ${seconds} s.` : 'Too many requests. You can try again now.',
    waitAndRetry: 'Wait and retry',
    waiting: (seconds: number) => `Retrying in ${seconds} s…`,
    sessionExpired: 'Your session has expired. Sign in again to continue.',
    forbidden: 'You do not have access to this.',
    notFound: 'We could not find this. It may have been removed.',
    genericError: 'Something went wrong.',
    loadingConsole: 'Loading administration…',
    notConfigured: 'This widget is not connected: set api-base and course-id, or place it inside <tg-provider>.',
  },
  ask: {
    label: 'Ask a question about this course',
    placeholder: 'e.g. What is the difference between mitosis and meiosis?',
    submit: 'Ask',
    asking: 'Finding an answer…',
    empty: 'Ask anything about the course materials. Answers cite their sources.',
    answerHeading: 'Answer',
    notFound: 'Not found in the course content.',
    suggestion: (text: string) => text,
    citationsHeading: (n: number) => (n === 1 ? '1 source' : `${n} sources`),
    citationToggle: (marker: number, title: string) => `[${marker}] ${title}`,
    openInContext: 'Show in document',
    drawerTitle: (title: string) => `Source: ${title}`,
    location: (loc: { page?: number | null; slide?: number | null; heading?: string | null; heading_path?: string[] | null }) =>
      [loc.page != null ? `page ${loc.page}` : '', loc.slide != null ? `slide ${loc.slide}` : '', loc.heading ?? loc.heading_path?.join(' › ') ?? '']
        .filter(Boolean).join(' · '),
    feedbackQuestion: 'Was this answer helpful?',
    helpful: 'Helpful',
    notHelpful: 'Not helpful',
    grounded: 'Backed by the sources',
    notGrounded: 'Not backed by the sources',
    feedbackThanks: 'Thanks for the feedback.',
    debugHeading: 'Retrieval details (instructors)',
    score: (score: number) => `score ${score.toFixed(3)}`,
  },
  quiz: {
    heading: 'Practice quiz',
    start: 'Start quiz',
    tier: (tier: number | string) => `Level: ${tier}`,
    intro: 'Questions adapt to what you already know.',
    generating: 'Preparing your quiz…',
    empty: 'No questions could be made for this course yet.',
    modeOne: 'One at a time',
    modeAll: 'All at once',
    modeLegend: 'Show questions',
    questionOf: (n: number, total: number) => `Question ${n} of ${total}`,
    previous: 'Previous',
    next: 'Next',
    shortAnswerLabel: 'Your answer',
    trueLabel: 'True',
    falseLabel: 'False',
    submit: 'Submit answers',
    confirmSubmit: (unanswered: number) =>
      unanswered > 0 ? `Submit with ${unanswered} unanswered? You cannot change answers after submitting.`
        : 'Submit your answers? You cannot change them after submitting.',
    submitting: 'Grading…',
    resultsHeading: 'Results',
    score: (score: number, max: number, percent: number) => `You scored ${score} of ${max} (${Math.round(percent)}%).`,
    correct: 'Correct',
    incorrect: 'Incorrect',
    yourAnswer: (given: unknown) => `Your answer: ${given == null || given === '' ? '(none)' : String(given)}`,
    correctAnswer: (answer: string) => `Correct answer: ${answer}`,
    weakTopics: 'Topics to review',
    noWeakTopics: 'No weak topics in this attempt.',
    reviewMissed: 'Review the questions you missed above.',
    practiseTopic: (title: string) => `Practise this weak topic: ${title}`,
    nextTier: (tier: number | string) => `Next quiz level: ${tier}`,
    takeAnother: 'Take another quiz',
    pastAttempts: 'Past attempts',
    noAttempts: 'No attempts yet.',
    attemptSummary: (date: string, percent: number) => `${date}: ${Math.round(percent)}%`,
    back: 'Back',
    alreadySubmitted: 'This quiz was already submitted, perhaps in another tab. Here is how it was graded; take another quiz to be graded again.',
  },
  mastery: {
    label: 'Course mastery',
    valueText: (percent: number, tier?: number | string) => `${percent}% mastered${tier ? `, level ${tier}` : ''}`,
    topicValueText: (title: string, percent: number) => `${title}: ${percent}% mastered`,
    topicsHeading: 'Topics',
    empty: 'No mastery yet: answer a quiz to see your progress.',
    notMeasured: 'Not measured yet',
    noTopicPractised: 'No topic practised yet: take a quiz to see each topic.',
    unpractised: (count: number) => `Not practised yet (${count} ${count === 1 ? 'topic' : 'topics'})`,
  },

};

/** The shape of {@link strings}; a translation must provide every key. */
export type TgStrings = typeof strings;

/** Any subset of {@link strings}: sections and the keys inside them. */
export type TgStringOverrides = { [K in keyof TgStrings]?: Partial<TgStrings[K]> };

/**
 * Overrides strings key by key (the keys not given keep their text). Elements read strings when they render,
 * so call it before they do; from a page that loads the served bundle, use `window.TutorGraph.setStrings` or set
 * `window.TutorGraphStrings` before the bundle's script tag.
 *
 * @example
 * setStrings({ common: { retry: 'Nochmal' } });
 */
export function setStrings(overrides: TgStringOverrides): void {
  for (const [section, values] of Object.entries(overrides)) Object.assign(strings[section as keyof TgStrings], values);
}
