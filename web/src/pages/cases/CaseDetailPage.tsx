import { EyeOutlined, ReloadOutlined } from '@ant-design/icons';
import { PageContainer, ProCard } from '@ant-design/pro-components';
import { Button, Col, Descriptions, Result, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, call } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { CaseToDemandButton } from '../demands/DemandForms';
import { ActionModal, type Step } from './ActionModal';
import { LocationLink, PhotoGallery } from './CasePhotos';
import { CaseTimeline, type TimelineEntry } from './CaseTimeline';
import { StatusTag, TierTag, useCategories, useLabel, type CaseDetail } from './labels';
import { formatShort, formatTime } from '../../time';

type Assignment = CaseDetail['assignments'][number];
type HotlineOrder = ResponseOf<'/api/v1/cases/{id}/hotline-order'>;

/** Forward steps are primary buttons, steps that send the case back or away are red. */
const PRIMARY = new Set<Step>(['accept', 'dispatch', 'sign', 'reply', 'verify_pass', 'rate']);
const DANGER = new Set<Step>(['reject', 'return', 'verify_fail']);

const ASSIGNMENT_STATE_COLOR: Record<Exclude<Assignment['state'], 'returned'>, string | undefined> = { current: 'processing', finished: 'success', ended: undefined };

function Assignments({ rows }: { rows: Assignment[] }) {
  const t = useT();
  const label = useLabel();
  const target = (a: Assignment) =>
    a.department?.name ?? a.user?.name ?? (a.territory ? t('cases.assign.community', { name: a.territory.name }) : '—');
  return (
    <Table<Assignment>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={rows}
      // Scrolls inside its card on a phone instead of pushing the page wider than the screen.
      scroll={{ x: 640 }}
      data-testid="case-assignments"
      columns={[
        { title: t('cases.assign.role'), dataIndex: 'role', width: 70, render: (_, a) => <Tag color={a.role === 'lead' ? 'red' : a.role === 'supervise' ? 'purple' : 'blue'}>{label(`cases.role.${a.role}`)}</Tag> },
        { title: t('cases.assign.target'), key: 'target', render: (_, a) => target(a) },
        { title: t('cases.tier'), dataIndex: 'tier', width: 80, render: (_, a) => label(`tier.${a.tier}`) },
        { title: t('cases.assign.assignedAt'), dataIndex: 'assignedAt', render: (v: string) => formatShort(v) },
        { title: t('cases.assign.signBy'), dataIndex: 'signBy', render: (v: string | null) => formatShort(v) },
        {
          title: t('cases.assign.signedAt'),
          dataIndex: 'signedAt',
          // The lead signs for the round (报到) within a limit; a late or missing 报到 shows here, as on the timeline.
          render: (v: string | null, a) =>
            a.late ? (
              <Typography.Text type="danger" data-testid="assignment-late">
                {v ? formatShort(v) : t('cases.assign.notSigned')} {t('cases.assign.late')}
              </Typography.Text>
            ) : (
              formatShort(v)
            ),
        },
        {
          title: t('common.status'),
          key: 'state',
          width: 180,
          render: (_, a) =>
            a.state === 'returned' ? (
              <Typography.Text type="danger">
                {t('cases.assign.returned')}：{label(`returnReason.${a.returnReason ?? 'other'}`)}
                {a.returnNote ? `（${a.returnNote}）` : ''}
              </Typography.Text>
            ) : (
              <Tag color={ASSIGNMENT_STATE_COLOR[a.state]} data-testid="assignment-state">
                {t(`cases.assign.${a.state}`)}
              </Tag>
            ),
        },
      ]}
    />
  );
}

