/** What the measurements' nginx serves. */
export interface NginxSite {
  /** Private directory for the config, pid file and temp paths. */
  dir: string;
  /** Document root. */
  root: string;
  port: number;
}

/**
 * An nginx.conf for a one-off benchmark server: foreground, logs to stderr (its "start worker
 * process" line is the ready signal), no access log, unlimited keep-alive requests, sendfile.
 */
export function nginxConfig(site: NginxSite): string {
  const tmp = `${site.dir}/tmp`;
  return [
    'worker_processes auto;',
    'daemon off;',
    `pid ${site.dir}/nginx.pid;`,
    'error_log stderr notice;',
    'events { worker_connections 4096; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${tmp};`,
    `  proxy_temp_path ${tmp};`,
    `  fastcgi_temp_path ${tmp};`,
    `  uwsgi_temp_path ${tmp};`,
    `  scgi_temp_path ${tmp};`,
    '  keepalive_requests 1000000;',
    '  keepalive_timeout 60s;',
    '  sendfile on;',
    '  tcp_nopush on;',
    `  server { listen ${site.port} reuseport backlog=4096; root ${site.root}; }`,
    '}',
    '',
  ].join('\n');
}

/** The line nginx prints on stderr once it accepts connections. */
export const NGINX_READY = /start worker process/;
