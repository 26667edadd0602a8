import { ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { PageContainer, ProCard } from '@ant-design/pro-components';
import { App, Button, Empty, Input, List, Space, Spin, Tree, Typography, Upload } from 'antd';
import type { TreeDataNode } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, call, type paths } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { ResponseOf, RowOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { LevelTag } from '../../components/territory';
import { useT } from '../../i18n';
import { ImportErrorsModal, type ImportProblem } from './ImportErrorsModal';
import { NodeDetail } from './NodeDetail';

export type TreeNode = ResponseOf<'/api/v1/territory/nodes'> extends (infer R)[] ? R : never;
export type NodeDetailData = ResponseOf<'/api/v1/territory/nodes/{id}'>;
type SearchHit = RowOf<'/api/v1/territory/search'>;
type ImportBody = NonNullable<paths['/api/v1/territory/import']['post']['requestBody']>['content']['multipart/form-data'];

const TREE_HEIGHT = 620;

/** 辖区管理: the territory tree, loaded level by level, with search, details and upkeep. */
export default function TerritoryPage() {
  const t = useT();
  const { can } = useSession();
  const { message } = App.useApp();
  const report = useReportError();
  const canWrite = can('territory:write');

  const [roots, setRoots] = useState<TreeNode[] | null>(null);
  const [children, setChildren] = useState<Record<number, TreeNode[]>>({});
  const childrenRef = useRef(children);
  childrenRef.current = children;
  const rootsRef = useRef(roots);
  rootsRef.current = roots;
  const [expanded, setExpanded] = useState<React.Key[]>([]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [detail, setDetail] = useState<NodeDetailData | null>(null);
  const [detailLoading, setDetailLoading] = useState(false);
  const treeRef = useRef<React.ComponentRef<typeof Tree>>(null);

  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [hitTotal, setHitTotal] = useState(0);
  const [searching, setSearching] = useState(false);
  const searchTimer = useRef<number | undefined>(undefined);
  const searchSeq = useRef(0);

  const [importing, setImporting] = useState(false);
  const [importProblems, setImportProblems] = useState<ImportProblem[] | null>(null);

  const loadRoots = useCallback(async () => {
    const list = await call(api.GET('/api/v1/territory/roots'));
    setRoots(list);
    return list;
  }, []);

  const loadChildren = useCallback(async (parentId: number) => {
    const list = await call(api.GET('/api/v1/territory/nodes', { params: { query: { parentId } } }));
    childrenRef.current = { ...childrenRef.current, [parentId]: list };
    setChildren((prev) => ({ ...prev, [parentId]: list }));
    return list;
  }, []);

  const loadDetail = useCallback(
    async (id: number) => {
      setDetailLoading(true);
      try {
        const node = await call(api.GET('/api/v1/territory/nodes/{id}', { params: { path: { id } } }));
        setDetail(node);
        return node;
      } catch (error) {
        report(error);
        setDetail(null);
        return null;
      } finally {
        setDetailLoading(false);
      }
    },
    [report],
  );

  useEffect(() => {
    loadRoots()
      .then((list) => {
        // One root (a street, a community): open it and show it straight away.
        if (list.length === 1 && list[0]) {
          const only = list[0];
          setSelectedId(only.id);
          void loadDetail(only.id);
          if (only.childCount > 0)
            void loadChildren(only.id)
              .then(() => setExpanded([String(only.id)]))
              .catch(report);
        }
      })
      .catch((error) => {
        setRoots([]);
        report(error);
      });
  }, [loadRoots, loadChildren, loadDetail, report]);

  const select = useCallback(
    (id: number) => {
      setSelectedId(id);
      void loadDetail(id);
    },
    [loadDetail],
  );

  /** Opens the tree down to a node (loading each level on the way), selects it and scrolls to it. */
  const jumpTo = useCallback(
    async (id: number) => {
      const node = await loadDetail(id);
      setSelectedId(id);
      if (!node) return;
      const chain = [...node.ancestors.map((a) => a.id), id];
      const rootIds = new Set((rootsRef.current ?? []).map((r) => r.id));
      const start = chain.findIndex((c) => rootIds.has(c));
      if (start < 0) return;
      try {
        for (let i = start; i < chain.length - 1; i++) {
          const parent = chain[i]!;
          if (!childrenRef.current[parent]) await loadChildren(parent);
        }
      } catch (error) {
        report(error);
      }
      const open = chain.slice(start, -1).map(String);
      setExpanded((prev) => Array.from(new Set([...prev.map(String), ...open])));
      window.setTimeout(() => treeRef.current?.scrollTo({ key: String(id), align: 'top', offset: 40 }), 120);
    },
    [loadChildren, loadDetail, report],
  );

  /** After a change: re-read the lists that show a node and its parent, and its details. */
  const refreshAround = useCallback(
    async (ids: (number | null | undefined)[]) => {
      const tasks: Promise<unknown>[] = [];
      let rootsDone = false;
      for (const id of ids) {
        if (id == null) {
          if (!rootsDone) tasks.push(loadRoots());
          rootsDone = true;
        } else if (childrenRef.current[id]) {
          tasks.push(loadChildren(id));
        }
      }
      if (!rootsDone) tasks.push(loadRoots());
      await Promise.all(tasks);
    },
    [loadChildren, loadRoots],
  );

  const runSearch = (text: string) => {
    window.clearTimeout(searchTimer.current);
    const q = text.trim();
    if (!q) {
      setHits(null);
      return;
    }
    searchTimer.current = window.setTimeout(async () => {
      const mine = ++searchSeq.current;
      setSearching(true);
      try {
        const page = await call(api.GET('/api/v1/territory/search', { params: { query: { q, pageSize: 50 } } }));
        if (mine !== searchSeq.current) return;
        setHits(page.data);
        setHitTotal(page.total);
      } catch (error) {
        if (mine === searchSeq.current) {
          setHits([]);
          setHitTotal(0);
          if (!(error instanceof ApiError && error.status === 400)) report(error);
        }
      } finally {
        if (mine === searchSeq.current) setSearching(false);
      }
    }, 300);
  };
  useEffect(() => () => window.clearTimeout(searchTimer.current), []);

  const treeData = useMemo(() => {
    const build = (list: TreeNode[]): TreeDataNode[] =>
      list.map((n) => ({
        key: String(n.id),
        isLeaf: n.childCount === 0,
        title: (
          <span data-node-id={n.id}>
            <LevelTag level={n.level} /> {n.name}
            {n.childCount > 0 ? (
              <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>
                ({n.childCount})
              </Typography.Text>
            ) : null}
          </span>
        ),
        children: children[n.id] ? build(children[n.id]!) : undefined,
      }));
    return build(roots ?? []);
  }, [roots, children]);

  const importFile = async (file: File) => {
    setImporting(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const result = await call(
        // The body is the multipart form itself; openapi-fetch sends FormData as-is.
        api.POST('/api/v1/territory/import', { body: form as unknown as ImportBody }),
      );
      message.success(t('territory.imported', { rows: result.rows, created: result.created, reused: result.reused }));
      await refreshAround(Object.keys(childrenRef.current).map(Number));
      if (selectedId) void loadDetail(selectedId);
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) {
        setImportProblems(error.errors.map(toImportProblem));
      } else {
        report(error);
      }
    } finally {
      setImporting(false);
    }
  };

  const writeActions = canWrite
    ? [
        <DownloadButton key="template" data-testid="territory-template" request={() => api.GET('/api/v1/territory/import-template', { parseAs: 'blob' })} fileName="territory-import-template.xlsx">{t('territory.template')}</DownloadButton>,
        <Upload
          key="import"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          beforeUpload={(file) => {
            void importFile(file);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={importing} data-testid="territory-import">
            {t('territory.import')}
          </Button>
        </Upload>,
      ]
    : [];

  return (
    <PageContainer
      title={t('menu.territory')}
      extra={[
        <Button
          key="refresh"
          icon={<ReloadOutlined />}
          onClick={() => {
            setChildren({});
            childrenRef.current = {};
            setExpanded([]);
            void loadRoots().catch(report);
            if (selectedId) void loadDetail(selectedId);
          }}
        >
          {t('territory.refresh')}
        </Button>,
        ...writeActions,
      ]}
    >
      <ProCard split="vertical" bordered>
        <ProCard colSpan={{ xs: 24, md: 10, xl: 8 }} title={t('territory.tree')} headerBordered>
          <Input.Search
            allowClear
            value={query}
            placeholder={t('territory.search')}
            data-testid="territory-search"
            loading={searching}
            onChange={(e) => {
              setQuery(e.target.value);
              runSearch(e.target.value);
            }}
            onSearch={(v) => runSearch(v)}
            style={{ marginBottom: 12 }}
          />
          {hits !== null ? (
            <div style={{ marginBottom: 12, border: '1px solid #f0f0f0', borderRadius: 6, maxHeight: 280, overflow: 'auto' }}>
              <List
                size="small"
                data-testid="territory-search-results"
                loading={searching}
                dataSource={hits}
                locale={{ emptyText: t('territory.searchHint') }}
                footer={
                  hits.length > 0 && hitTotal > hits.length ? (
                    <Typography.Text type="secondary">{t('common.total', { total: hitTotal })}</Typography.Text>
                  ) : undefined
                }
                renderItem={(hit) => (
                  <List.Item
                    data-testid="territory-search-result"
                    style={{ cursor: 'pointer', background: hit.id === selectedId ? '#fff1f0' : undefined }}
                    onClick={() => void jumpTo(hit.id)}
                  >
                    <Space size={4} wrap>
                      <LevelTag level={hit.level} />
                      <span>{hit.fullName ?? hit.name}</span>
                      {hit.code ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {hit.code}
                        </Typography.Text>
                      ) : null}
                    </Space>
                  </List.Item>
                )}
              />
            </div>
          ) : null}
          <div data-testid="territory-tree">
            {roots === null ? (
              <Spin style={{ display: 'block', margin: 48 }} />
            ) : roots.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Tree
                ref={treeRef}
                blockNode
                showLine
                height={TREE_HEIGHT - (hits ? 300 : 0)}
                treeData={treeData}
                expandedKeys={expanded}
                selectedKeys={selectedId ? [String(selectedId)] : []}
                onExpand={(keys) => setExpanded(keys)}
                loadData={async (node) => {
                  const id = Number(node.key);
                  if (!childrenRef.current[id]) await loadChildren(id).catch(report);
                }}
                onSelect={(keys) => {
                  const key = keys[0];
                  if (key !== undefined) select(Number(key));
                }}
              />
            )}
          </div>
        </ProCard>
        <ProCard colSpan={{ xs: 24, md: 14, xl: 16 }} title={t('territory.detail')} headerBordered loading={detailLoading && !detail}>
          {detail && selectedId === detail.id ? (
            <NodeDetail
              node={detail}
              onChanged={async (change) => {
                await refreshAround(change.refresh);
                if (change.select) await jumpTo(change.select);
                else await loadDetail(detail.id);
                if (change.expand) setExpanded((prev) => Array.from(new Set([...prev.map(String), String(change.expand)])));
              }}
            />
          ) : (
            <Empty description={t('territory.pick')} />
          )}
        </ProCard>
      </ProCard>
      <ImportErrorsModal problems={importProblems} onClose={() => setImportProblems(null)} />
    </PageContainer>
  );
}

/** The server names a row problem `row 5.网格名称`: the Excel row number, then the column header. */
function toImportProblem(p: { field: string; message: string }, index: number): ImportProblem {
  const match = /^row (\d+)(?:\.(.*))?$/.exec(p.field);
  if (match) return { key: index, row: Number(match[1]), column: match[2] ?? '', message: p.message, field: p.field };
  return { key: index, row: null, column: p.field.replace(/^(body|query)\.?/, ''), message: p.message, field: p.field };
}
