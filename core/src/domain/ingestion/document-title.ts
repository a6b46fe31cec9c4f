/**
 * The title a document gets when the uploader names none: the file name without extension, `_`/`-` as spaces.
 *
 * @example
 * titleFromFileName('03-6-2-classical-conditioning.md'); // → '03 6 2 classical conditioning'
 */
export function titleFromFileName(fileName: string): string {
  return fileName.replace(/\.[a-z0-9]{1,5}$/i, '').replace(/[_-]+/g, ' ').trim().slice(0, 300) || 'Untitled';
}

/**
 * The title to keep after parsing: a title derived from the file name gives way to the one the file states
 * (its first heading or document title), so "03 6 2 classical conditioning" becomes "6.2 Classical
 * Conditioning"; a title the uploader typed is never replaced.
 *
 * @example
 * titleAfterParsing({ title: 'handout', fileName: 'handout.pdf' }, 'Memory: How It Works'); // → 'Memory: How It Works'
 */
export function titleAfterParsing(document: { title: string; fileName: string | null }, parsedTitle: string | undefined): string {
  const stated = parsedTitle?.replace(/\s+/g, ' ').trim().slice(0, 300);
  if (!stated || !document.fileName || document.title !== titleFromFileName(document.fileName)) return document.title;
  return stated;
}
