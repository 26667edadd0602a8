import { renderPdf, type PdfBlock } from '../../platform/pdf.js';
import type { MemberRole } from '../committees/tables.js';

/** What a 聘书 says: 主任, 副主任, or 委员 (常任/轮值). */
const ROLE_ON_CERTIFICATE: Record<MemberRole, string> = {
  director: '主任',
  deputy_director: '副主任',
  standing: '委员（常任）',
  rotating: '委员（轮值）',
};

export interface Certificate {
  name: string;
  role: MemberRole;
  committeeName: string;
  termStart: string;
  termEnd: string | null;
  certificateNo: string;
}

/** 2026-12-02 → 2026年12月2日 */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function blocks(c: Certificate): PdfBlock[] {
  const term = c.termEnd ? `${chineseDate(c.termStart)}至${chineseDate(c.termEnd)}` : `自${chineseDate(c.termStart)}起，至本届社工委任期届满`;
  return [
    { kind: 'space', lines: 2 },
    { kind: 'title', text: '聘书' },
    { kind: 'space', lines: 1 },
    { kind: 'paragraph', text: `兹聘任 ${c.name} 同志为${c.committeeName}${ROLE_ON_CERTIFICATE[c.role]}。`, indent: true },
    { kind: 'paragraph', text: `任期：${term}。`, indent: true },
    { kind: 'space', lines: 3 },
    { kind: 'paragraph', text: c.committeeName, align: 'right' },
    { kind: 'paragraph', text: chineseDate(c.termStart), align: 'right' },
    { kind: 'space', lines: 2 },
    { kind: 'paragraph', text: `聘书编号：${c.certificateNo}`, align: 'left' },
  ];
}

/** One certificate per A5 landscape sheet; several make a batch to print at once. */
export function renderCertificates(certificates: Certificate[], title: string): Promise<Buffer> {
  return renderPdf({
    title,
    size: 'A5',
    landscape: true,
    blocks: certificates.flatMap((c, i) => (i === 0 ? blocks(c) : [{ kind: 'page' } as const, ...blocks(c)])),
  });
}
