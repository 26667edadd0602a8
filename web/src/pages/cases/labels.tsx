import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api, call } from '../../api/client';
import type { ResponseOf, RowOf } from '../../api/types';
import { useI18n, useT, type MessageKey } from '../../i18n';

export type CaseRow = RowOf<'/api/v1/cases'>;
export type CaseDetail = ResponseOf<'/api/v1/cases/{id}'>;
export type CaseStatus = CaseRow['status'];
export type Tier = CaseRow['tier'];
export type Channel = CaseRow['channel'];
export type Action = CaseDetail['actions'][number];

export const STATUSES: CaseStatus[] = ['submitted', 'accepted', 'rejected', 'merged', 'dispatched', 'handling', 'replied', 'closed', 'rated'];
export const TIERS: Tier[] = ['routine', 'joint', 'tough'];
export const CHANNELS: Channel[] = ['visit', 'hotline', 'mailbox', 'resident_talk', 'h5', 'grid_report', 'hotline_12345', 'open311', 'meeting'];
/** What staff record on a resident's behalf; the QR page and the 12345 import come in by themselves. */
export const STAFF_CHANNELS: Channel[] = ['visit', 'hotline', 'mailbox', 'resident_talk', 'grid_report', 'meeting'];

const STATUS_COLORS: Record<CaseStatus, string> = {
  submitted: 'gold',
  accepted: 'blue',
  rejected: 'default',
  merged: 'default',
  dispatched: 'geekblue',
  handling: 'processing',
  replied: 'cyan',
  closed: 'success',
  rated: 'green',
};
const TIER_COLORS: Record<Tier, string> = { routine: 'green', joint: 'orange', tough: 'red' };

/** Looks a key up and falls back to the server's own word when the catalogue lacks it. */
export function useLabel() {
  const t = useT();
  return (key: string, fallback?: string) => {
    const text = t(key as MessageKey);
    return text === key ? (fallback ?? key) : text;
  };
}

export function StatusTag({ status }: { status: CaseStatus }) {
  const label = useLabel();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="case-status" style={{ marginInlineEnd: 0 }}>
      {label(`status.${status}`)}
    </Tag>
  );
}

export function TierTag({ tier }: { tier: Tier }) {
  const label = useLabel();
  return (
    <Tag color={TIER_COLORS[tier]} data-testid="case-tier" style={{ marginInlineEnd: 0 }}>
      {label(`tier.${tier}`)}
    </Tag>
  );
}

export function enumOptions<T extends string>(values: readonly T[], prefix: string, label: (key: string) => string) {
  return values.map((value) => ({ value, label: label(`${prefix}.${value}`) }));
}

export interface Category {
  value: string;
  label: string;
}

/** Case categories from the dictionary (诉求分类), in the UI language. */
export function useCategories(includeDisabled = false): Category[] {
  const { language } = useI18n();
  const [items, setItems] = useState<RowOf<'/api/v1/dicts/{type}/items'>[]>([]);
  useEffect(() => {
    let live = true;
    call(api.GET('/api/v1/dicts/{type}/items', { params: { path: { type: 'case_category' }, query: { includeDisabled } } }))
      .then((page) => live && setItems(page.data))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [includeDisabled]);
  return items.map((i) => ({ value: i.code, label: language === 'en-US' && i.labelEn ? i.labelEn : i.label }));
}

/** Tells the header badge that pending work may have changed (after any action). */
export function pendingChanged() {
  window.dispatchEvent(new Event('gz:pending-changed'));
}
