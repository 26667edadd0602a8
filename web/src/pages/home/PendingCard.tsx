import { ProCard } from '@ant-design/pro-components';
import { Card, Col, Row, Statistic } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, call } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useT } from '../../i18n';
import { PENDING } from '../../layout/NotificationBell';
import { PATHS } from '../../paths';

/** 我的待办 on the workbench: each pending count the account can have, a click away from the queue that lists it. */
export function PendingCard() {
  const t = useT();
  const { can } = useSession();
  const navigate = useNavigate();
  const [pending, setPending] = useState<ResponseOf<'/api/v1/cases/pending-count'> | null>(null);
  useEffect(() => {
    let live = true;
    call(api.GET('/api/v1/cases/pending-count'))
      .then((p) => live && setPending(p))
      .catch(() => live && setPending(null));
    return () => {
      live = false;
    };
  }, []);
  const mine = PENDING.filter((p) => p.permissions.some(can));
  if (!pending || mine.length === 0) return null;
  return (
    <ProCard title={t('home.todo')} bordered headerBordered style={{ marginBottom: 16 }} data-testid="home-pending">
      <Row gutter={[12, 12]}>
        {mine.map((p) => (
          <Col key={p.key} xs={12} md={8} xxl={4}>
            <Card size="small" hoverable onClick={() => navigate(`${PATHS.cases}${p.query ? `?${p.query}` : ''}`)}>
              <Statistic title={t(p.label)} value={pending[p.key]} valueStyle={pending[p.key] > 0 ? { color: '#c4161c' } : undefined} />
            </Card>
          </Col>
        ))}
      </Row>
    </ProCard>
  );
}
