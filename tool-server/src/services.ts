import {
  type AttemptGradedHook, type Config, type DbConnection, type EmbeddingsProvider, type JobQueue, type LlmProvider, type Mailer,
  type ObjectStorage, type QuizGenerator, createEmbeddingsProvider, createLlmProvider, createLocalQuizGenerator, createOpenAiQuizGenerator,
  createSmtpMailer, createStorage, queueScorePassback,
} from '@tutorgraph/core';

/**
 * The feature ports the HTTP shell uses, typed: built once by `buildServices` (the composition root), read by
 * routes as `deps.services.<name>`. No route picks an adapter itself.
 */
export interface AppServices {
  /** Where jobs are handed over (BullMQ with REDIS_URL, else the in-process runner). */
  jobQueue: JobQueue;
  /** Uploaded files (local folder or S3-compatible). */
  storage: ObjectStorage;
  embeddings: EmbeddingsProvider;
  llm: LlmProvider;
  /** The OpenAI-compatible generator when LLM_PROVIDER=openai with a key, else the local key-term generator. */
  quizGenerator: QuizGenerator;
  /** Who hears about graded attempts: LTI grade passback through the job queue unless overridden. */
  onAttemptGraded: AttemptGradedHook;
  /** The SMTP mailer when SMTP_* is configured; absent means "copy the link". */
  mailer: Mailer | undefined;
}

/**
 * Chooses every adapter from configuration, once. Tests and tools pass `overrides` (a fake LLM, a started
 * in-process queue, a mail catcher) into this same wiring instead of building their own.
 *
 * @example
 * const services = buildServices(config, database.db, queue);
 * const testServices = buildServices(config, db, queue, { llm: createLocalExtractiveLlm() });
 */
export function buildServices(config: Config, db: DbConnection, jobQueue: JobQueue, overrides: Partial<AppServices> = {}): AppServices {
  const embeddings = overrides.embeddings ?? createEmbeddingsProvider(config);
  const { llm, openai } = config;
  const services: AppServices = {
    jobQueue: overrides.jobQueue ?? jobQueue,
    storage: overrides.storage ?? createStorage(config),
    embeddings,
    llm: overrides.llm ?? createLlmProvider(config),
    quizGenerator: overrides.quizGenerator ?? (llm.provider === 'openai' && openai.apiKey
      ? createOpenAiQuizGenerator({ apiKey: openai.apiKey, baseUrl: openai.baseUrl, model: llm.model, timeoutMs: llm.timeoutMs })
      : createLocalQuizGenerator({ embeddings })),
    // Reads services.jobQueue when an attempt is graded, so a queue swapped in later (tests) is the one used.
    onAttemptGraded: overrides.onAttemptGraded ?? ((attempt) => queueScorePassback(db, services.jobQueue, attempt, config.jobs.maxAttempts)),
    mailer: 'mailer' in overrides ? overrides.mailer : config.smtp ? createSmtpMailer(config.smtp) : undefined,
  };
  return services;
}
