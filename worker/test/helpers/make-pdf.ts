import { randomBytes } from 'node:crypto';

/** One line of text on a page, at a font size (points). */
export interface PdfLine { text: string; size?: number }

export interface MakePdfOptions {
  /** Adds a standard-security /Encrypt dictionary whose user password is not empty, so readers must ask for one. */
  isEncrypted?: boolean;
  title?: string;
}

const escape = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)');

/**
 * Writes a small, valid PDF (Helvetica text, one content stream per page) for tests: page counts,
 * running headers/footers, headings by font size, an encrypted file. Offsets in the xref table are exact.
 *
 * @example
 * const bytes = makePdf([[{ text: 'Title', size: 18 }, { text: 'Body text.' }]]);
 */
export function makePdf(pages: PdfLine[][], options: MakePdfOptions = {}): Uint8Array {
  const objects: string[] = [];
  const add = (body: string): number => { objects.push(body); return objects.length; };
  const catalog = add('');
  const pagesId = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const pageIds: number[] = [];
  for (const lines of pages) {
    let y = 760;
    const ops = ['BT'];
    for (const line of lines) {
      const size = line.size ?? 11;
      y -= size * 1.4;
      ops.push(`/F1 ${size} Tf 1 0 0 1 56 ${y.toFixed(1)} Tm (${escape(line.text)}) Tj`);
    }
    ops.push('ET');
    const stream = ops.join('\n');
    const content = add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    pageIds.push(add(`<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`));
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R >>`;
  objects[pagesId - 1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  const info = options.title ? add(`<< /Title (${escape(options.title)}) >>`) : undefined;
  const encrypt = options.isEncrypted
    ? add(`<< /Filter /Standard /V 1 /R 2 /O <${randomBytes(32).toString('hex')}> /U <${randomBytes(32).toString('hex')}> /P -44 >>`)
    : undefined;

  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  const id = randomBytes(16).toString('hex');
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${info ? ` /Info ${info} 0 R` : ''}${encrypt ? ` /Encrypt ${encrypt} 0 R` : ''} /ID [<${id}> <${id}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/**
 * A lecture-notes style PDF of `pageCount` pages: a running header and a page-number footer on every
 * page, a heading per page and a few sentences of body text.
 *
 * @example
 * const bytes = makeLecturePdf(10);
 */
export function makeLecturePdf(pageCount: number): Uint8Array {
  const pages: PdfLine[][] = [];
  for (let page = 1; page <= pageCount; page += 1) {
    pages.push([
      { text: 'PSY 101 Lecture Notes - Spring Term', size: 9 },
      { text: `Section ${page}: Memory topic ${page}`, size: 16 },
      { text: `Encoding is the first stage of memory number ${page}. Information is taken in and changed into a form` },
      { text: `the brain can store. Rehearsal keeps items in short-term memory for longer periods of time.` },
      { text: `Retrieval brings stored information back into awareness when a cue matches page ${page}.` },
      { text: `Page ${page} of ${pageCount}`, size: 9 },
    ]);
  }
  return makePdf(pages, { title: 'PSY 101 Lecture Notes' });
}
