import { Spin, Tag, TreeSelect, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, call } from '../api/client';
import type { QueryOf, RowOf } from '../api/types';
import { useT, type MessageKey, type Translate } from '../i18n';
import { useReportError } from './errors';

export type SearchHit = RowOf<'/api/v1/territory/search'>;
type Level = NonNullable<QueryOf<'/api/v1/territory/search'>['level']>;

const LEVEL_COLORS: Record<string, string> = {
  city: 'magenta',
  district: 'volcano',
  street: 'orange',
  community: 'gold',
  grid: 'green',
  compound: 'cyan',
  building: 'blue',
};

/** The word for a territory level in the UI language; unknown levels show their code. */
export function levelLabel(t: Translate, level: string | null | undefined): string {
  if (!level) return '';
  const key = `level.${level}` as MessageKey;
  const text = t(key);
  return text === key ? level : text;
}

export function LevelTag({ level }: { level: string }) {
  const t = useT();
  return (
    <Tag color={LEVEL_COLORS[level] ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {levelLabel(t, level)}
    </Tag>
  );
}

/**
 * What a community creates below a node (architecture.md, "Territory"):
 * grids under communities, compounds under grids, buildings under compounds
 * or grids. The server enforces it; the form only offers what can succeed.
 */
export const CHILD_LEVELS: Record<string, string[]> = {
  community: ['grid'],
  grid: ['compound', 'building'],
  compound: ['building'],
};

/** Boundaries are drawn for areas someone is responsible for, not single buildings. */
export const BOUNDARY_LEVELS = new Set(['community', 'grid', 'compound']);

/** Levels below community: created, renamed and moved by community staff. */
export const MANAGED_LEVELS = new Set(['grid', 'compound', 'building']);

export interface TerritoryOption {
  value: number;
  label: string;
}

interface PickerNode {
  value: number;
  title: React.ReactNode;
  /** Shown in the box once picked: the full path. */
  label: string;
  isLeaf: boolean;
  disabled?: boolean;
  selectable?: boolean;
  children?: PickerNode[];
  hit?: SearchHit;
}

interface TerritorySelectProps {
  value?: number | null;
  onChange?: (value: number | null, hit?: SearchHit) => void;
  /** Only nodes of these levels can be picked (others can still be opened). */
  levels?: readonly string[] | null;
  /** Label for an initial value (e.g. the record's current territory). */
  initialOption?: TerritoryOption | null;
  /** Nodes that may not be picked (e.g. the node being moved, its current parent). */
  exclude?: readonly number[];
  placeholder?: string;
  disabled?: boolean;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

type Summary = { id: number; name: string; level: string; childCount: number; code: string | null };

/**
 * Picks one territory node. Opened empty it is the tree of my scope, loaded
 * level by level (GET /territory/roots, /territory/nodes?parentId); typing 2+
 * Chinese characters or a code prefix searches (GET /territory/search) and
 * lists the hits with their full paths.
 */
export function TerritorySelect({
  value,
  onChange,
  levels,
  initialOption,
  exclude,
  placeholder,
  disabled,
  allowClear = true,
  style,
  'data-testid': testId,
}: TerritorySelectProps) {
  const t = useT();
  const report = useReportError();
  const [tree, setTree] = useState<PickerNode[] | null>(null);
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [searchText, setSearchText] = useState('');
  const [loading, setLoading] = useState(false);
  const [picked, setPicked] = useState<TerritoryOption | null>(initialOption ?? null);
  const timer = useRef<number | undefined>(undefined);
  const seq = useRef(0);

  useEffect(() => () => window.clearTimeout(timer.current), []);
  useEffect(() => {
    if (initialOption) setPicked(initialOption);
  }, [initialOption]);

  const pickable = useCallback(
    (level: string, id: number) => (!levels || levels.includes(level)) && !exclude?.includes(id),
    [levels, exclude],
  );

  const toNode = useCallback(
    (n: Summary, parentLabel: string): PickerNode => {
      const label = parentLabel ? `${parentLabel}/${n.name}` : n.name;
      const ok = pickable(n.level, n.id);
      return {
        value: n.id,
        label,
        isLeaf: n.childCount === 0,
        selectable: ok,
        disabled: !ok && n.childCount === 0,
        title: (
          <span style={ok ? undefined : { color: 'rgba(0,0,0,0.45)' }}>
            <LevelTag level={n.level} /> {n.name}
          </span>
        ),
      };
    },
    [pickable],
  );

  const loadRoots = useCallback(async () => {
    if (tree) return;
    try {
      const roots = await call(api.GET('/api/v1/territory/roots'));
      setTree(roots.map((r) => toNode(r, '')));
    } catch (error) {
      setTree([]);
      report(error);
    }
  }, [tree, toNode, report]);

  const loadChildren = async (node: PickerNode) => {
    if (node.children) return;
    try {
      const list = await call(api.GET('/api/v1/territory/nodes', { params: { query: { parentId: node.value } } }));
      const kids = list.map((c) => toNode(c, node.label));
      const attach = (nodes: PickerNode[]): PickerNode[] =>
        nodes.map((n) => (n.value === node.value ? { ...n, children: kids } : n.children ? { ...n, children: attach(n.children) } : n));
      setTree((prev) => (prev ? attach(prev) : prev));
    } catch (error) {
      report(error);
    }
  };

  const search = (q: string) => {
    setSearchText(q);
    window.clearTimeout(timer.current);
    const text = q.trim();
    if (!text) {
      setHits(null);
      return;
    }
    if (text.length < 2 && !/^\d+$/.test(text)) return;
    timer.current = window.setTimeout(async () => {
      const mine = ++seq.current;
      setLoading(true);
      try {
        const level = levels && levels.length === 1 ? (levels[0] as Level) : undefined;
        const page = await call(api.GET('/api/v1/territory/search', { params: { query: { q: text, pageSize: 50, ...(level ? { level } : {}) } } }));
        if (mine === seq.current) setHits(page.data);
      } catch (error) {
        if (mine === seq.current) {
          setHits([]);
          report(error);
        }
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    }, 250);
  };

  const searching = searchText.trim().length > 0;
  const treeData = useMemo<PickerNode[]>(() => {
    if (!searching) return tree ?? [];
    return (hits ?? [])
      .filter((h) => pickable(h.level, h.id))
      .map((h) => ({
        value: h.id,
        label: h.fullName,
        isLeaf: true,
        hit: h,
        title: (
          <span>
            <LevelTag level={h.level} /> {h.fullName}
            {h.code ? (
              <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
                {h.code}
              </Typography.Text>
            ) : null}
          </span>
        ),
      }));
  }, [searching, tree, hits, pickable]);

  const findNode = (id: number, nodes: PickerNode[]): PickerNode | undefined => {
    for (const n of nodes) {
      if (n.value === id) return n;
      const inner = n.children ? findNode(id, n.children) : undefined;
      if (inner) return inner;
    }
    return undefined;
  };

  return (
    <TreeSelect<{ value: number; label: React.ReactNode } | undefined>
      showSearch
      labelInValue
      allowClear={allowClear}
      disabled={disabled}
      value={value ? { value, label: picked?.value === value ? picked.label : (findNode(value, tree ?? [])?.label ?? String(value)) } : undefined}
      placeholder={placeholder ?? t('territory.searchSelect')}
      searchValue={searchText}
      onSearch={search}
      filterTreeNode={false}
      treeNodeLabelProp="label"
      treeData={treeData}
      loadData={searching ? undefined : (node) => loadChildren(node as unknown as PickerNode)}
      onOpenChange={(open) => {
        if (open) void loadRoots();
      }}
      notFoundContent={
        loading || (!searching && tree === null) ? <Spin size="small" /> : <Typography.Text type="secondary">{t('territory.searchHint')}</Typography.Text>
      }
      style={{ width: '100%', ...style }}
      popupMatchSelectWidth
      listHeight={320}
      data-testid={testId}
      onChange={(next) => {
        setSearchText('');
        setHits(null);
        if (!next) {
          setPicked(null);
          onChange?.(null);
          return;
        }
        const node = searching ? treeData.find((n) => n.value === next.value) : findNode(next.value, tree ?? []);
        const label = node?.label ?? String(next.label ?? next.value);
        setPicked({ value: next.value, label });
        onChange?.(next.value, node?.hit);
      }}
    />
  );
}
