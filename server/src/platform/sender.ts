import type { Kysely } from 'kysely';
import type { DB } from './db/schema.js';
import { maskPhone } from './personal.js';

/** A text message to a resident's phone: a verification code or a step of their case. */
export interface OutgoingMessage {
  to: string;
  /** 'resident.code', 'case.accepted', …: what the message is about, for operators and statistics. */
  kind: string;
  text: string;
}

export interface SenderLogger {
  info(obj: object, msg: string): void;
}

/**
 * Delivers messages to residents. `send` runs inside the transaction of the
 * step that causes the message, so a rolled-back step sends nothing; a sender
 * that talks to an SMS gateway must therefore record the message there and
 * deliver it after commit (a job reading outbox_message), never block on the
 * network inside the transaction.
 */
export interface MessageSender {
  readonly name: string;
  send(db: Kysely<DB>, message: OutgoingMessage): Promise<void>;
}

/**
 * The default sender: keeps every message in outbox_message and logs only that
 * a message went out (its id and kind) — never the number or the text, which
 * may hold a verification code. In embedded and demo mode the outbox is where
 * an operator reads codes (GET /api/v1/outbox, or the table itself).
 */
export function outboxSender(log?: SenderLogger): MessageSender {
  return {
    name: 'outbox',
    async send(db, message) {
      const row = await db
        .insertInto('outbox_message')
        .values({ recipient: message.to, kind: message.kind, body: message.text, sender: 'outbox' })
        .returning('id')
        .executeTakeFirstOrThrow();
      log?.info({ outboxId: row.id, kind: message.kind }, 'message queued in the outbox');
    },
  };
}

let current: MessageSender = outboxSender();

/** The sender the server was configured with (app.ts installs it at start-up). */
export function sender(): MessageSender {
  return current;
}

export function useSender(next: MessageSender): void {
  current = next;
}

export function senderFor(name: string, log?: SenderLogger): MessageSender {
  if (name === 'outbox') return outboxSender(log);
  throw new Error(`GONGZHI_SENDER: unknown sender "${name}" (available: outbox)`);
}

/** What operators see of the outbox: the number masked unless they asked for one phone's messages. */
export async function readOutbox(db: Kysely<DB>, q: { phone?: string; current: number; pageSize: number }) {
  let base = db.selectFrom('outbox_message');
  if (q.phone) base = base.where('recipient', '=', q.phone);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('id', 'desc').limit(q.pageSize).offset((q.current - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    data: rows.map((r) => ({
      id: r.id,
      to: q.phone ? r.recipient : maskPhone(r.recipient)!,
      kind: r.kind,
      text: r.body,
      sender: r.sender,
      createdAt: r.created_at.toISOString(),
    })),
    total: Number(total.n),
    current: q.current,
    pageSize: q.pageSize,
  };
}
