import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { ProCard } from '@ant-design/pro-components';
import { App, Button, Space, Table } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { CandidateStatusTag, useLabel, type CandidateRow, type RoundDetail } from './labels';
import { NominateModal } from './NominateModal';

/** The round's candidates, phones and ID numbers masked; the full values one at a time, logged. */
export function CandidatesCard({ round, rows, reload }: { round: RoundDetail; rows: CandidateRow[]; reload: () => void }) {
  const t = useT();
  const label = useLabel();
  const { can } = useSession();
  const report = useReportError();
  const { modal } = App.useApp();
  const [nominating, setNominating] = useState(false);

  const showPersonal = async (c: CandidateRow) => {
    try {
      const full = await call(api.GET('/api/v1/selection/candidates/{id}/personal', { params: { path: { id: c.id } } }));
      modal.info({ title: c.name, content: <div data-testid="candidate-personal">{t('selection.phone')}：{full.phone}<br />{t('selection.idNumber')}：{full.idNumber ?? '—'}</div> });
    } catch (error) {
      report(error);
    }
  };

  return (
    <ProCard
      title={`${t('selection.candidates')}（${rows.length}）`}
      extra={
        <Space>
          {round.status === 'collecting' && can('selection:write') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setNominating(true)} data-testid="candidate-nominate">
              {t('selection.nominate')}
            </Button>
          ) : null}
          {round.status === 'done' ? (
            <DownloadButton data-testid="certificates-all" request={() => api.GET('/api/v1/selection/rounds/{id}/certificates.pdf', { params: { path: { id: round.id } }, parseAs: 'blob' })} fileName="聘书.pdf">
              {t('selection.downloadAll')}
            </DownloadButton>
          ) : null}
        </Space>
      }
    >
      <Table<CandidateRow>
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1100 }}
        data-testid="candidates"
        columns={[
          { title: t('selection.name'), dataIndex: 'name', width: 90, fixed: 'left' },
          { title: t('selection.gender'), dataIndex: 'gender', width: 50, render: (v: string) => label('selection.gender.', v) },
          { title: t('selection.proposedRole'), dataIndex: 'proposedRole', width: 90, render: (v: string, c) => `${label('selection.role.', v)}${c.isPartySecretary ? `（${t('selection.partySecretary')}）` : ''}` },
          { title: t('selection.category'), dataIndex: 'category', width: 130, render: (v: string) => label('selection.cat.', v) },
          { title: t('selection.affiliation'), dataIndex: 'affiliation', width: 130, ellipsis: true },
          { title: t('selection.channel'), dataIndex: 'channel', width: 90, render: (v: string, c) => `${label('selection.channel.', v)}${c.recommender ? `·${c.recommender}` : ''}` },
          { title: t('selection.phone'), dataIndex: 'phone', width: 120 },
          { title: t('selection.idNumber'), dataIndex: 'idNumber', width: 170, render: (v: string | null) => v ?? '—' },
          { title: t('selection.candidateStatus'), dataIndex: 'status', width: 130, render: (v: string, c) => <Space size={2} direction="vertical"><CandidateStatusTag status={v} />{c.decisionReason ? <span className="gz-muted">{c.decisionReason}</span> : null}</Space> },
          { title: t('selection.certificateNo'), dataIndex: 'certificateNo', width: 200, render: (v: string | null) => v ?? '—' },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            fixed: 'right',
            render: (_, c) => (
              <Space size={0}>
                {can('personal:view') ? <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => void showPersonal(c)} title={t('selection.showPersonal')} data-testid={`personal-${c.name}`} /> : null}
                {c.certificateNo ? (
                  <DownloadButton
                    type="link"
                    size="small"
                    data-testid={`certificate-${c.name}`}
                    request={() => api.GET('/api/v1/selection/candidates/{id}/certificate.pdf', { params: { path: { id: c.id } }, parseAs: 'blob' })}
                    fileName={`聘书_${c.name}.pdf`}
                  >
                    {t('selection.certificate')}
                  </DownloadButton>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <NominateModal roundId={round.id} open={nominating} onClose={() => setNominating(false)} onDone={() => { setNominating(false); reload(); }} />
    </ProCard>
  );
}

