import { UploadOutlined } from '@ant-design/icons';
import { PageContainer, ProCard, StatisticCard } from '@ant-design/pro-components';
import { Alert, App, Button, Space, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError, call, type paths } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { ResponseOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { PATHS } from '../../paths';

type ImportBody = NonNullable<paths['/api/v1/hotline/import']['post']['requestBody']>['content']['multipart/form-data'];
type ImportResult = ResponseOf<'/api/v1/hotline/import', 'post'>;
type Item = ImportResult['items'][number];
interface Problem {
  key: number;
  row: number | null;
  column: string;
  message: string;
}

function toProblem(p: { field: string; message: string }, index: number): Problem {
  const match = /^row (\d+)(?:\.(.*))?$/.exec(p.field);
  if (match) return { key: index, row: Number(match[1]), column: match[2] ?? '', message: p.message };
  return { key: index, row: null, column: p.field.replace(/^(body|query)\.?/, ''), message: p.message };
}

/** 12345 工单导入: template, upload, and what the import did (created / skipped by row) or why it refused the file. */
export default function HotlineImportPage() {
  const t = useT();
  const { message } = App.useApp();
  const report = useReportError();
  const [importing, setImporting] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [problems, setProblems] = useState<Problem[] | null>(null);

  const importFile = async (file: File) => {
    setImporting(true);
    setResult(null);
    setProblems(null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      // The body is the multipart form itself; openapi-fetch sends FormData as-is.
      const done = await call(api.POST('/api/v1/hotline/import', { body: form as unknown as ImportBody }));
      setResult(done);
      message.success(t('hotline.done', { created: done.created, skipped: done.skipped }));
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) setProblems(error.errors.map(toProblem));
      else report(error);
    } finally {
      setImporting(false);
    }
  };

  return (
    <PageContainer title={t('hotline.title')}>
      <Alert type="info" showIcon message={t('hotline.intro')} style={{ marginBottom: 16 }} />
      <Space style={{ marginBottom: 16 }}>
        <DownloadButton data-testid="hotline-template" request={() => api.GET('/api/v1/hotline/import-template', { parseAs: 'blob' })} fileName="12345-import-template.xlsx">{t('hotline.template')}</DownloadButton>
        <Upload
          accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          beforeUpload={(file) => {
            void importFile(file);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={importing} data-testid="hotline-upload">
            {t('hotline.upload')}
          </Button>
        </Upload>
      </Space>

      {problems ? (
        <ProCard title={t('hotline.failed')} headerBordered data-testid="hotline-errors">
          <Table<Problem>
            size="small"
            rowKey="key"
            dataSource={problems}
            pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            columns={[
              { title: t('hotline.row'), dataIndex: 'row', width: 80, render: (v: number | null) => v ?? '—' },
              { title: t('hotline.column'), dataIndex: 'column', width: 140 },
              { title: t('hotline.message'), dataIndex: 'message' },
            ]}
          />
        </ProCard>
      ) : null}

      {result ? (
        <>
          <StatisticCard.Group style={{ marginBottom: 16 }} data-testid="hotline-summary">
            <StatisticCard statistic={{ title: t('hotline.rows'), value: result.rows }} />
            <StatisticCard statistic={{ title: t('hotline.created'), value: result.created, valueStyle: { color: '#389e0d' } }} data-testid="hotline-created" />
            <StatisticCard statistic={{ title: t('hotline.skipped'), value: result.skipped }} data-testid="hotline-skipped" />
          </StatisticCard.Group>
          <Table<Item>
            size="small"
            rowKey="rowNumber"
            dataSource={result.items}
            data-testid="hotline-items"
            pagination={result.items.length > 20 ? { pageSize: 20 } : false}
            columns={[
              { title: t('hotline.row'), dataIndex: 'rowNumber', width: 80 },
              { title: t('hotline.orderNo'), dataIndex: 'orderNo', width: 180 },
              {
                title: t('hotline.result'),
                dataIndex: 'status',
                width: 100,
                render: (s: Item['status']) => <Tag color={s === 'created' ? 'green' : 'default'}>{t(`hotline.status.${s}`)}</Tag>,
              },
              {
                title: t('hotline.trackingNo'),
                dataIndex: 'trackingNo',
                width: 190,
                render: (no: string, item: Item) => <Link to={`${PATHS.cases}/${item.caseId}`} data-testid="hotline-case-link">{no}</Link>,
              },
              { title: t('hotline.community'), dataIndex: 'communityName' },
            ]}
          />
        </>
      ) : null}
    </PageContainer>
  );
}
