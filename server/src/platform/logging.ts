import type { FastifyServerOptions } from 'fastify';

/**
 * Structured JSON logs. Requests are logged by method and path only: query
 * strings, bodies, cookies and headers can carry personal data and never reach
 * the log.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: ['req.headers', 'res.headers', '*.password', '*.phone', '*.idNumber'], remove: true },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
