import type { ParsedBlock, ParsedDocument } from '@tutorgraph/core';
import { UnrecoverableJobError } from '@tutorgraph/core/errors';
import { XMLParser } from 'fast-xml-parser';
import type JSZip from 'jszip';
import { type ZipLimits, openZipSafely, readZipText } from './zip-guard.js';

type XmlNode = Record<string, unknown>;

const xml = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: false, preserveOrder: false,
  // Repeated elements always as arrays, so one shape fits slides with one or many shapes/paragraphs/runs.
  isArray: (name) => ['p:sp', 'p:grpSp', 'p:graphicFrame', 'a:p', 'a:r', 'a:fld', 'a:br', 'Relationship', 'p:sldId', 'a:tr', 'a:tc'].includes(name),
  processEntities: true,
  htmlEntities: true,
});

/** Template prompts PowerPoint shows in empty placeholders; never course content. */
const PLACEHOLDER_PROMPTS = /^(click to (edit|add)\b.*|(second|third|fourth|fifth) level|edit master (title|text) styles?)$/i;

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function textOf(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '#text' in value) return String((value as XmlNode)['#text']);
  return '';
}

/** The paragraphs of a text body, each the concatenation of its runs and fields. */
function paragraphsOf(txBody: XmlNode | undefined): string[] {
  return asArray(txBody?.['a:p'] as XmlNode[] | undefined)
    .map((p) => [...asArray(p['a:r'] as XmlNode[]), ...asArray(p['a:fld'] as XmlNode[])].map((r) => textOf(r['a:t'])).join(''))
    .map((t) => t.replace(/\s+/g, ' ').trim())
    .filter((t) => t && !PLACEHOLDER_PROMPTS.test(t));
}

interface Shape { placeholder: string | undefined; paragraphs: string[] }

/** All text shapes of a shape tree in document order, descending into groups and tables. */
function shapesOf(tree: XmlNode | undefined): Shape[] {
  if (!tree) return [];
  const shapes: Shape[] = [];
  for (const sp of asArray(tree['p:sp'] as XmlNode[])) {
    const ph = ((sp['p:nvSpPr'] as XmlNode | undefined)?.['p:nvPr'] as XmlNode | undefined)?.['p:ph'] as XmlNode | undefined;
    const placeholder = ph ? String(ph['@_type'] ?? 'body') : undefined;
    shapes.push({ placeholder, paragraphs: paragraphsOf(sp['p:txBody'] as XmlNode | undefined) });
  }
  for (const frame of asArray(tree['p:graphicFrame'] as XmlNode[])) {
    const table = ((frame['a:graphic'] as XmlNode | undefined)?.['a:graphicData'] as XmlNode | undefined)?.['a:tbl'] as XmlNode | undefined;
    const rows = asArray(table?.['a:tr'] as XmlNode[]).map((tr) => asArray(tr['a:tc'] as XmlNode[]).map((tc) => paragraphsOf(tc['a:txBody'] as XmlNode).join(' ')).join(' | '));
    if (rows.length > 0) shapes.push({ placeholder: 'table', paragraphs: rows });
  }
  for (const group of asArray(tree['p:grpSp'] as XmlNode[])) shapes.push(...shapesOf(group));
  return shapes;
}

function spTree(doc: XmlNode, root: string): XmlNode | undefined {
  return ((doc[root] as XmlNode | undefined)?.['p:cSld'] as XmlNode | undefined)?.['p:spTree'] as XmlNode | undefined;
}

/** Relationship id → absolute part path, for the part at `partPath`. */
async function relationships(zip: JSZip, partPath: string): Promise<Map<string, { type: string; target: string }>> {
  const dir = partPath.slice(0, partPath.lastIndexOf('/'));
  const relsPath = `${dir}/_rels/${partPath.slice(dir.length + 1)}.rels`;
  const source = await readZipText(zip, relsPath);
  const map = new Map<string, { type: string; target: string }>();
  if (!source) return map;
  const rels = asArray(((xml.parse(source) as XmlNode).Relationships as XmlNode | undefined)?.Relationship as XmlNode[]);
  for (const rel of rels) {
    const target = String(rel['@_Target'] ?? '');
    const resolved = target.startsWith('/') ? target.slice(1) : normalisePath(`${dir}/${target}`);
    map.set(String(rel['@_Id']), { type: String(rel['@_Type'] ?? ''), target: resolved });
  }
  return map;
}

function normalisePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part && part !== '.') out.push(part);
  }
  return out.join('/');
}

/**
 * PPTX from its OOXML parts: slides in presentation order (`p:sldIdLst` → relationships), each slide's
 * title (title placeholder, else its first short line) as a heading, body text as list items, and the
 * speaker notes as `notes` blocks of the same slide. Slide-master and layout parts are never read, and
 * template prompts ("Click to edit Master title style") are dropped wherever they appear.
 *
 * @example
 * const deck = await parsePptx(bytes); deck.slideCount; // → 31
 */
export async function parsePptx(bytes: Uint8Array, limits?: ZipLimits): Promise<ParsedDocument> {
  const zip = await openZipSafely(bytes, 'PowerPoint', limits);
  const presentationXml = await readZipText(zip, 'ppt/presentation.xml');
  if (!presentationXml) throw new UnrecoverableJobError('The PowerPoint file has no presentation part.', 'CORRUPT');
  let presentation: XmlNode;
  try {
    presentation = xml.parse(presentationXml) as XmlNode;
  } catch (error) {
    throw new UnrecoverableJobError('The PowerPoint file is corrupt.', 'CORRUPT', { cause: error });
  }
  const rels = await relationships(zip, 'ppt/presentation.xml');
  const slideIds = asArray((((presentation['p:presentation'] as XmlNode | undefined)?.['p:sldIdLst'] as XmlNode | undefined)?.['p:sldId']) as XmlNode[]);
  const slidePaths = slideIds.map((s) => rels.get(String(s['@_r:id']))?.target).filter((p): p is string => Boolean(p));

  const blocks: ParsedBlock[] = [];
  let deckTitle: string | undefined;
  for (const [i, slidePath] of slidePaths.entries()) {
    const slide = i + 1;
    const source = await readZipText(zip, slidePath);
    if (!source) continue;
    const shapes = shapesOf(spTree(xml.parse(source) as XmlNode, 'p:sld'));
    const titleShape = shapes.find((s) => s.placeholder === 'title' || s.placeholder === 'ctrTitle');
    const bodyShapes = shapes.filter((s) => s !== titleShape && !['sldNum', 'dt', 'ftr', 'hdr'].includes(s.placeholder ?? ''));
    let title = titleShape?.paragraphs.join(' ');
    if (!title) {
      const first = bodyShapes.flatMap((s) => s.paragraphs)[0];
      if (first && first.length <= 100) title = first;
    }
    deckTitle ??= title;
    blocks.push({ kind: 'heading', level: 1, text: title ? title : `Slide ${slide}`, slide });
    for (const shape of bodyShapes) {
      for (const paragraph of shape.paragraphs) {
        if (paragraph === title) continue;
        blocks.push({ kind: shape.placeholder === 'table' ? 'table' : 'list_item', text: paragraph, slide });
      }
    }
    const notesPath = [...(await relationships(zip, slidePath)).values()].find((r) => r.type.endsWith('/notesSlide'))?.target;
    const notesSource = notesPath ? await readZipText(zip, notesPath) : undefined;
    if (notesSource) {
      const noteShapes = shapesOf(spTree(xml.parse(notesSource) as XmlNode, 'p:notes')).filter((s) => s.placeholder === 'body');
      const notes = noteShapes.flatMap((s) => s.paragraphs).join('\n');
      if (notes) blocks.push({ kind: 'notes', text: notes, slide });
    }
  }
  return { format: 'pptx', title: deckTitle, blocks, slideCount: slidePaths.length };
}
