import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/**
 * Printable documents (聘书, 会议纪要, reports) as PDF with Chinese text. The font is
 * Noto Sans SC from npm (@expo-google-fonts/noto-sans-sc ships whole TTF files; the
 * web-font packages only ship unicode-range slices), so no system font is assumed.
 * pdfkit embeds only the glyphs a document uses: a certificate is ~10 KB.
 */
export type PdfBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; align?: 'left' | 'center' | 'right' | 'justify'; indent?: boolean }
  | { kind: 'fields'; rows: [label: string, value: string][] }
  | { kind: 'table'; columns: { title: string; width: number }[]; rows: string[][] }
  | { kind: 'space'; lines: number }
  /** Starts a new page: a batch of certificates prints one per sheet. */
  | { kind: 'page' };

export interface PdfOptions {
  /** The document's title in its metadata. */
  title: string;
  size?: 'A4' | 'A5';
  landscape?: boolean;
  blocks: PdfBlock[];
  /** Printed at the foot of every page, e.g. the issuing committee. */
  footer?: string;
}

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;

/** Read once per process: 10 MB each, parsed by fontkit per document in ~40 ms. */
function loadFonts(): { regular: Buffer; bold: Buffer } {
  if (!fonts) {
    const dir = (weight: string) => require.resolve(`@expo-google-fonts/noto-sans-sc/${weight}/NotoSansSC_${weight}.ttf`);
    fonts = { regular: fs.readFileSync(dir('400Regular')), bold: fs.readFileSync(dir('700Bold')) };
  }
  return fonts;
}

export function renderPdf(options: PdfOptions): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: options.size ?? 'A4',
    layout: options.landscape ? 'landscape' : 'portrait',
    margin: 56,
    info: { Title: options.title, Producer: 'Gongzhi 共治' },
    bufferPages: true,
  });
  doc.registerFont('zh', regular);
  doc.registerFont('zh-bold', bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const block of options.blocks) drawBlock(doc, block);
  if (options.footer) drawFooter(doc, options.footer);
  doc.end();
  return done;
}

function drawBlock(doc: PDFKit.PDFDocument, block: PdfBlock): void {
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  switch (block.kind) {
    case 'title':
      doc.font('zh-bold').fontSize(26).text(block.text, { align: 'center', characterSpacing: 6 }).moveDown(1);
      return;
    case 'heading':
      doc.font('zh-bold').fontSize(15).text(block.text).moveDown(0.4);
      return;
    case 'paragraph':
      // Chinese paragraphs open with a two-character indent (首行缩进两字).
      doc.font('zh').fontSize(13).text(block.text, { align: block.align ?? 'justify', indent: block.indent ? 26 : 0, lineGap: 6 }).moveDown(0.5);
      return;
    case 'fields':
      for (const [label, value] of block.rows) {
        doc.font('zh-bold').fontSize(12).text(`${label}：`, { continued: true }).font('zh').text(value || '—', { lineGap: 4 });
      }
      doc.moveDown(0.5);
      return;
    case 'table':
      drawTable(doc, block.columns, block.rows, width);
      return;
    case 'space':
      doc.moveDown(block.lines);
      return;
    case 'page':
      doc.addPage();
      return;
  }
}

function drawTable(doc: PDFKit.PDFDocument, columns: { title: string; width: number }[], rows: string[][], width: number): void {
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * width);
  const left = doc.page.margins.left;
  const drawRow = (cells: string[], header: boolean) => {
    doc.font(header ? 'zh-bold' : 'zh').fontSize(11);
    const cellWidth = (i: number) => (widths[i] ?? 0) - 8;
    const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: cellWidth(i) }))) + 8;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      doc.rect(x, top, cellWidth(i) + 8, height).stroke('#999999');
      doc.fillColor('#000000').text(cell || ' ', x + 4, top + 4, { width: cellWidth(i) });
      x += cellWidth(i) + 8;
    });
    doc.x = left;
    doc.y = top + height;
  };
  drawRow(columns.map((c) => c.title), true);
  for (const row of rows) drawRow(row, false);
  doc.moveDown(0.8);
}

function drawFooter(doc: PDFKit.PDFDocument, footer: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('zh').fontSize(9).fillColor('#666666')
      .text(`${footer}  第 ${i + 1} / ${range.count} 页`, doc.page.margins.left, doc.page.height - 36, { align: 'center', width: doc.page.width - doc.page.margins.left - doc.page.margins.right });
    doc.page.margins.bottom = bottom;
  }
}
