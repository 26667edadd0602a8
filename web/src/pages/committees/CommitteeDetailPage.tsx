import { ModalForm, PageContainer, ProCard, ProFormDigit, ProFormSelect } from '@ant-design/pro-components';
import { Alert, Button, Descriptions, Result, Space, Spin, Tabs, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, ApiError, call } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { MembersTab, RoundTab, TermsTab, ZonesTab } from './CommitteeTabs';
import { MemberDrawer } from './MemberDrawer';

type Committee = ResponseOf<'/api/v1/committees/{id}'>;

function Counts({ items, testId }: { items: Committee['byRole']; testId: string }) {
  return (
    <Space size={[4, 8]} wrap data-testid={testId}>
      {items.filter((i) => i.n > 0).map((i) => (
        <Tag key={i.code}>
          {i.name} {i.n}
        </Tag>
      ))}
    </Space>
  );
}

/** One committee: composition, vacancies (增补), the roster with each member's history and steps, zones, the visit round, terms ending. */
export default function CommitteeDetailPage() {
  const t = useT();
  const navigate = useNavigate();
  const report = useReportError();
  const id = Number(useParams().id);
  const [params] = useSearchParams();
  const [c, setC] = useState<Committee | null | undefined>(undefined);
  // ?member= opens that member's drawer (where a notification about them leads).
  const [open, setOpen] = useState<number | null>(params.get('member') ? Number(params.get('member')) : null);
  const [reloadKey, setReloadKey] = useState(0);
  const [leaders, setLeaders] = useState<{ value: number; label: string }[]>([]);
  const [composition, setComposition] = useState<ResponseOf<'/api/v1/committees/{id}/composition'> | null>(null);

  const load = useCallback(async () => {
    try {
      setC(await call(api.GET('/api/v1/committees/{id}', { params: { path: { id } } })));
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setC(null);
      else report(error);
    }
  }, [id, report]);
  useEffect(() => {
    void load();
  }, [load]);
  // The rule checks belong to the selection capability; whoever cannot read them simply sees no warning.
  useEffect(() => {
    call(api.GET('/api/v1/committees/{id}/composition', { params: { path: { id } } })).then(setComposition, () => setComposition(null));
  }, [id, reloadKey]);

  if (c === undefined) return <Spin style={{ display: 'block', margin: '120px auto' }} />;
  if (c === null) return <Result status="404" title={t('common.notFound')} extra={<Button onClick={() => navigate('/committees')}>{t('common.back')}</Button>} />;

  const put = async (path: '/api/v1/committees/{id}/seats' | '/api/v1/committees/{id}/leader', body: never) => {
    try {
      setC(await call(api.PUT(path, { params: { path: { id } }, body })));
      return true;
    } catch (error) {
      report(error);
      return false;
    }
  };

  return (
    <PageContainer title={<span data-testid="committee-name">{c.name}</span>} onBack={() => navigate('/committees')} tags={<Tag color={c.status === 'active' ? 'green' : 'gold'}>{t(`committees.status.${c.status}`)}</Tag>}>
      {c.vacancies > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="committee-vacancies"
          message={t('committees.vacancyHint', { n: c.vacancies })}
          action={
            c.canWrite ? (
              <Link to={c.supplementPath} data-testid="committee-supplement">
                <Button size="small" type="primary">{t('committees.supplement')}</Button>
              </Link>
            ) : null
          }
        />
      ) : null}
      {composition && composition.warnings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="committee-rule-warnings"
          message={t('committees.rulesBroken')}
          description={
            <>
              {composition.warnings.map((w) => (
                <div key={w}>{w}</div>
              ))}
              {composition.deviationReason ? <div>{t('committees.deviation', { reason: composition.deviationReason })}</div> : null}
            </>
          }
        />
      ) : null}
      <ProCard title={t('committees.composition')} bordered headerBordered style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 3 }} size="small" data-testid="committee-composition">
          <Descriptions.Item label={t('committees.members')}>
            <span data-testid="committee-member-count">{c.members}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('committees.seats')}>
            <Space>
              {c.seats}
              {c.canWrite ? (
                <ModalForm<{ seats: number }> title={t('committees.setSeats')} trigger={<Button size="small" type="link">{t('committees.setSeats')}</Button>} initialValues={{ seats: c.seats }} onFinish={(v) => put('/api/v1/committees/{id}/seats', { seats: v.seats, version: c.version } as never)}>
                  <ProFormDigit name="seats" label={t('committees.seats')} min={0} max={99} rules={[{ required: true }]} />
                </ModalForm>
              ) : null}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('committees.vacancies')}>{c.vacancies}</Descriptions.Item>
          <Descriptions.Item label={t('committees.leader')}>
            <Space>
              {c.leader?.name ?? t('committees.noLeader')}
              {c.canWrite ? (
                <ModalForm<{ userId?: number }>
                  title={t('committees.setLeader')}
                  trigger={<Button size="small" type="link">{t('committees.setLeader')}</Button>}
                  onOpenChange={(visible) => {
                    if (visible) call(api.GET('/api/v1/committees/{id}/leader-candidates', { params: { path: { id } } })).then((rows) => setLeaders(rows.map((u) => ({ value: u.id, label: u.name })))).catch(report);
                  }}
                  initialValues={{ userId: c.leader?.id }}
                  onFinish={(v) => put('/api/v1/committees/{id}/leader', { userId: v.userId ?? null, version: c.version } as never)}
                >
                  <ProFormSelect name="userId" label={t('committees.leader')} options={leaders} allowClear />
                </ModalForm>
              ) : null}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('committees.termsEnding')}>{c.termsEnding}</Descriptions.Item>
          <Descriptions.Item label={t('committees.visitsThisMonth')}>{c.visitsThisMonth}</Descriptions.Item>
          <Descriptions.Item label={t('committees.byRole')} span={3}>
            <Counts items={c.byRole} testId="committee-by-role" />
          </Descriptions.Item>
          <Descriptions.Item label={t('committees.byCategory')} span={3}>
            <Counts items={c.byCategory} testId="committee-by-category" />
          </Descriptions.Item>
          {c.deviationReason ? <Descriptions.Item span={3}>{c.deviationReason}</Descriptions.Item> : null}
        </Descriptions>
      </ProCard>
      <ProCard bordered>
        <Tabs
          items={[
            { key: 'members', label: t('committees.tab.members'), children: <MembersTab committeeId={id} onOpen={setOpen} reloadKey={reloadKey} /> },
            { key: 'zones', label: t('committees.tab.zones'), children: <ZonesTab committeeId={id} canWrite={c.canWrite} /> },
            { key: 'round', label: t('committees.tab.round'), children: <RoundTab committeeId={id} canWrite={c.canWrite} /> },
            { key: 'terms', label: t('committees.tab.terms'), children: <TermsTab committeeId={id} /> },
          ]}
        />
      </ProCard>
      <MemberDrawer
        id={open}
        onClose={() => setOpen(null)}
        onChanged={() => {
          setReloadKey((k) => k + 1);
          void load();
        }}
      />
    </PageContainer>
  );
}

/** /committees/members/:id — a member's notifications lead here: their committee, with their drawer open. */
export function MemberRedirect() {
  const t = useT();
  const id = Number(useParams().id);
  const [to, setTo] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    call(api.GET('/api/v1/committees/members/{id}', { params: { path: { id } } })).then(
      (m) => setTo(`/committees/${m.committeeId}?member=${m.id}`),
      () => setTo(null),
    );
  }, [id]);
  if (to === undefined) return <Spin style={{ display: 'block', margin: '120px auto' }} />;
  if (to === null) return <Result status="404" title={t('common.notFound')} extra={<Link to="/committees">{t('common.back')}</Link>} />;
  return <Navigate to={to} replace />;
}
