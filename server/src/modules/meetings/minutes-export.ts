import { beijingTime } from '../../platform/excel.js';
import { renderPdf, type PdfBlock } from '../../platform/pdf.js';
import type { getMeeting } from './service.js';
import { CHOICE_LABELS } from './workflow.js';

type Detail = Awaited<ReturnType<typeof getMeeting>>;

const attendance = (m: Detail) => {
  const present = m.invitees.filter((i) => i.signedInAt);
  const absent = m.invitees.filter((i) => i.voting && !i.signedInAt);
  return { present: present.map((i) => i.name).join('、') || '无', absent: absent.map((i) => i.name).join('、') || '无' };
};

const tally = (r: NonNullable<Detail['agenda'][number]['resolution']>) => `赞成 ${r.votesFor} 票，反对 ${r.votesAgainst} 票，弃权 ${r.votesAbstain} 票（${r.statusName}）`;

/** 会议纪要 as PDF: the head, attendance and quorum, then per agenda item minutes, addenda and resolution. */
export function minutesPdf(m: Detail): Promise<Buffer> {
  const a = attendance(m);
  const blocks: PdfBlock[] = [
    { kind: 'title', text: `${m.title} 会议纪要` },
    {
      kind: 'fields',
      rows: [
        ['会议类型', m.typeName],
        ['时间', beijingTime(m.startsAt)],
        ['地点', m.place],
        ['召集人', m.convener],
        ['出席', a.present],
        ['缺席', a.absent],
        ['法定人数', `应到表决委员 ${m.quorum.voting} 人，实到 ${m.quorum.present} 人，须 ${m.quorum.needed} 人${m.quorum.reached ? '（已达到）' : '（未达到）'}`],
      ],
    },
  ];
  m.agenda.forEach((item, i) => {
    blocks.push({ kind: 'heading', text: `议题${i + 1}：${item.topicTitle}` });
    blocks.push({ kind: 'paragraph', text: item.minutes || '（无纪要）', indent: true });
    for (const d of item.addenda) blocks.push({ kind: 'paragraph', text: `补充说明（${d.actorName ?? ''}，${beijingTime(d.at)}）：${d.text}`, indent: true });
    const r = item.resolution;
    if (r) {
      blocks.push({ kind: 'paragraph', text: `决议：${r.text}`, indent: true });
      blocks.push({ kind: 'paragraph', text: `表决结果：${tally(r)}；落实方式：${r.outcomeName}`, indent: true });
      if (r.votes.length > 0) blocks.push({ kind: 'table', columns: [{ title: '委员', width: 2 }, { title: '表决', width: 1 }, { title: '记录时间', width: 2 }], rows: r.votes.map((v) => [v.name, CHOICE_LABELS[v.choice], beijingTime(v.at)]) });
    }
  });
  return renderPdf({ title: `${m.title} 会议纪要`, blocks, footer: m.communityName });
}

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The same minutes as an HTML document Word opens (saved as .doc): inline styles, a table per vote. */
export function minutesHtml(m: Detail): string {
  const a = attendance(m);
  const items = m.agenda
    .map((item, i) => {
      const r = item.resolution;
      const votes = r?.votes.length
        ? `<table border="1" cellspacing="0" cellpadding="4"><tr><th>委员</th><th>表决</th><th>记录时间</th></tr>${r.votes.map((v) => `<tr><td>${esc(v.name)}</td><td>${CHOICE_LABELS[v.choice]}</td><td>${esc(beijingTime(v.at))}</td></tr>`).join('')}</table>`
        : '';
      return [
        `<h2>议题${i + 1}：${esc(item.topicTitle)}</h2>`,
        `<p>${esc(item.minutes || '（无纪要）')}</p>`,
        ...item.addenda.map((d) => `<p><i>补充说明（${esc(d.actorName ?? '')}，${esc(beijingTime(d.at))}）：</i>${esc(d.text)}</p>`),
        r ? `<p><b>决议：</b>${esc(r.text)}</p><p><b>表决结果：</b>${esc(tally(r))}；落实方式：${esc(r.outcomeName)}</p>${votes}` : '',
      ].join('\n');
    })
    .join('\n');
  return `<!DOCTYPE html>
<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" lang="zh-CN">
<head><meta charset="utf-8"><title>${esc(m.title)} 会议纪要</title>
<style>body{font-family:"SimSun","宋体",serif;font-size:12pt;line-height:1.6}h1{text-align:center;font-size:18pt}h2{font-size:14pt}table{border-collapse:collapse}</style></head>
<body>
<h1>${esc(m.title)} 会议纪要</h1>
<p>会议类型：${esc(m.typeName)}<br>时间：${esc(beijingTime(m.startsAt))}<br>地点：${esc(m.place)}<br>召集人：${esc(m.convener)}</p>
<p>出席：${esc(a.present)}<br>缺席：${esc(a.absent)}<br>法定人数：应到表决委员 ${m.quorum.voting} 人，实到 ${m.quorum.present} 人，须 ${m.quorum.needed} 人</p>
${items}
<p style="text-align:right">${esc(m.communityName)}</p>
</body></html>`;
}