/** The reporter's phone, masked; the full number is one audit-logged request away. */
function ReporterPhone({ c }: { c: CaseDetail }) {
  const t = useT();
  const { can } = useSession();
  const report = useReportError();
  const [full, setFull] = useState<string | null>(null);
  if (!c.reporterPhone) return <>—</>;
  const reveal = async () => {
    try {
      setFull((await call(api.GET('/api/v1/cases/{id}/reporter-phone', { params: { path: { id: c.id } } }))).phone);
    } catch (error) {
      report(error);
    }
  };
  return (
    <Space size={4}>
      <span data-testid="case-phone">{full ?? c.reporterPhone}</span>
      {can('personal:view') ? (
        full ? (
          <Button type="link" size="small" onClick={() => setFull(null)}>
            {t('cases.hidePhone')}
          </Button>
        ) : (
          <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => void reveal()} data-testid="case-phone-reveal">
            {t('cases.showPhone')}
          </Button>
        )
      ) : null}
    </Space>
  );
}

/** One case: what was asked, who holds it, every step so far, and a button for each step I may take now. */
export default function CaseDetailPage() {
  const t = useT();
  const label = useLabel();
  const navigate = useNavigate();
  const { can } = useSession();
  const report = useReportError();
  const categories = useCategories(true);
  const id = Number(useParams().id);
  const [c, setC] = useState<CaseDetail | null | undefined>(undefined);
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [order, setOrder] = useState<HotlineOrder | null>(null);
  const [step, setStep] = useState<Step | null>(null);

  const load = useCallback(async () => {
    try {
      const [detail, entries] = await Promise.all([
        call(api.GET('/api/v1/cases/{id}', { params: { path: { id } } })),
        call(api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id } } })),
      ]);
      setC(detail);
      setTimeline(entries);
      // A case imported from 12345 shows its work order, which staff answer on the hotline's platform
      // too; a 12345 call typed in by hand has none (null).
      setOrder(detail.channel === 'hotline_12345' ? await call(api.GET('/api/v1/cases/{id}/hotline-order', { params: { path: { id } } })) : null);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setC(null);
      else report(error);
    }
  }, [id, report]);

  useEffect(() => {
    void load();
  }, [load]);

  if (c === undefined) return <Spin style={{ display: 'block', margin: '120px auto' }} />;
  if (c === null)
    return <Result status="404" title={t('common.notFound')} extra={<Button onClick={() => navigate('/cases')}>{t('common.back')}</Button>} />;

  const steps: Step[] = [
    ...c.actions,
    ...c.extensionActions.map((a) => (a === 'request' ? ('extension_request' as const) : ('extension_decide' as const))),
  ];
  const category = categories.find((x) => x.value === c.categoryCode)?.label ?? c.categoryName;

  return (
    <PageContainer
      title={<span data-testid="case-tracking-no">{c.trackingNo}</span>}
      onBack={() => navigate('/cases')}
      tags={
        <Space size={4}>
          <StatusTag status={c.status} />
          <TierTag tier={c.tier} />
          {c.urgent ? <Tag color="red">{t('cases.urgent')}</Tag> : null}
          {c.overdue ? <Tag color="volcano">{t('cases.overdueFlag')}</Tag> : null}
        </Space>
      }
      extra={[
        ...steps.map((s) => (
          <Button key={s} type={PRIMARY.has(s) ? 'primary' : 'default'} danger={DANGER.has(s)} onClick={() => setStep(s)} data-testid={`action-${s}`}>
            {label(`action.${s}`)}
          </Button>
        )),
        ...(can('unit:write') ? [<CaseToDemandButton key="demand" caseId={c.id} status={c.status} onDone={(id) => navigate(`/demands?id=${id}`)} />] : []),
        <Button key="reload" icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('cases.refresh')} />,
      ]}
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <ProCard title={t('cases.basic')} bordered headerBordered>
            <Descriptions column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }} size="small" data-testid="case-fields">
              <Descriptions.Item label={t('cases.category')}>{category}</Descriptions.Item>
              <Descriptions.Item label={t('cases.channel')}>{label(`channel.${c.channel}`)}</Descriptions.Item>
              {order ? <Descriptions.Item label={t('cases.hotline.orderNo')}><span data-testid="case-hotline-order">{order.orderNo}</span></Descriptions.Item> : null}
              {order ? <Descriptions.Item label={t('cases.hotline.dueAt')}>{formatTime(order.dueAt)}</Descriptions.Item> : null}
              <Descriptions.Item label={t('cases.description')} span={2}>
                <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }} data-testid="case-description">
                  {c.description}
                </Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.territory')}>
                {c.communityName}
                {c.territoryId !== c.communityId ? ` · ${c.territoryName}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.address')}>{c.address ?? '—'}</Descriptions.Item>
              {c.location ? (
                <Descriptions.Item label={t('photos.location')} span={2}>
                  <LocationLink location={c.location} name={c.trackingNo} />
                </Descriptions.Item>
              ) : null}
              {c.attachments.length > 0 ? (
                <Descriptions.Item label={t('photos.caseLabel')} span={2}>
                  <PhotoGallery items={c.attachments} testId="case-photos" />
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('cases.reporterName')}>{c.reporterName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('cases.reporterPhone')}>
                <ReporterPhone c={c} />
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.createdAt')}>{formatTime(c.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.acceptedAt')}>{formatTime(c.acceptedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.respondBy')}>{formatTime(c.respondBy)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.solveBy')}>
                <Typography.Text type={c.overdue ? 'danger' : undefined}>{formatTime(c.solveBy)}</Typography.Text>
              </Descriptions.Item>
              {c.extension ? (
                <Descriptions.Item label={t('cases.extension')} span={2}>
                  <Typography.Text type="warning">{t('cases.extensionPending', { days: c.extension.days, reason: c.extension.reason })}</Typography.Text>
                </Descriptions.Item>
              ) : null}
              {c.rejectReason ? (
                <Descriptions.Item label={t('cases.rejectReason')} span={2}>
                  {c.rejectReason}
                </Descriptions.Item>
              ) : null}
              {c.mergedIntoId ? (
                <Descriptions.Item label={t('cases.mergedInto')} span={2}>
                  <Link to={`/cases/${c.mergedIntoId}`}>#{c.mergedIntoId}</Link>
                </Descriptions.Item>
              ) : null}
              {c.replyText ? (
                <Descriptions.Item label={t('cases.reply')} span={2}>
                  <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }} data-testid="case-reply">
                    {c.replyText}
                  </Typography.Paragraph>
                </Descriptions.Item>
              ) : null}
              {c.closedAt ? <Descriptions.Item label={t('cases.closedAt')}>{formatTime(c.closedAt)}</Descriptions.Item> : null}
              {c.feedback ? (
                <Descriptions.Item label={t('cases.feedback')}>
                  <Tag color={c.feedback === 'public' ? 'green' : 'default'} data-testid="case-feedback">
                    {label(`feedback.${c.feedback}.short`)}
                  </Tag>
                </Descriptions.Item>
              ) : null}
              {c.rating ? (
                <Descriptions.Item label={t('cases.rating')} span={2}>
                  {label(`rating.${c.rating}`)}
                  {c.ratingComment ? `（${c.ratingComment}）` : ''}
                </Descriptions.Item>
              ) : null}
              {c.escalationCount > 0 ? <Descriptions.Item label={t('cases.escalationCount')}>{c.escalationCount}</Descriptions.Item> : null}
              {c.reopenCount > 0 ? <Descriptions.Item label={t('cases.reopenCount')}>{c.reopenCount}</Descriptions.Item> : null}
            </Descriptions>
            {steps.length === 0 ? (
              <Typography.Text type="secondary" data-testid="case-no-actions">
                {t('cases.noActions')}
              </Typography.Text>
            ) : null}
          </ProCard>
          {c.assignments.length > 0 ? (
            <ProCard title={t('cases.assignments')} bordered headerBordered style={{ marginTop: 16 }}>
              <Assignments rows={c.assignments} />
            </ProCard>
          ) : null}
        </Col>
        <Col xs={24} xl={9}>
          <ProCard title={t('cases.timeline')} bordered headerBordered>
            <CaseTimeline entries={timeline} assignments={c.assignments} />
          </ProCard>
        </Col>
      </Row>
      <ActionModal
        c={c}
        step={step}
        onClose={() => setStep(null)}
        onDone={() => {
          setStep(null);
          void load();
        }}
        onConflict={() => {
          setStep(null);
          void load();
        }}
      />
    </PageContainer>
  );
}
