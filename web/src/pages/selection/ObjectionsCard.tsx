import { ModalForm, ProCard, ProFormRadio, ProFormTextArea } from '@ant-design/pro-components';
import { App, Button, Form, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, call } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { useLabel } from './labels';
import { formatTime } from '../../time';

type Objection = ResponseOf<'/api/v1/notices/{id}/objections'>[number];

/** 异议 on a notice and the staff's finding on each: upheld withdraws the candidate. */
export function ObjectionsCard({ noticeId, onDecided }: { noticeId: number; onDecided: () => void }) {
  const t = useT();
  const label = useLabel();
  const { can } = useSession();
  const report = useReportError();
  const { message } = App.useApp();
  const [rows, setRows] = useState<Objection[]>([]);
  const [deciding, setDeciding] = useState<Objection | null>(null);
  const [form] = Form.useForm<{ upheld: boolean; finding: string }>();
  const load = useCallback(() => {
    call(api.GET('/api/v1/notices/{id}/objections', { params: { path: { id: noticeId } } })).then(setRows, report);
  }, [noticeId, report]);
  useEffect(load, [load]);

  return (
    <ProCard title={t('objection.title')}>
      <Table<Objection>
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('objection.none') }}
        data-testid="objections"
        columns={[
          { title: t('objection.item'), dataIndex: 'itemLabel', width: 160 },
          { title: t('objection.content'), dataIndex: 'content' },
          { title: t('objection.phone'), dataIndex: 'phone', width: 120 },
          { title: t('common.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatTime(v) },
          { title: t('objection.status'), dataIndex: 'status', width: 110, render: (v: string) => label('objection.status.', v) },
          { title: t('objection.finding'), dataIndex: 'finding', render: (v: string | null) => v ?? '—' },
          {
            title: t('common.actions'),
            key: 'a',
            width: 100,
            render: (_, o) =>
              o.status === 'pending' && can('notice:write') ? (
                <Button size="small" type="primary" onClick={() => setDeciding(o)} data-testid="objection-decide">
                  {t('objection.decide')}
                </Button>
              ) : null,
          },
        ]}
      />
      <ModalForm<{ upheld: boolean; finding: string }>
        open={deciding !== null}
        form={form}
        title={t('objection.decide')}
        initialValues={{ upheld: true }}
        modalProps={{ destroyOnHidden: true, onCancel: () => setDeciding(null) }}
        submitter={{ submitButtonProps: { 'data-testid': 'finding-submit' } as never }}
        onFinish={async (v) => {
          try {
            await call(api.POST('/api/v1/notices/objections/{id}/finding', { params: { path: { id: deciding!.id } }, body: { version: deciding!.version, upheld: v.upheld, finding: v.finding.trim() } }));
            message.success(t('selection.done'));
            setDeciding(null);
            load();
            onDecided();
            return true;
          } catch (error) {
            report(error, form);
            return false;
          }
        }}
      >
        <ProFormRadio.Group name="upheld" options={[{ value: true, label: t('objection.upheld') }, { value: false, label: t('objection.notUpheld') }]} />
        <ProFormTextArea name="finding" label={t('objection.finding')} rules={[{ required: true, whitespace: true }]} fieldProps={{ id: 'finding-text', maxLength: 2000 }} />
      </ModalForm>
    </ProCard>
  );
}
