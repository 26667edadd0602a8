import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Empty, List, Select, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, call } from '../../api/client';
import type { ResponseOf, RowOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';

export type DepartmentRow = RowOf<'/api/v1/departments'>;
type Member = ResponseOf<'/api/v1/departments/{id}/members'>[number];

/** A department's members: department_staff accounts, added by searching, removed with a confirmation. */
export function MembersDrawer({ department, onClose, onChanged }: { department: DepartmentRow | null; onClose: () => void; onChanged: () => void }) {
  const t = useT();
  const { modal, message } = App.useApp();
  const report = useReportError();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [picked, setPicked] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    setMembers(null);
    setPicked(null);
    if (!department) return;
    let live = true;
    call(api.GET('/api/v1/departments/{id}/members', { params: { path: { id: department.id } } }))
      .then((m) => live && setMembers(m))
      .catch((error) => live && report(error));
    return () => {
      live = false;
    };
  }, [department, report]);

  const search = async (keyword: string) => {
    const mine = ++seq.current;
    try {
      const page = await call(api.GET('/api/v1/users', { params: { query: { role: 'department_staff', status: 'active', pageSize: 20, ...(keyword.trim() ? { keyword: keyword.trim() } : {}) } } }));
      if (mine === seq.current) setOptions(page.data.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` })));
    } catch (error) {
      report(error);
    }
  };

  const change = async (run: () => Promise<Member[]>) => {
    setBusy(true);
    try {
      setMembers(await run());
      message.success(t('common.saved'));
      onChanged();
    } catch (error) {
      report(error);
    } finally {
      setBusy(false);
    }
  };

  const add = () => {
    if (!department || picked === null) return;
    void change(() => call(api.POST('/api/v1/departments/{id}/members', { params: { path: { id: department.id } }, body: { userId: picked } })));
    setPicked(null);
  };

  const remove = (m: Member) =>
    modal.confirm({
      title: t('dept.removeConfirm', { name: m.displayName }),
      okButtonProps: { danger: true },
      onOk: () => change(() => call(api.DELETE('/api/v1/departments/{id}/members/{userId}', { params: { path: { id: department!.id, userId: m.userId } } }))),
    });

  return (
    <Drawer open={department !== null} onClose={onClose} width={480} title={department ? t('dept.membersOf', { name: department.name }) : ''} destroyOnHidden>
      <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
        <Select
          showSearch
          filterOption={false}
          style={{ flex: 1 }}
          placeholder={t('dept.addMemberHint')}
          value={picked}
          options={options}
          onSearch={(text) => void search(text)}
          onFocus={() => void search('')}
          onChange={setPicked}
          id="dept-member-search"
        />
        <Button type="primary" disabled={picked === null} loading={busy} onClick={add} data-testid="dept-member-add">
          {t('dept.addMember')}
        </Button>
      </Space.Compact>
      <List
        loading={members === null}
        dataSource={members ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dept.noMembers')} /> }}
        renderItem={(m) => (
          <List.Item actions={[<Button key="remove" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(m)} aria-label={t('dept.removeMember')} />]}>
            <List.Item.Meta title={m.displayName} description={<Typography.Text type="secondary">{m.username}</Typography.Text>} />
          </List.Item>
        )}
      />
    </Drawer>
  );
}
