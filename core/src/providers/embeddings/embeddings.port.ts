/**
 * Turns texts into vectors. Each provider names its model; vectors are stored per model, so switching
 * models means a reindex, never a schema change.
 *
 * @example
 * const [vector] = await provider.embed(['What is classical conditioning?'], 'query');
 */
export interface EmbeddingsProvider {
  /** Stored with every vector, e.g. `local-hash-v1-384` or `openai/text-embedding-3-small`. */
  readonly model: string;
  readonly dimensions: number;
  /** `document` for chunks, `query` for questions (some models embed them differently). */
  embed(texts: string[], purpose: 'document' | 'query'): Promise<number[][]>;
}
