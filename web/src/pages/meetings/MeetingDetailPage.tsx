import { ReloadOutlined } from '@ant-design/icons';
import { PageContainer, ProCard } from '@ant-design/pro-components';
import { App, Button, Descriptions, Input, Result, Select, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { StatusTag, type AgendaItem, type MeetingDetail } from './labels';
import { ResolutionModal } from './ResolutionModal';
import { formatTime } from '../../time';

type Ctx = { meeting: MeetingDetail; reload: () => Promise<void>; run: (work: () => Promise<unknown>) => Promise<void> };

/** One agenda item: minutes (locked once closed, then addenda), the resolution and its votes. */
function AgendaCard({ item, ctx, onPropose }: { item: AgendaItem; ctx: Ctx; onPropose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const { meeting, run } = ctx;
  const [minutes, setMinutes] = useState(item.minutes);
  const [addendum, setAddendum] = useState('');
  useEffect(() => setMinutes(item.minutes), [item.minutes]);
  const live = meeting.status === 'in_progress';
  const locked = meeting.status === 'closed' || meeting.status === 'cancelled';
  const r = item.resolution;
  const voters = meeting.invitees.filter((i) => i.voting && i.signedInAt);
  const vote = (inviteeId: number, choice: 'for' | 'against' | 'abstain') => run(() => call(api.POST('/api/v1/meetings/resolutions/{id}/votes', { params: { path: { id: r!.id } }, body: { inviteeId, choice } })));
  const decide = () =>
    run(async () => {
      const decided = await call(api.POST('/api/v1/meetings/resolutions/{id}/decide', { params: { path: { id: r!.id } }, body: { version: r!.version } }));
      if (decided.routingDeferred) void message.warning(t('meetings.resolution.routingDeferred'));
    });
  return (
    <ProCard title={`${item.position}. ${item.topicTitle}`} extra={<Link to={`/meetings/topics/${item.topicId}`}>{t('meetings.topic')}</Link>} bordered data-testid={`agenda-${item.position}`}>
      <Typography.Title level={5}>{t('meetings.minutes')}</Typography.Title>
      {locked ? (
        <Typography.Paragraph>{item.minutes || '—'}</Typography.Paragraph>
      ) : (
        <Space.Compact style={{ width: '100%' }}>
          <Input.TextArea rows={3} value={minutes} onChange={(e) => setMinutes(e.target.value)} disabled={!meeting.canWrite} data-testid="minutes-input" />
          {meeting.canWrite ? <Button onClick={() => void run(() => call(api.PUT('/api/v1/meetings/agenda/{id}/minutes', { params: { path: { id: item.id } }, body: { minutes, version: item.version } })))} data-testid="minutes-save">{t('common.save')}</Button> : null}
        </Space.Compact>
      )}
      {item.addenda.map((d) => (
        <Typography.Paragraph key={d.id} type="secondary">{`${t('meetings.addendum')}（${d.actorName ?? ''} ${formatTime(d.at)}）：${d.text}`}</Typography.Paragraph>
      ))}
      {meeting.status === 'closed' && meeting.canWrite ? (
        <Space.Compact style={{ width: '100%' }}>
          <Input value={addendum} onChange={(e) => setAddendum(e.target.value)} placeholder={t('meetings.addendum')} />
          <Button disabled={!addendum.trim()} onClick={() => void run(async () => { await call(api.POST('/api/v1/meetings/agenda/{id}/addenda', { params: { path: { id: item.id } }, body: { text: addendum } })); setAddendum(''); })}>{t('meetings.addendum.add')}</Button>
        </Space.Compact>
      ) : null}
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('meetings.resolution')}</Typography.Title>
      {!r ? (
        live && meeting.canWrite ? <Button type="primary" onClick={onPropose} data-testid="resolution-propose">{t('meetings.resolution.propose')}</Button> : <span>—</span>
      ) : (
        <div data-testid="resolution">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('meetings.resolution.text')} span={2}>{r.text}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.outcome')}>{r.outcomeName}</Descriptions.Item>
            <Descriptions.Item label={t('common.status')}><span data-testid="resolution-status"><StatusTag status={r.status} label={r.statusName} /></span></Descriptions.Item>
            <Descriptions.Item label={t('meetings.tally')} span={2}>{t('meetings.tally.text', { for: r.votesFor, against: r.votesAgainst, abstain: r.votesAbstain })}</Descriptions.Item>
            {r.caseId ? <Descriptions.Item label={t('meetings.dispatchedCase')}><Link to={`/cases/${r.caseId}`} data-testid="resolution-case">#{r.caseId}</Link></Descriptions.Item> : null}
            {r.demandId ? <Descriptions.Item label={t('meetings.postedDemand')}><Link to={`/demands?id=${r.demandId}`} data-testid="resolution-demand">#{r.demandId}</Link></Descriptions.Item> : null}
            {r.projectId ? <Descriptions.Item label={t('meetings.madeProject')}><Link to={`/projects/${r.projectId}`} data-testid="resolution-project">#{r.projectId}</Link></Descriptions.Item> : null}
          </Descriptions>
          {r.status === 'voting' && live && meeting.canWrite ? (
            <>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                style={{ marginTop: 8 }}
                dataSource={voters}
                columns={[
                  { title: t('meetings.invitee'), dataIndex: 'name' },
                  {
                    title: t('meetings.vote'),
                    render: (_, i) => {
                      const cast = r.votes.find((v) => v.inviteeId === i.id);
                      if (cast) return <Tag>{t(`meetings.choice.${cast.choice}`)}</Tag>;
                      return (
                        <Space>
                          {(['for', 'against', 'abstain'] as const).map((c) => (
                            <Button key={c} size="small" onClick={() => void vote(i.id, c)} data-testid={`vote-${c}-${i.name}`}>{t(`meetings.choice.${c}`)}</Button>
                          ))}
                        </Space>
                      );
                    },
                  },
                ]}
              />
              <Button type="primary" style={{ marginTop: 8 }} onClick={() => void decide()} data-testid="resolution-decide">{t('meetings.resolution.decide')}</Button>
            </>
          ) : null}
        </div>
      )}
    </ProCard>
  );
}

/** One meeting: state and actions, live quorum, the QR code, invitees and sign-in, agenda with minutes and votes, exports. */
export default function MeetingDetailPage() {
  const t = useT();
  const { message } = App.useApp();
  const report = useReportError();
  const id = Number(useParams().id);
  const [meeting, setMeeting] = useState<MeetingDetail | null | undefined>(undefined);
  const [proposing, setProposing] = useState<AgendaItem | null>(null);
  const [topics, setTopics] = useState<{ value: number; label: string }[]>([]);
  const load = useCallback(async () => {
    try {
      setMeeting(await call(api.GET('/api/v1/meetings/{id}', { params: { path: { id } } })));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setMeeting(null);
      else report(error);
    }
  }, [id, report]);
  useEffect(() => void load(), [load]);
  const status = meeting?.status;
  // While members sign in on their phones the quorum moves without this page doing anything.
  useEffect(() => {
    if (status !== 'in_progress') return;
    const timer = window.setInterval(() => void load(), 5000);
    return () => window.clearInterval(timer);
  }, [status, load]);
  if (meeting === undefined) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (meeting === null) return <Result status="404" title={t('common.none')} />;
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await load();
    } catch (error) {
      report(error);
    }
  };
  const ctx: Ctx = { meeting, reload: load, run };
  const move = (action: 'open' | 'close' | 'cancel') => run(() => call(api.POST(`/api/v1/meetings/{id}/${action}`, { params: { path: { id } }, body: { version: meeting.version } })));
  const q = meeting.quorum;
  const answerable = meeting.status === 'scheduled' || meeting.status === 'in_progress';
  // Staff record an answer they got for an invitee; an invitee answers for themself.
  const respond = (inviteeId: number, response: 'attend' | 'decline') =>
    run(() => call(api.POST('/api/v1/meetings/{id}/respond', { params: { path: { id } }, body: { ...(meeting.canWrite ? { inviteeId } : {}), response } })));
  const live = meeting.status === 'in_progress';
  const poolOptions = async () => {
    const page = await call(api.GET('/api/v1/meetings/topics', { params: { query: { communityId: meeting.communityId, status: 'pooled', pageSize: 100 } } }));
    setTopics(page.data.map((x) => ({ value: x.id, label: x.title })));
  };

  return (
    <PageContainer
      title={meeting.title}
      subTitle={<Space><span data-testid="meeting-status"><StatusTag status={meeting.status} label={meeting.statusName} /></span>{meeting.typeName}·{meeting.communityName}</Space>}
      extra={[
        ...meeting.actions.map((a) => (
          <Button key={a} type={a === 'cancel' ? 'default' : 'primary'} danger={a === 'cancel'} onClick={() => void move(a as 'open')} data-testid={`meeting-action-${a}`}>{t(`meetings.action.${a}` as 'meetings.action.open')}</Button>
        )),
        <DownloadButton key="pdf" request={() => api.GET('/api/v1/meetings/{id}/minutes.pdf', { params: { path: { id } }, parseAs: 'blob' })} fileName="minutes.pdf">{t('meetings.export.pdf')}</DownloadButton>,
        <DownloadButton key="doc" request={() => api.GET('/api/v1/meetings/{id}/minutes.html', { params: { path: { id } }, parseAs: 'blob' })} fileName="minutes.doc">{t('meetings.export.word')}</DownloadButton>,
        <Button key="reload" icon={<ReloadOutlined />} onClick={() => void load().then(() => message.success(t('meetings.refreshed')))} />,
      ]}
    >
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <ProCard split="vertical">
          <ProCard colSpan="60%">
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={t('meetings.startsAt')}>{formatTime(meeting.startsAt)}</Descriptions.Item>
              <Descriptions.Item label={t('meetings.place')}>{meeting.place}</Descriptions.Item>
              <Descriptions.Item label={t('meetings.convener')}>{meeting.convener}</Descriptions.Item>
              <Descriptions.Item label={t('meetings.rule')}>{`> ${meeting.rule.quorumNum}/${meeting.rule.quorumDen} · > ${meeting.rule.passNum}/${meeting.rule.passDen}`}</Descriptions.Item>
            </Descriptions>
            <Typography.Title level={4} data-testid="quorum" type={q.reached ? 'success' : 'warning'}>
              {t('meetings.quorum.text', { present: q.present, voting: q.voting, needed: q.needed })}
              {q.reached ? ` ✓ ${t('meetings.quorum.reached')}` : ''}
            </Typography.Title>
          </ProCard>
          <ProCard title={t('meetings.qr')}>
            {live ? (
              <Space direction="vertical" align="center">
                <img src={`/api/v1/meetings/${id}/qrcode`} alt="QR" width={160} height={160} />
                <a href={meeting.signInPath} target="_blank" rel="noreferrer">{meeting.signInPath}</a>
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('meetings.qr.hint')}</Typography.Text>
            )}
          </ProCard>
        </ProCard>
        <ProCard title={t('meetings.invitees')}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={meeting.invitees}
            columns={[
              { title: t('meetings.invitee'), dataIndex: 'name' },
              { title: t('meetings.invitee.kind'), dataIndex: 'kind', render: (v: string) => t(`meetings.kind.${v}` as 'meetings.kind.member') },
              {
                title: t('meetings.invitee.response'),
                dataIndex: 'response',
                render: (v: string, i) => (
                  <Space>
                    {t(`meetings.response.${v}` as 'meetings.response.pending')}
                    {answerable && !i.signedInAt && (meeting.canWrite || i.id === meeting.myInviteeId)
                      ? (['attend', 'decline'] as const).filter((r) => r !== v).map((r) => (
                          <Button key={r} size="small" type="link" onClick={() => void respond(i.id, r)} data-testid={`respond-${r}-${i.name}`}>{t(`meetings.response.${r}`)}</Button>
                        ))
                      : null}
                  </Space>
                ),
              },
              {
                title: t('meetings.signIn'),
                render: (_, i) =>
                  i.signedInAt ? (
                    <Tag color="green">{`${formatTime(i.signedInAt)} ${i.signedInVia === 'qr' ? t('meetings.signIn.qr') : ''}`}</Tag>
                  ) : live && meeting.canWrite ? (
                    <Button size="small" onClick={() => void run(() => call(api.POST('/api/v1/meetings/{id}/sign-in', { params: { path: { id } }, body: { inviteeId: i.id } })))} data-testid={`sign-in-${i.name}`}>{t('meetings.signIn.tick')}</Button>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </ProCard>
        <ProCard
          title={t('meetings.agenda')}
          extra={
            meeting.canWrite && (meeting.status === 'scheduled' || live) ? (
              <Select style={{ width: 280 }} placeholder={t('meetings.agenda.add')} onFocus={() => void poolOptions()} options={topics} value={null} onChange={(topicId: number) => void run(() => call(api.POST('/api/v1/meetings/{id}/agenda', { params: { path: { id } }, body: { topicId, version: meeting.version } })))} />
            ) : null
          }
        >
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            {meeting.agenda.length === 0 ? <Typography.Text type="secondary">—</Typography.Text> : null}
            {meeting.agenda.map((item) => (
              <AgendaCard key={item.id} item={item} ctx={ctx} onPropose={() => setProposing(item)} />
            ))}
          </Space>
        </ProCard>
        <ProCard title={t('meetings.timeline')}>
          <Timeline items={meeting.events.map((e) => ({ children: `${formatTime(e.at)} ${e.actorName ?? ''} ${e.actionLabel}${e.note ? `：${e.note}` : ''}` }))} />
        </ProCard>
      </Space>
      <ResolutionModal meeting={meeting} item={proposing} onClose={() => setProposing(null)} onDone={() => { setProposing(null); void load(); }} />
    </PageContainer>
  );
}
