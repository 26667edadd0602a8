import { UploadOutlined } from '@ant-design/icons';
import { PageContainer, ProCard, StatisticCard } from '@ant-design/pro-components';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import { Alert, App, Button, Space, Table, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, call, type FieldProblem } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { ResponseOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

type Overview = ResponseOf<'/api/v1/committees/overview'>;
type Child = Overview['children'][number];

/** 社工委概况: committees, members by seed 000's categories and by role, vacancies, terms and visits, for my area and the areas below; roster Excel. */
export default function OverviewPage() {
  const t = useT();
  const { message } = App.useApp();
  const report = useReportError();
  const { can } = useSession();
  const [trail, setTrail] = useState<{ id?: number; name: string }[]>([{ name: '' }]);
  const [data, setData] = useState<Overview | null>(null);
  const [problems, setProblems] = useState<FieldProblem[] | null>(null);
  const nodeId = trail.at(-1)!.id;

  const load = useCallback(async () => {
    try {
      setData(await call(api.GET('/api/v1/committees/overview', { params: { query: nodeId ? { nodeId } : {} } })));
    } catch (error) {
      report(error);
    }
  }, [nodeId, report]);
  useEffect(() => {
    void load();
  }, [load]);

  const importFile = async (file: File) => {
    setProblems(null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const done = await call(api.POST('/api/v1/committees/members/import', { body: form as never }));
      message.success(t('overview.imported', done));
      await load();
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) setProblems(error.errors);
      else report(error);
    }
  };

  if (!data) return null;
  const n = data.node;
  const seed = [...data.seedTable].reverse();
  return (
    <PageContainer
      title={t('overview.title')}
      subTitle={n.name}
      onBack={trail.length > 1 ? () => setTrail(trail.slice(0, -1)) : undefined}
      extra={[
        <DownloadButton key="export" data-testid="overview-export" request={() => api.GET('/api/v1/committees/members/export', { params: { query: { territoryId: n.nodeId } }, parseAs: 'blob' })} fileName="roster.xlsx">{t('overview.export')}</DownloadButton>,
        ...(can('committee:write')
          ? [
              <DownloadButton key="template" request={() => api.GET('/api/v1/committees/members/import-template', { parseAs: 'blob' })} fileName="roster-template.xlsx">{t('overview.template')}</DownloadButton>,
              <Upload key="import" accept=".xlsx" showUploadList={false} beforeUpload={(file) => (void importFile(file), false)}>
                <Button type="primary" icon={<UploadOutlined />} data-testid="overview-import">
                  {t('overview.import')}
                </Button>
              </Upload>,
            ]
          : []),
      ]}
    >
      {problems ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('overview.importErrors')}
          description={<Table size="small" pagination={{ pageSize: 10 }} rowKey={(p) => `${p.field}${p.message}`} dataSource={problems} columns={[{ title: t('overview.row'), dataIndex: 'field' }, { title: t('overview.problem'), dataIndex: 'message' }]} />}
        />
      ) : null}
      <StatisticCard.Group direction="row" style={{ marginBottom: 16 }} data-testid="overview-kpis">
        <StatisticCard statistic={{ title: t('overview.committees'), value: n.committeesActive }} />
        <StatisticCard statistic={{ title: t('overview.members'), value: n.members }} data-testid="overview-members" />
        <StatisticCard statistic={{ title: t('overview.vacancies'), value: n.vacancies }} />
        <StatisticCard statistic={{ title: t('overview.termsEnding'), value: data.termsEnding }} />
        <StatisticCard statistic={{ title: t('overview.visits'), value: n.visitsThisMonth }} />
        <StatisticCard statistic={{ title: t('overview.membersVisited'), value: n.membersVisited }} />
      </StatisticCard.Group>
      <ProCard gutter={16} ghost wrap>
        <ProCard colSpan={{ xs: 24, lg: 14 }} title={t('overview.categories')} bordered>
          <div data-testid="overview-categories">
            <ReactEChartsCore
              echarts={echarts}
              notMerge
              style={{ height: 360 }}
              option={{
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
                xAxis: { type: 'value', minInterval: 1 },
                yAxis: { type: 'category', data: seed.map((r) => r.name) },
                series: [{ type: 'bar', data: seed.map((r) => r.n), label: { show: true, position: 'right' }, itemStyle: { color: '#c4161c' } }],
              }}
            />
          </div>
          <Table size="small" pagination={false} rowKey="code" dataSource={data.seedTable} data-testid="overview-seed-table" columns={[{ title: t('committees.member.category'), dataIndex: 'name' }, { title: t('overview.members'), dataIndex: 'n', align: 'right' }]} />
        </ProCard>
        <ProCard colSpan={{ xs: 24, lg: 10 }} title={t('overview.roles')} bordered>
          <Table size="small" pagination={false} rowKey="code" dataSource={data.byRole} columns={[{ title: t('committees.member.role'), dataIndex: 'name' }, { title: t('overview.members'), dataIndex: 'n', align: 'right' }]} />
        </ProCard>
      </ProCard>
      {data.children.length > 0 ? (
        <ProCard title={t('overview.children')} bordered style={{ marginTop: 16 }}>
          <Table<Child>
            size="small"
            rowKey="nodeId"
            dataSource={data.children}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: t('overview.name'), dataIndex: 'name' },
              { title: t('overview.committees'), dataIndex: 'committeesActive', align: 'right' },
              { title: t('overview.members'), dataIndex: 'members', align: 'right' },
              { title: t('overview.vacancies'), dataIndex: 'vacancies', align: 'right' },
              { title: t('overview.visits'), dataIndex: 'visitsThisMonth', align: 'right' },
              {
                title: '',
                key: 'drill',
                render: (_, c) => (
                  <Space>
                    <Button size="small" type="link" onClick={() => setTrail([...trail, { id: c.nodeId, name: c.name }])}>
                      {t('overview.drill')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </ProCard>
      ) : null}
    </PageContainer>
  );
}
