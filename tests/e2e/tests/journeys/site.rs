//! dist/ served the way a static host serves it: files as they are, index.html for unknown
//! paths (SPA fallback), and the `config.json` each test chooses. The app can also be served
//! under a path (a non-root public URL): its index.html then names that path in `<base href>`.
//! A journey may add a script that runs first on each of the app's pages (to watch it, or to
//! take a Web API away), and every site has another page that is not the app
//! ([`OTHER_PAGE`]): another app of the same origin.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::IntoResponse;
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower_http::services::ServeDir;

use e2e::caddy::Caddy;
use e2e::nginx::{Nginx, Serves, Site as NginxSite};

/// A page of the site's origin that is not the app (and never held its sessionStorage).
pub const OTHER_PAGE: &str = "/another-app.html";

/// What `/config.json` answers.
#[derive(Debug, Clone)]
pub enum ConfigFile {
    Json(String),
    Missing,
    /// Headers and a first byte, then nothing for a minute (a server that hangs).
    Stalled,
    /// This status with an HTML page (a CDN's 503 during a deploy, for instance).
    Status(u16),
}

pub struct Site {
    pub url: String,
    /// What `/config.json` answers now; a journey may change it between page loads.
    config: Arc<Mutex<ConfigFile>>,
    /// Every path with a query that the site was asked for, in order: where Amazon's answers
    /// in the query (the code grant's) arrive, so tests can replay one.
    visited: Arc<Mutex<Vec<String>>>,
    server: Server,
}

/// The real web server a deploy bundle is served by, with the bundle's own rules for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebServer {
    Nginx,
    Caddy,
}

/// What serves the site.
enum Server {
    /// The test file server, in this process.
    Files(JoinHandle<()>),
    /// Debian's nginx or Caddy serving a deploy bundle (`bundle`, inside `work`); stopped on
    /// drop.
    Deployed {
        /// The running nginx or Caddy, kept until the site is dropped.
        _server: Box<dyn Send + Sync>,
        work: PathBuf,
        bundle: PathBuf,
    },
}

impl Site {
    /// Binds a port first: the emulator must know the app's URL before the site can serve.
    /// `base_path` (`/`, or e.g. `/app/`) is where the app lives; the URL returned is the app's.
    pub async fn bind(base_path: &str) -> (TcpListener, String) {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the site");
        let url = format!(
            "http://{}{base_path}",
            listener.local_addr().expect("site address")
        );
        (listener, url)
    }

