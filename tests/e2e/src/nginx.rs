//! Debian's nginx serving folders: a deploy bundle by its own `nginx.conf` (as a Debian host
//! would: the system's MIME map, an access log and an error log, the bundle's `nginx-http.conf`
//! in `http { }`), a plain folder (the benchmark's plain-JS page) by the same cache and
//! fallback rules written out here, with gzip, or a TLS front that forwards to a test's
//! emulator. Runs in the foreground under a private prefix; stopped on drop.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::server::ServerProcess;

/// One site: a port on 127.0.0.1 and what it serves.
pub struct Site<'a> {
    pub port: u16,
    pub serves: Serves<'a>,
}

/// What a site serves.
pub enum Serves<'a> {
    /// A deploy bundle (`.ci/deploy-bundle`) under `root`, by its `nginx.conf` (`rules`) and
    /// its `nginx-http.conf` (`http_rules`).
    Bundle {
        root: &'a Path,
        rules: &'a Path,
        http_rules: &'a Path,
    },
    /// A plain folder, by the README's rules written here.
    Folder { root: &'a Path },
    /// https with `certificate` and `key`, everything forwarded to `upstream` (plain http),
    /// each request logged in [`UPSTREAM_LOG`], each answer with [`UPSTREAM_HSTS`].
    TlsFront {
        certificate: &'a Path,
        key: &'a Path,
        upstream: &'a str,
    },
}

/// Where a TLS front logs each request it forwards, inside its prefix.
pub const UPSTREAM_LOG: &str = "upstream-access.log";
/// The HSTS a TLS front adds to every answer.
pub const UPSTREAM_HSTS: &str = "max-age=1; includeSubDomains; preload";

/// A running nginx; stopped on drop.
pub struct Nginx {
    _process: ServerProcess,
}

const SECURITY_HEADERS: &str = r#"
        add_header Referrer-Policy "no-referrer" always;
        add_header X-Content-Type-Options "nosniff" always;
        add_header X-Frame-Options "DENY" always;
        add_header Content-Security-Policy "frame-ancestors 'none'" always;"#;

/// The server block for one site. nginx drops a parent's `add_header`s in any block that adds
/// its own, so every location repeats the security headers.
fn server_block(site: &Site) -> String {
    let port = site.port;
    let root = match site.serves {
        Serves::Bundle { root, rules, .. } => {
            return format!(
                "\n    server {{\n        listen 127.0.0.1:{port};\n        root {root};\n        include {rules};\n    }}",
                root = root.display(),
                rules = rules.display(),
            );
        }
        Serves::TlsFront {
            certificate,
            key,
            upstream,
        } => {
            return format!(
                "\n    server {{\n        listen 127.0.0.1:{port} ssl;\n        ssl_certificate {certificate};\n        ssl_certificate_key {key};\n        access_log {UPSTREAM_LOG};\n        location / {{\n            proxy_pass {upstream};\n            proxy_set_header Host 127.0.0.1;\n            # As an API host might: a forwarding must not pass it on to the app's origin.\n            add_header Strict-Transport-Security \"{UPSTREAM_HSTS}\" always;\n        }}\n    }}",
                certificate = certificate.display(),
                key = key.display(),
            );
        }
        Serves::Folder { root } => root.display(),
    };
    format!(
        r#"
    server {{
        listen 127.0.0.1:{port};
        root {root};
        # Trunk's hashed files (name-<16 hex>.js, _bg.wasm, .css): they never change.
        location ~ "-[0-9a-f]{{16}}(_bg)?\.(js|wasm|css)$" {{
            add_header Cache-Control "public, max-age=31536000, immutable" always;{SECURITY_HEADERS}
        }}
        # Never the SPA fallback: a missing config.json must be a 404.
        location = /config.json {{
            try_files $uri =404;
            add_header Cache-Control "no-cache" always;{SECURITY_HEADERS}
        }}
        location / {{
            try_files $uri /index.html;
            add_header Cache-Control "no-cache" always;{SECURITY_HEADERS}
        }}
    }}"#
    )
}

fn config(prefix: &Path, sites: &[Site]) -> String {
    let servers: String = sites.iter().map(server_block).collect();
    let http_rules: String = sites
        .iter()
        .filter_map(|site| match site.serves {
            Serves::Bundle { http_rules, .. } => {
                Some(format!("include {};\n    ", http_rules.display()))
            }
            _ => None,
        })
        .collect();
    let prefix = prefix.display();
    // A bundle is served as a Debian host serves it: the system's MIME map (which the bundle's
    // rules must not replace), every request logged, its .br files.
    let bundle = sites
        .iter()
        .any(|site| matches!(site.serves, Serves::Bundle { .. }));
    let (brotli, types, access_log) = match bundle {
        true => (
            "load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;",
            "include /etc/nginx/mime.types;".to_owned(),
            format!("access_log {prefix}/access.log;"),
        ),
        false => (
            "",
            "types {\n        text/html html; text/css css; application/javascript js; application/wasm wasm;\n        application/json json; image/svg+xml svg;\n    }".to_owned(),
            "access_log off;".to_owned(),
        ),
    };
    format!(
        r#"{brotli}
daemon off;
master_process off;
worker_processes 1;
error_log {prefix}/error.log warn;
pid {prefix}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    {types}
    default_type application/octet-stream;
    {access_log}
    {http_rules}
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    gzip on;
    gzip_comp_level 9;
    gzip_min_length 256;
    gzip_types text/css application/javascript application/wasm application/json image/svg+xml;
    gzip_vary on;
    {servers}
}}
"#
    )
}

impl Nginx {
    /// Starts nginx (`$NGINX`, default `/usr/sbin/nginx`) for `sites`, keeping its files
    /// (`access.log` and `error.log` among them) in `prefix`, and waits until every port
    /// answers.
    pub fn serve(prefix: &Path, sites: &[Site]) -> Nginx {
        let binary = std::env::var("NGINX").unwrap_or_else(|_| "/usr/sbin/nginx".into());
        let conf: PathBuf = prefix.join("nginx.conf");
        std::fs::write(&conf, config(prefix, sites)).expect("write nginx.conf");
        let mut command = Command::new(&binary);
        command
            .arg("-p")
            .arg(prefix)
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null());
        let ports: Vec<u16> = sites.iter().map(|site| site.port).collect();
        Nginx {
            _process: ServerProcess::start(command, &ports, &prefix.join("error.log")),
        }
    }
}
