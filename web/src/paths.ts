/** Console routes. Stable: menus, redirects and browser tests use them. */
export const PATHS = {
  home: '/',
  login: '/login',
  territory: '/territory',
  users: '/users',
  audit: '/audit',
  dicts: '/dicts',
  stats: '/stats',
  password: '/account/password',
  open311Keys: '/open311-keys',
  hotlineImport: '/hotline-import',
  cases: '/cases',
  departments: '/departments',
  timeLimits: '/case-time-limits',
  notifications: '/notifications',
} as const;
