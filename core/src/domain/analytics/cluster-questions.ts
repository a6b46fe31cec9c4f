/**
 * Lexical clustering of short texts (learners' questions), with no word lists: words are weighted by inverse
 * document frequency over all the texts given, so words every question uses ("what", "does") weigh little and
 * the subject words decide. The weight is the smoothed idf, log((n + 1) / (df + 1)) + 1: in a young course with a
 * handful of questions, a subject word that two of them share must still count (the plain idf all but zeroes it, and
 * two learners asking the same thing were left apart). Texts join a cluster when their tf-idf cosine with its
 * centroid is at least `threshold`. A cluster is labelled by the words most of its members use.
 */
export interface ClusterInput { id: string; text: string }
export interface TextCluster { members: string[]; terms: string[] }

const tokens = (text: string) => (text.toLowerCase().normalize('NFKD').match(/\p{L}[\p{L}\p{N}'-]*/gu) ?? [])
  .map((w) => w.replace(/'s$/, '')).filter((w) => w.length >= 3)
  // A plain plural and its singular count as one word.
  .map((w) => (w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));

type Vector = Map<string, number>;

function norm(v: Vector): number { let s = 0; for (const x of v.values()) s += x * x; return Math.sqrt(s); }
function cosine(a: Vector, b: Vector): number {
  const na = norm(a); const nb = norm(b);
  if (na === 0 || nb === 0) return 0;
  let dot = 0; for (const [k, x] of a) dot += x * (b.get(k) ?? 0);
  return dot / (na * nb);
}

/**
 * Groups `texts` (clustered) using `corpus` (all texts of the course, for the word weights; defaults to `texts`).
 *
 * @example
 * clusterTexts([{ id: 'q1', text: 'What is latent learning?' }, { id: 'q2', text: 'Explain latent learning' }]);
 * // → [{ members: ['q1', 'q2'], terms: ['latent', 'learning'] }]
 */
export function clusterTexts(texts: readonly ClusterInput[], corpus: readonly string[] = texts.map((t) => t.text), threshold = 0.35): TextCluster[] {
  const df = new Map<string, number>();
  for (const text of corpus) for (const w of new Set(tokens(text))) df.set(w, (df.get(w) ?? 0) + 1);
  const n = Math.max(corpus.length, 1);
  const vectorOf = (text: string): Vector => {
    const v: Vector = new Map();
    for (const w of tokens(text)) v.set(w, (v.get(w) ?? 0) + Math.log((n + 1) / ((df.get(w) ?? 0) + 1)) + 1);
    return v;
  };
  const clusters: { members: string[]; centroid: Vector; uses: Map<string, number> }[] = [];
  const countUses = (uses: Map<string, number>, text: string) => { for (const w of new Set(tokens(text))) uses.set(w, (uses.get(w) ?? 0) + 1); };
  for (const t of texts) {
    const v = vectorOf(t.text);
    let best: { cluster: (typeof clusters)[number]; score: number } | undefined;
    for (const cluster of clusters) {
      const score = cosine(v, cluster.centroid);
      if (score >= threshold && (!best || score > best.score)) best = { cluster, score };
    }
    if (best) {
      best.cluster.members.push(t.id);
      for (const [k, x] of v) best.cluster.centroid.set(k, (best.cluster.centroid.get(k) ?? 0) + x);
      countUses(best.cluster.uses, t.text);
    } else {
      const uses = new Map<string, number>();
      countUses(uses, t.text);
      clusters.push({ members: [t.id], centroid: new Map(v), uses });
    }
  }
  return clusters.map((c) => ({
    members: c.members,
    // Words more members use first, then the rarer (weightier) ones: the label says what the learners share.
    terms: [...c.centroid.entries()].sort((a, b) => (c.uses.get(b[0]) ?? 0) - (c.uses.get(a[0]) ?? 0) || b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 4).map(([w]) => w),
  }));
}
