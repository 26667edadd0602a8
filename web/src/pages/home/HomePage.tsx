import { PageContainer, ProCard } from '@ant-design/pro-components';
import { Card, Col, Empty, List, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, call } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { useMe, useSession } from '../../auth/session';
import { LevelTag } from '../../components/territory';
import { useRoleLabel } from '../../components/useRoles';
import { useT } from '../../i18n';
import { entriesAt, mayOpen } from '../../layout/menu';
import { PATHS } from '../../paths';
import { PendingCard } from './PendingCard';

type Root = ResponseOf<'/api/v1/territory/roots'> extends (infer R)[] ? R : never;

/** Daily work first (a community worker's day starts at the case queue and the visit round), then administration. */
const SHORTCUTS = entriesAt([PATHS.cases, PATHS.visits, PATHS.meetingTopics, PATHS.meetings, PATHS.units, PATHS.stats, PATHS.territory, PATHS.users, PATHS.audit, PATHS.password]);

/** 工作台: who I am here — roles, the territories they cover, and where to go next. */
export default function HomePage() {
  const t = useT();
  const me = useMe();
  const { can } = useSession();
  const navigate = useNavigate();
  const roleLabel = useRoleLabel();
  const [roots, setRoots] = useState<Root[] | null>(null);

  useEffect(() => {
    if (!can('territory:read')) return;
    let live = true;
    call(api.GET('/api/v1/territory/roots'))
      .then((r) => live && setRoots(r))
      .catch(() => live && setRoots([]));
    return () => {
      live = false;
    };
  }, [can]);

  return (
    <PageContainer title={t('home.greeting', { name: me.displayName })} content={<Typography.Text type="secondary">{t('home.intro')}</Typography.Text>}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          {can('case:read') || can('case:handle') ? <PendingCard /> : null}
          <ProCard title={t('home.roles')} bordered headerBordered>
            <Table
              data-testid="home-roles"
              size="small"
              pagination={false}
              rowKey={(r) => `${r.role}:${r.territoryId ?? 'all'}`}
              dataSource={me.roles}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noRoles')} /> }}
              columns={[
                { title: t('home.role'), dataIndex: 'roleName', render: (v: string, r) => <Tag color="red">{roleLabel(r.role, v)}</Tag> },
                { title: t('home.territory'), dataIndex: 'territoryName', render: (v: string | null) => v ?? t('home.allTerritory') },
                { title: t('home.level'), dataIndex: 'territoryLevel', render: (v: string | null) => (v ? <LevelTag level={v} /> : '—') },
              ]}
            />
          </ProCard>
          {roots && roots.length > 0 ? (
            <ProCard title={t('home.myArea')} bordered headerBordered style={{ marginTop: 16 }}>
              <Row gutter={[16, 16]}>
                {roots.map((r) => (
                  <Col key={r.id} xs={24} sm={12} lg={8}>
                    <Card size="small" hoverable onClick={() => navigate(PATHS.territory)}>
                      <Statistic
                        title={
                          <span>
                            <LevelTag level={r.level} /> {r.name}
                          </span>
                        }
                        value={r.childCount}
                        suffix={t('home.childUnits')}
                      />
                    </Card>
                  </Col>
                ))}
              </Row>
            </ProCard>
          ) : null}
        </Col>
        <Col xs={24} xl={10}>
          <ProCard title={t('home.shortcuts')} bordered headerBordered>
            <List
              dataSource={SHORTCUTS.filter((s) => mayOpen(s, can))}
              renderItem={(s) => (
                <List.Item style={{ cursor: 'pointer' }} onClick={() => navigate(s.path)}>
                  <List.Item.Meta avatar={s.icon} title={t(s.label)} />
                </List.Item>
              )}
            />
          </ProCard>
        </Col>
      </Row>
    </PageContainer>
  );
}
