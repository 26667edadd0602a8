import { extractText, getDocumentProxy } from 'unpdf';

/** The text of a PDF, pages joined, whitespace squeezed: what a test asserts a document says. */
export async function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: true });
  return text.replace(/\s+/g, '');
}
