import { ProFormDependency, ProFormRadio, ProFormSelect } from '@ant-design/pro-components';
import { Select, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, call } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { StatusTag, type CaseDetail } from './labels';

type Duplicate = ResponseOf<'/api/v1/cases/{id}/duplicates'>[number];
interface Option {
  value: number;
  label: React.ReactNode;
  text: string;
}

/** People who handle routine cases in a community: grid workers, committee members, community staff. */
const HANDLER_ROLES = new Set(['grid_worker', 'committee_member', 'community_staff']);

/** Loads options once per `key`; `load` may change identity every render. */
function useOptions(key: string, load: () => Promise<Option[]>): Option[] {
  const report = useReportError();
  const [options, setOptions] = useState<Option[]>([]);
  useEffect(() => {
    let live = true;
    load()
      .then((o) => live && setOptions(o))
      .catch((error) => {
        if (live) report(error);
      });
    return () => {
      live = false;
    };
  }, [key]);
  return options;
}

/** The case's place and every node above it: who is bound there covers the case. */
async function coveringNodes(c: CaseDetail): Promise<Set<number>> {
  const node = await call(api.GET('/api/v1/territory/nodes/{id}', { params: { path: { id: c.territoryId } } }));
  return new Set([node.id, ...node.ancestors.map((a) => a.id)]);
}

/** Enabled departments of the case's district (or city): the ones the server accepts. */
async function departmentOptions(c: CaseDetail): Promise<Option[]> {
  const [page, covering] = await Promise.all([call(api.GET('/api/v1/departments', { params: { query: { pageSize: 200 } } })), coveringNodes(c)]);
  return page.data
    .filter((d) => d.enabled && covering.has(d.territoryId))
    .map((d) => ({ value: d.id, text: d.name, label: `${d.name}（${d.territoryName}）` }));
}

async function userOptions(query: { territoryId?: number; role?: 'district_admin' }, eligible?: (role: { role: string; territoryId: number | null }) => boolean): Promise<Option[]> {
  const page = await call(api.GET('/api/v1/users', { params: { query: { ...query, status: 'active', pageSize: 200 } } }));
  return page.data
    .filter((u) => !eligible || u.roles.some(eligible))
    .map((u) => ({ value: u.id, text: u.displayName, label: `${u.displayName}（${u.username}）` }));
}

/**
 * Routine handlers: accounts of the community whose handling role is bound to
 * the case's place or above it — a grid worker of another grid cannot take it
 * (the server checks the same).
 */
async function handlerOptions(c: CaseDetail): Promise<Option[]> {
  const covering = await coveringNodes(c);
  return userOptions({ territoryId: c.communityId }, (r) => HANDLER_ROLES.has(r.role) && r.territoryId !== null && covering.has(r.territoryId));
}

/**
 * 三哨分流 dispatch (cases/dispatch.ts): routine → one grid worker or the
 * community itself; joint → a lead department plus assisting ones; tough →
 * the same under a named supervising leader of the district.
 */
export function DispatchFields({ c }: { c: CaseDetail }) {
  const t = useT();
  const routine = c.tier === 'routine';
  const handlers = useOptions(`handlers:${routine}:${c.territoryId}`, () => (routine ? handlerOptions(c) : Promise.resolve([])));
  const departments = useOptions(`departments:${routine}:${c.territoryId}`, () => (routine ? Promise.resolve([]) : departmentOptions(c)));
  const supervisors = useOptions(`supervisors:${c.tier}`, () => (c.tier === 'tough' ? userOptions({ role: 'district_admin' }) : Promise.resolve([])));
  const select = (id: string) => ({ id, showSearch: true, optionFilterProp: 'text' });

  if (routine) {
    return (
      <>
        <ProFormRadio.Group
          name="mode"
          label={t('form.dispatchTo')}
          initialValue="person"
          options={[
            { value: 'person', label: t('form.toGridWorker') },
            { value: 'community', label: t('form.toCommunity') },
          ]}
          fieldProps={{ id: 'dispatch-mode' } as never}
        />
        <ProFormDependency name={['mode']}>
          {({ mode }) =>
            mode === 'community' ? null : (
              <ProFormSelect name="assigneeUserId" label={t('form.assignee')} options={handlers} rules={[{ required: true }]} fieldProps={select('dispatch-assignee')} />
            )
          }
        </ProFormDependency>
      </>
    );
  }
  return (
    <>
      <ProFormSelect name="leadDepartmentId" label={t('form.leadDepartment')} options={departments} rules={[{ required: true }]} fieldProps={select('dispatch-lead')} />
      <ProFormDependency name={['leadDepartmentId']}>
        {({ leadDepartmentId }) => (
          <ProFormSelect
            name="assistDepartmentIds"
            label={t('form.assistDepartments')}
            options={departments.filter((d) => d.value !== leadDepartmentId)}
            mode="multiple"
            fieldProps={select('dispatch-assist')}
          />
        )}
      </ProFormDependency>
      {c.tier === 'tough' ? (
        <ProFormSelect name="supervisorUserId" label={t('form.supervisor')} options={supervisors} rules={[{ required: true }]} fieldProps={select('dispatch-supervisor')} />
      ) : null}
    </>
  );
}

const MERGEABLE = new Set(['rejected', 'merged']);

/** Picks the case to merge into: the server's suggestions first, or a search by tracking number or words. */
export function MergeTargetSelect({ c, value, onChange }: { c: CaseDetail; value?: number; onChange?: (v: number) => void }) {
  const t = useT();
  const report = useReportError();
  const [suggested, setSuggested] = useState<Duplicate[] | null>(null);
  const [found, setFound] = useState<Option[]>([]);
  const seq = useRef(0);

  useEffect(() => {
    let live = true;
    call(api.GET('/api/v1/cases/{id}/duplicates', { params: { path: { id: c.id } } }))
      .then((d) => live && setSuggested(d))
      .catch((error) => {
        if (live) {
          setSuggested([]);
          report(error);
        }
      });
    return () => {
      live = false;
    };
  }, [c.id, report]);

  const search = async (text: string) => {
    const keyword = text.trim();
    const mine = ++seq.current;
    if (keyword.length < 2) return setFound([]);
    try {
      const page = await call(api.GET('/api/v1/cases', { params: { query: { keyword, pageSize: 10 } } }));
      if (mine !== seq.current) return;
      setFound(
        page.data
          .filter((r) => r.id !== c.id && r.communityId === c.communityId && !MERGEABLE.has(r.status))
          .map((r) => ({ value: r.id, text: r.trackingNo, label: `${r.trackingNo} · ${r.description.slice(0, 30)}` })),
      );
    } catch (error) {
      report(error);
    }
  };

  const options: Option[] = [
    ...(suggested ?? []).map((d) => ({
      value: d.id,
      text: d.trackingNo,
      label: (
        <Space size={4}>
          <span>{d.trackingNo}</span>
          <StatusTag status={d.status} />
          <Tag>{t('form.similarity', { value: Math.round(d.similarity * 100) })}</Tag>
          <Typography.Text type="secondary">{d.description.slice(0, 24)}</Typography.Text>
        </Space>
      ),
    })),
    ...found.filter((f) => !(suggested ?? []).some((s) => s.id === f.value)),
  ];

  return (
    <Select
      id="merge-target"
      value={value}
      onChange={onChange}
      showSearch
      filterOption={false}
      onSearch={(text) => void search(text)}
      loading={suggested === null}
      options={options}
      notFoundContent={suggested === null ? null : t('form.noDuplicates')}
      placeholder={t('form.mergeTarget')}
    />
  );
}
