import { useEffect, useState } from 'react';
import { api, call } from '../api/client';
import type { ResponseOf } from '../api/types';
import { useI18n } from '../i18n';

export type RoleInfo = ResponseOf<'/api/v1/roles'>[number];

let cache: Promise<RoleInfo[]> | null = null;

/** The role catalogue from GET /roles (read once per page load). */
export function loadRoles(): Promise<RoleInfo[]> {
  cache ??= call(api.GET('/api/v1/roles')).catch((error: unknown) => {
    cache = null;
    throw error;
  });
  return cache;
}

export function useRoles(): RoleInfo[] {
  const [roles, setRoles] = useState<RoleInfo[]>([]);
  useEffect(() => {
    let live = true;
    loadRoles()
      .then((r) => live && setRoles(r))
      .catch(() => live && setRoles([]));
    return () => {
      live = false;
    };
  }, []);
  return roles;
}

/** A role's name in the UI language. */
export function useRoleName() {
  const { language } = useI18n();
  return (role: Pick<RoleInfo, 'name' | 'nameEn'>) => (language === 'en-US' ? role.nameEn : role.name);
}

/**
 * A role code's name in the UI language, from the catalogue; `fallback` (the
 * server's roleName) until the catalogue arrives.
 */
export function useRoleLabel() {
  const roles = useRoles();
  const { language } = useI18n();
  return (code: string, fallback: string) => {
    const role = roles.find((r) => r.code === code);
    if (!role) return fallback;
    return language === 'en-US' ? role.nameEn : role.name;
  };
}
