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
} as const;
