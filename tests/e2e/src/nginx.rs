//! Debian's nginx serving folders: a deploy bundle by its own `nginx.conf`, or a plain folder
//! (the benchmark's plain-JS page) by the same cache and fallback rules written out here, with
//! gzip. Runs in the foreground under a private prefix; stopped on drop.

use std::net::{Ipv4Addr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One site: a port on 127.0.0.1 and the folder it serves.
pub struct Site<'a> {
    pub port: u16,
    pub root: &'a Path,
    /// The rules to serve it by: a deploy bundle's `nginx.conf` (`.ci/deploy-bundle`), or else
    /// the README's rules written here (for a plain folder).
    pub rules: Option<&'a Path>,
}

/// A running nginx.
pub struct Nginx {
    process: Child,
}

const SECURITY_HEADERS: &str = r#"
        add_header Referrer-Policy "no-referrer" always;
        add_header X-Content-Type-Options "nosniff" always;
        add_header X-Frame-Options "DENY" always;
        add_header Content-Security-Policy "frame-ancestors 'none'" always;"#;

/// The server block for one site. nginx drops a parent's `add_header`s in any block that adds
/// its own, so every location repeats the security headers.
fn server_block(site: &Site) -> String {
    if let Some(rules) = site.rules {
        return format!(
            "\n    server {{\n        listen 127.0.0.1:{port};\n        root {root};\n        include {rules};\n    }}",
            port = site.port,
            root = site.root.display(),
            rules = rules.display(),
        );
    }
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
    }}"#,
        port = site.port,
        root = site.root.display(),
    )
}

fn config(prefix: &Path, sites: &[Site]) -> String {
    let servers: String = sites.iter().map(server_block).collect();
    let prefix = prefix.display();
    // A bundle's rules serve its .br files.
    let brotli = if sites.iter().any(|site| site.rules.is_some()) {
        "load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;"
    } else {
        ""
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
    types {{
        text/html html; text/css css; application/javascript js; application/wasm wasm;
        application/json json; image/svg+xml svg;
    }}
    default_type application/octet-stream;
    access_log off;
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
    /// Starts nginx (`$NGINX`, default `/usr/sbin/nginx`) for `sites`, keeping its files in
    /// `prefix`, and waits until every port answers.
    pub fn serve(prefix: &Path, sites: &[Site]) -> Nginx {
        let binary = std::env::var("NGINX").unwrap_or_else(|_| "/usr/sbin/nginx".into());
        let conf: PathBuf = prefix.join("nginx.conf");
        std::fs::write(&conf, config(prefix, sites)).expect("write nginx.conf");
        let process = Command::new(&binary)
            .arg("-p")
            .arg(prefix)
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {binary}: {error}"));
        let nginx = Nginx { process };
        let deadline = Instant::now() + Duration::from_secs(10);
        for site in sites {
            while TcpStream::connect((Ipv4Addr::LOCALHOST, site.port)).is_err() {
                assert!(
                    Instant::now() < deadline,
                    "nginx did not listen on {} (see {}/error.log)",
                    site.port,
                    prefix.display()
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        nginx
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}
