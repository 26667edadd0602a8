import { ModalForm, PageContainer, ProForm, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Form, Space } from 'antd';
import { useRef } from 'react';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { BodyOf, QueryOf, RowOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT, type MessageKey } from '../../i18n';
import { StateTag, useValueEnum } from './labels';
import { ListTable } from '../../components/ListTable';

type Row = RowOf<'/api/v1/party-members'>;
type RegisterBody = BodyOf<'/api/v1/party-members'>;
const PATHS = { confirm: '/api/v1/party-members/{id}/confirm', reject: '/api/v1/party-members/{id}/reject', withdraw: '/api/v1/party-members/{id}/withdraw' } as const;

/** 党员报到: name, phone, where they live (a building), employer and party branch. */
function RegisterMemberModal({ onDone }: { onDone: () => void }) {
  const t = useT();
  const report = useReportError();
  const [form] = Form.useForm();
  return (
    <ModalForm<RegisterBody>
      form={form}
      title={t('members.register')}
      trigger={<Button type="primary" data-testid="member-register">{t('members.register')}</Button>}
      modalProps={{ destroyOnClose: true }}
      onFinish={async (values) => {
        try {
          await call(api.POST('/api/v1/party-members', { body: values }));
          onDone();
          return true;
        } catch (error) {
          report(error, form);
          return false;
        }
      }}
    >
      <ProForm.Item name="communityId" label={t('units.community')} rules={[{ required: true }]}>
        <TerritorySelect levels={['community']} />
      </ProForm.Item>
      <ProForm.Item name="residenceBuildingId" label={t('members.residence')} rules={[{ required: true }]}>
        <TerritorySelect levels={['building']} />
      </ProForm.Item>
      <ProFormText name="name" label={t('members.name')} rules={[{ required: true }]} fieldProps={{ maxLength: 50 }} />
      <ProFormText name="phone" label={t('members.phone')} rules={[{ required: true }]} fieldProps={{ maxLength: 11 }} />
      <ProFormText name="employerName" label={t('members.employer')} rules={[{ required: true }]} fieldProps={{ maxLength: 100 }} />
      <ProFormText name="partyBranch" label={t('members.branch')} rules={[{ required: true }]} fieldProps={{ maxLength: 100 }} />
    </ModalForm>
  );
}

/** 在职党员双报到: members registered where they live, confirmed by community staff; phones masked. */
export default function MembersPage() {
  const t = useT();
  const report = useReportError();
  const { can } = useSession();
  const valueEnum = useValueEnum();
  const ref = useRef<ActionType>(undefined);
  // The filters of the list as last loaded: the export takes the same ones.
  const filters = useRef<QueryOf<'/api/v1/party-members'>>({});
  const step = async (r: Row, action: keyof typeof PATHS) => {
    try {
      await call(api.POST(PATHS[action], { params: { path: { id: r.id } }, body: { version: r.version } }));
      void ref.current?.reload();
    } catch (error) {
      report(error);
    }
  };
  const columns: ProColumns<Row>[] = [
    { title: t('members.name'), dataIndex: 'keyword', hideInTable: true },
    { title: t('members.name'), dataIndex: 'name', search: false },
    { title: t('members.phone'), dataIndex: 'phone', search: false },
    { title: t('units.community'), dataIndex: 'communityName', search: false },
    { title: t('members.residence'), dataIndex: 'residence', search: false },
    { title: t('members.employer'), dataIndex: 'employerName', search: false },
    { title: t('members.branch'), dataIndex: 'partyBranch', search: false },
    { title: t('members.minutesThisYear'), dataIndex: 'minutesThisYear', search: false, align: 'right' },
    {
      title: t('units.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: valueEnum('units.status', ['pending', 'confirmed', 'rejected', 'withdrawn']),
      render: (_, r) => <StateTag prefix="units.status" status={r.status} />,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_, r) => (
        <Space size={0}>
          {r.actions.map((a) => (
            <Button key={a} type="link" size="small" danger={a !== 'confirm'} onClick={() => void step(r, a as keyof typeof PATHS)} data-testid={`member-${a}`}>
              {t(`units.action.${a}` as MessageKey)}
            </Button>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <PageContainer title={t('members.title')}>
      <ListTable<Row>
        rowKey="id"
        actionRef={ref}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, reload: true }}
        toolBarRender={() => [
          <DownloadButton key="export" data-testid="members-export" request={() => api.GET('/api/v1/party-members/export', { params: { query: filters.current }, parseAs: 'blob' })} fileName="party-members.xlsx" />,
          ...(can('unit:write') ? [<RegisterMemberModal key="register" onDone={() => void ref.current?.reload()} />] : []),
        ]}
        request={async (params) => {
          const query = {
            current: params.current,
            pageSize: params.pageSize,
            ...(params.keyword ? { keyword: String(params.keyword).trim() } : {}),
            ...(params.status ? { status: params.status as Row['status'] } : {}),
          };
          filters.current = { ...query, current: undefined, pageSize: undefined };
          const page = await call(api.GET('/api/v1/party-members', { params: { query } }));
          return { data: page.data, total: page.total, success: true };
        }}
      />
    </PageContainer>
  );
}
