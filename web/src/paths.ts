/** Console routes. Stable: menus, redirects and browser tests use them. */
export const PATHS = {
  home: '/',
  login: '/login',
  territory: '/territory',
  users: '/users',
  audit: '/audit',
  dicts: '/dicts',
  password: '/account/password',
  open311Keys: '/open311-keys',
  hotlineImport: '/hotline-import',
} as const;
