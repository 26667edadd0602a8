import { describe, expect, it } from 'vitest';
import { pdfText } from '../../test/pdf-text.js';
import { renderPdf } from './pdf.js';

describe('renderPdf', () => {
  it('writes Chinese text that a reader extracts back, across pages, with the footer', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => [`${i + 1}`, `委员${i + 1}`, '畅家巷社区']);
    const pdf = await renderPdf({
      title: '聘书',
      footer: '酒泉路街道畅家巷社区社工委',
      blocks: [
        { kind: 'title', text: '聘书' },
        { kind: 'paragraph', text: '兹聘请张三同志为畅家巷社区社区建设工作委员会副主任。', indent: true },
        { kind: 'fields', rows: [['任期', '2026年12月—2027年12月']] },
        { kind: 'table', columns: [{ title: '序号', width: 1 }, { title: '姓名', width: 2 }, { title: '社区', width: 3 }], rows },
      ],
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('兹聘请张三同志为畅家巷社区社区建设工作委员会副主任。');
    expect(text).toContain('任期：2026年12月—2027年12月');
    expect(text).toContain('委员60');
    expect(text).toMatch(/第2\/\d页/);
  });
});
