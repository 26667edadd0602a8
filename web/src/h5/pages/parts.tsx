import type { Attachment } from '../api';

const TONE: Record<string, string> = {
  submitted: 'waiting',
  accepted: 'working',
  dispatched: 'working',
  handling: 'working',
  replied: 'working',
  closed: 'done',
  rated: 'done',
  rejected: 'stopped',
  merged: 'stopped',
};

export function Status({ status, name }: { status: string; name: string }) {
  return <span className={`status ${TONE[status] ?? ''}`}>{name}</span>;
}

/** Beijing time, as residents read it: 12月1日 14:05. */
const BEIJING = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
export function when(iso: string): string {
  const part = Object.fromEntries(BEIJING.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${part.month}月${part.day}日 ${part.hour}:${part.minute}`;
}

export function Photos({ items }: { items: Attachment[] }) {
  if (items.length === 0) return null;
  return (
    <div className="photos">
      {items.map((a) => (
        <a key={a.id} className="photo" href={a.url} target="_blank" rel="noreferrer">
          <img src={a.thumbnailUrl} alt={a.name} loading="lazy" />
        </a>
      ))}
    </div>
  );
}
