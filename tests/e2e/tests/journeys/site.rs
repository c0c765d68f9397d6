//! dist/ served the way a static host serves it: files as they are, index.html for unknown
//! paths (SPA fallback), and the `config.json` each test chooses.

use std::path::PathBuf;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower_http::services::{ServeDir, ServeFile};

/// What `/config.json` answers.
#[derive(Debug, Clone)]
pub enum ConfigFile {
    Json(String),
    Missing,
}

pub struct Site {
    pub url: String,
    server: JoinHandle<()>,
}

fn dist() -> PathBuf {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist");
    assert!(
        dist.join("index.html").is_file(),
        "no release build in {}: run `trunk build --release --offline` first (bash .ci/test does)",
        dist.display()
    );
    dist
}

impl Site {
    /// Binds a port first: the emulator must know the app's URL before the site can serve.
    pub async fn bind() -> (TcpListener, String) {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the site");
        let url = format!("http://{}/", listener.local_addr().expect("site address"));
        (listener, url)
    }

    pub fn serve(listener: TcpListener, url: String, config: ConfigFile) -> Site {
        let dist = dist();
        let config_route = get(move || {
            let config = config.clone();
            async move {
                match config {
                    ConfigFile::Json(json) => {
                        ([(header::CONTENT_TYPE, "application/json")], json).into_response()
                    }
                    ConfigFile::Missing => StatusCode::NOT_FOUND.into_response(),
                }
            }
        });
        let files = ServeDir::new(&dist).fallback(ServeFile::new(dist.join("index.html")));
        let app = Router::new()
            .route("/config.json", config_route)
            .fallback_service(files);
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Site { url, server }
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.server.abort();
    }
}