    /// Serves the release build in `dist` at `url`; `first_script`, when given, runs before
    /// anything else on each of the app's pages.
    pub fn serve(
        listener: TcpListener,
        url: String,
        dist: PathBuf,
        config: ConfigFile,
        first_script: Option<&str>,
    ) -> Site {
        let base_path = url
            .splitn(4, '/')
            .nth(3)
            .map(|path| format!("/{path}"))
            .unwrap_or_else(|| "/".into());
        let config = Arc::new(Mutex::new(config));
        let served = config.clone();
        let config_route = get(move || {
            let config = served
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone();
            async move {
                match config {
                    ConfigFile::Json(json) => {
                        ([(header::CONTENT_TYPE, "application/json")], json).into_response()
                    }
                    ConfigFile::Missing => StatusCode::NOT_FOUND.into_response(),
                    ConfigFile::Status(status) => (
                        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                        [(header::CONTENT_TYPE, "text/html")],
                        format!("<html><body><h1>{status}</h1></body></html>"),
                    )
                        .into_response(),
                    ConfigFile::Stalled => {
                        let first = futures::stream::once(async {
                            Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"{"))
                        });
                        let stall = futures::stream::once(async {
                            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
                            Ok(axum::body::Bytes::from_static(b"}"))
                        });
                        let body =
                            axum::body::Body::from_stream(futures::StreamExt::chain(first, stall));
                        ([(header::CONTENT_TYPE, "application/json")], body).into_response()
                    }
                }
            }
        });
        // Trunk built index.html for `/`; under another path only its <base href> changes (the
        // hashed files keep their absolute URLs, and are served from the root too).
        let index = std::fs::read_to_string(dist.join("index.html"))
            .expect("read index.html")
            .replace("<base href=/>", &format!("<base href={base_path}>"));
        assert!(
            index.contains(&format!("<base href={base_path}>")),
            "{index}"
        );
        // Trunk's minified index.html has no <head> tag: the script goes right after the charset.
        let charset = "<meta charset=utf-8>";
        assert!(index.contains(charset), "{index}");
        let index = match first_script {
            Some(script) => {
                index.replacen(charset, &format!("{charset}<script>{script}</script>"), 1)
            }
            None => index,
        };
        let fallback = get(move || {
            let index = index.clone();
            async move { ([(header::CONTENT_TYPE, "text/html")], index).into_response() }
        });
        let files = ServeDir::new(&dist).fallback(fallback.clone());
        let visited = Arc::new(Mutex::new(Vec::new()));
        let log = visited.clone();
        let other_page = get(|| async {
            let page =
                "<!doctype html><title>Another app of this origin</title><p>Not Doorstep.</p>";
            ([(header::CONTENT_TYPE, "text/html")], page).into_response()
        });
        let app = Router::new()
            .route(&format!("{base_path}config.json"), config_route)
            .route(OTHER_PAGE, other_page)
            .route(&base_path, fallback.clone())
            .route("/index.html", fallback)
            .fallback_service(files)
            .layer(middleware::from_fn(move |request: Request, next: Next| {
                let log = log.clone();
                async move {
                    if request.uri().query().is_some() {
                        let visited = request.uri().to_string();
                        log.lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .push(visited);
                    }
                    next.run(request).await
                }
            }));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Site {
            url,
            config,
            visited,
            server: Server::Files(server),
        }
    }

    /// The release build bundled by `.ci/deploy-bundle` with `config` for `url` (which is on
    /// `port`) and the bundler's further `options`, served by `server` with the bundle's own
    /// rules. `work` is the site's folder (its logs and the web root; removed on drop).
    pub fn serve_bundle(
        server: WebServer,
        work: PathBuf,
        port: u16,
        url: String,
        config: &str,
        options: &[&str],
    ) -> Site {
        // The web root; the bundle goes where the URL's path says (e.g. `site/app/`).
        let root = work.join("site");
        let base = url.splitn(4, '/').nth(3).unwrap_or_default();
        let bundle = root.join(base);
        // nginx logs where the test reads it (a host's is /var/log/nginx/access.log).
        let access_log = work.join("access.log").display().to_string();
        let options = [options, &["--nginx-access-log", &access_log]].concat();
        e2e::bundle::make(
            e2e::bundle::deployed_build().as_deref(),
            config,
            &work.join("config.json"),
            &bundle,
            &url,
            &options,
        );
        let running: Box<dyn Send + Sync> = match server {
            WebServer::Nginx => Box::new(Nginx::serve(
                &work,
                &[NginxSite {
                    port,
                    serves: Serves::Bundle {
                        root: &root,
                        rules: &bundle.join("nginx.conf"),
                        http_rules: &bundle.join("nginx-http.conf"),
                    },
                }],
            )),
            WebServer::Caddy => Box::new(Caddy::serve(
                &work,
                port,
                &root,
                &bundle.join("Caddyfile"),
                &bundle.join("Caddyfile.global"),
            )),
        };
        Site {
            url,
            config: Arc::new(Mutex::new(ConfigFile::Json(config.to_owned()))),
            visited: Arc::new(Mutex::new(Vec::new())),
            server: Server::Deployed {
                _server: running,
                work,
                bundle,
            },
        }
    }

    /// Everything the deployed site's server has logged so far: access logs, error logs and
    /// the server's own output, one after another.
    pub fn server_logs(&self) -> String {
        let Server::Deployed { work, .. } = &self.server else {
            panic!("only a deployed site has a server's logs");
        };
        ["access.log", "error.log", "caddy.log", "caddy.out"]
            .iter()
            .filter_map(|name| std::fs::read_to_string(work.join(name)).ok())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The site's origin, `http://127.0.0.1:<port>`.
    pub fn origin(&self) -> String {
        self.url
            .splitn(4, '/')
            .take(3)
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The folder the site serves, when it is a deploy bundle.
    pub fn bundle(&self) -> Option<PathBuf> {
        match &self.server {
            Server::Deployed { bundle, .. } => Some(bundle.clone()),
            Server::Files(_) => None,
        }
    }

    /// What `/config.json` answers now.
    pub fn config(&self) -> ConfigFile {
        self.config
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// From now on `/config.json` answers `config` (the test file server only).
    pub fn set_config(&self, config: ConfigFile) {
        assert!(
            matches!(self.server, Server::Files(_)),
            "a bundle's config is its file"
        );
        *self.config.lock().unwrap_or_else(PoisonError::into_inner) = config;
    }

    /// The paths with a query the site was asked for so far (e.g. `/?code=…&state=…`).
    pub fn visited_with_query(&self) -> Vec<String> {
        self.visited
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        match &self.server {
            Server::Files(server) => server.abort(),
            Server::Deployed { work, .. } => {
                let _ = std::fs::remove_dir_all(work);
            }
        }
    }
}
