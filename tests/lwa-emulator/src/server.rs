//! The HTTP server: routes, CORS, the delay switch, and the handle tests hold.

use std::collections::HashMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower_http::cors::{Any, CorsLayer};

use crate::faults::{Delivery, Faults, REDIRECT_TARGET_PATH};
use crate::grants::Grants;
use crate::registry::{Account, Client};
use crate::respond::REQUEST_ID_HEADER;
use crate::scope::Scope;
use crate::wire::MAX_PARAMETERS_BYTES;
use crate::{api, authorize, token};

/// State every handler sees.
pub(crate) struct Shared {
    pub(crate) clients: Vec<Client>,
    pub(crate) account: Account,
    base_url: String,
    /// The `grant` `/app-config.json` names, if any.
    app_grant: Option<String>,
    /// Whether `/app-config.json` says `"popup": true`.
    app_popup: bool,
    live: Mutex<Live>,
}

/// The part that changes while the emulator runs.
pub(crate) struct Live {
    pub(crate) faults: Faults,
    pub(crate) grants: Grants,
    clock_offset: Duration,
    /// Requests per endpoint path, whatever their outcome.
    requests: HashMap<&'static str, usize>,
    /// When each token request arrived, per `grant_type`, whatever its outcome.
    grant_types: HashMap<String, Vec<Instant>>,
    /// How many times a refresh token that rotation retired was presented again.
    pub(crate) retired_refresh_tokens_presented: usize,
}

impl Shared {
    pub(crate) fn client(&self, client_id: &str) -> Option<&Client> {
        self.clients
            .iter()
            .find(|client| client.client_id == client_id)
    }

    /// The live state; a handler that panicked while holding it cannot wedge the emulator.
    pub(crate) fn live(&self) -> MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn faults(&self) -> Faults {
        self.live().faults.clone()
    }
}

impl Live {
    /// The emulator's clock: real time, plus however far tests moved it forward.
    pub(crate) fn now(&self) -> SystemTime {
        SystemTime::now() + self.clock_offset
    }

    /// Counts a token request of `grant_type`, arriving now.
    pub(crate) fn count_grant_type(&mut self, grant_type: &str) {
        self.grant_types
            .entry(grant_type.to_owned())
            .or_default()
            .push(Instant::now());
    }
}

/// An emulator to start: who is registered, who is signed in, which faults are on.
#[derive(Debug, Clone)]
pub struct Emulator {
    clients: Vec<Client>,
    account: Account,
    faults: Faults,
    port: u16,
    app_grant: Option<String>,
    app_popup: bool,
    /// Whether the APIs answer browsers' cross-origin (CORS) requests.
    cors: bool,
}

impl Default for Emulator {
    /// The demo client and the demo account, no faults, any free port.
    fn default() -> Self {
        Emulator {
            clients: vec![Client::demo()],
            account: Account::demo(),
            faults: Faults::default(),
            port: 0,
            app_grant: None,
            app_popup: false,
            cors: true,
        }
    }
}

impl Emulator {
    /// Only `clients` are registered (instead of the demo client).
    pub fn with_clients(mut self, clients: Vec<Client>) -> Self {
        self.clients = clients;
        self
    }

    /// Starts with these fault switches.
    pub fn with_faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// `/app-config.json` tells the app to sign in with this `grant` (`implicit`, `code_pkce`).
    pub fn with_app_grant(mut self, grant: Option<&str>) -> Self {
        self.app_grant = grant.map(str::to_owned);
        self
    }

    /// `/app-config.json` tells the app to sign in in a popup window (`"popup": true`) instead
    /// of leaving its page for Amazon's.
    pub fn with_app_popup(mut self, popup: bool) -> Self {
        self.app_popup = popup;
        self
    }

    /// The APIs send no CORS headers, so browsers refuse their answers to other origins: an
    /// Amazon that does not answer CORS, for the same-origin forwarding fallback.
    pub fn without_cors(mut self) -> Self {
        self.cors = false;
        self
    }

    /// Listens on this port of 127.0.0.1 (0, the default, picks a free one).
    pub fn on_port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Binds 127.0.0.1 and serves in the background of the current tokio runtime.
    pub async fn start(self) -> io::Result<RunningEmulator> {
        let listener =
            TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))).await?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Shared {
            clients: self.clients,
            account: self.account,
            base_url: format!("http://{address}"),
            app_grant: self.app_grant,
            app_popup: self.app_popup,
            live: Mutex::new(Live {
                faults: self.faults,
                grants: Grants::default(),
                clock_offset: Duration::ZERO,
                requests: HashMap::new(),
                grant_types: HashMap::new(),
                retired_refresh_tokens_presented: 0,
            }),
        });
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router(shared.clone(), self.cors);
        let server = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(error) = serve.await {
                eprintln!("lwa-emulator stopped: {error}");
            }
        });
        Ok(RunningEmulator {
            address,
            shared,
            stop: Some(stop),
            server,
        })
    }
}

/// A running emulator. Dropping it stops the server.
pub struct RunningEmulator {
    address: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    server: JoinHandle<()>,
}

impl RunningEmulator {
    /// `http://127.0.0.1:<port>`: the API base URL, and the host of `/ap/oa`.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Replaces every fault switch at once; requests after this see the new switches.
    pub fn set_faults(&self, faults: Faults) {
        self.shared.live().faults = faults;
    }

    /// Moves the emulator's clock forward, e.g. past a token's expiry.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.live().clock_offset += by;
    }

    /// How many requests reached `path` (one of the endpoint paths, e.g. `/ap/oa`) so far, not
    /// counting CORS preflights.
    pub fn requests_to(&self, path: &str) -> usize {
        self.shared.live().requests.get(path).copied().unwrap_or(0)
    }

    /// How many token requests with this `grant_type` (`authorization_code`, `refresh_token`)
    /// arrived so far, whatever their outcome.
    pub fn token_requests(&self, grant_type: &str) -> usize {
        self.token_request_times(grant_type).len()
    }

    /// When each token request with this `grant_type` arrived (monotonic clock), in order.
    pub fn token_request_times(&self, grant_type: &str) -> Vec<Instant> {
        self.shared
            .live()
            .grant_types
            .get(grant_type)
            .cloned()
            .unwrap_or_default()
    }

    /// How many times a refresh token that rotation had retired was presented again: a client
    /// that kept an old copy (with `revoke_family_on_reuse`, each one revoked a whole sign-in).
    pub fn retired_refresh_tokens_presented(&self) -> usize {
        self.shared.live().retired_refresh_tokens_presented
    }

    /// Every authorization code, access token and refresh token handed out so far, and every
    /// `state` and PKCE `code_verifier` received: the secrets a test may look for where they
    /// must not be.
    pub fn secrets(&self) -> Vec<String> {
        self.shared.live().grants.secrets.clone()
    }

    /// Issues an access token to `client_id` directly, as if obtained elsewhere: for tests of
    /// token injection. Its lifetime follows the `token_lifetime` switch.
    pub fn issue_access_token(&self, client_id: &str, scopes: &[Scope]) -> String {
        let mut live = self.shared.live();
        let (now, lifetime) = (live.now(), live.faults.token_lifetime);
        let family = Grants::new_family();
        live.grants
            .issue_access(client_id, scopes, now, lifetime, &family)
    }

    /// Stops serving and waits until the server has shut down.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.server).await;
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn router(shared: Arc<Shared>, cors_on: bool) -> Router {
    // Like a public API: any origin may call it, without credentials.
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("x-amz-access-token"),
        ])
        .expose_headers([
            HeaderName::from_static(REQUEST_ID_HEADER),
            header::RETRY_AFTER,
        ])
        .max_age(Duration::from_secs(600));
    let api = Router::new()
        .route("/user/profile", get(api::profile))
        .route(REDIRECT_TARGET_PATH, get(api::profile))
        .route("/auth/o2/tokeninfo", get(api::tokeninfo))
        .route("/auth/o2/token", post(token::token))
        .layer(middleware::from_fn_with_state(shared.clone(), canned))
        .layer(middleware::from_fn_with_state(shared.clone(), cacheable))
        .layer(middleware::from_fn_with_state(shared.clone(), delay));
    let api = if cors_on { api.layer(cors) } else { api };
    let sign_in = Router::new()
        .route(AUTHORIZE_PATH, get(authorize::authorize))
        .route("/ap/oa/consent", post(authorize::answer_consent))
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            opener_policy,
        ));
    Router::new()
        .route("/app-config.json", get(app_config))
        .merge(sign_in)
        .merge(api)
        .layer(middleware::from_fn_with_state(shared.clone(), count))
        .layer(middleware::from_fn(local_host_only))
        .layer(DefaultBodyLimit::max(MAX_PARAMETERS_BYTES))
        .with_state(shared)
}

const AUTHORIZE_PATH: &str = "/ap/oa";
/// The paths [`RunningEmulator::requests_to`] counts.
const COUNTED_PATHS: [&str; 6] = [
    AUTHORIZE_PATH,
    "/ap/oa/consent",
    "/user/profile",
    "/auth/o2/tokeninfo",
    "/auth/o2/token",
    REDIRECT_TARGET_PATH,
];

/// Refuses requests for any host but this machine's names: a web page on another site whose
/// name was pointed at 127.0.0.1 (DNS rebinding) cannot reach the emulator as its own origin.
async fn local_host_only(request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .unwrap_or_default();
    let name = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().map(|name| format!("[{name}]")),
        None => host.split(':').next().map(str::to_owned),
    };
    if matches!(name.as_deref(), Some("127.0.0.1" | "localhost" | "[::1]")) {
        next.run(request).await
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            "This emulator answers only to 127.0.0.1 and localhost.",
        )
            .into_response()
    }
}

/// The opener-policy switch, for the sign-in pages: every answer, the redirects back to the app
/// too, since a browser weighs the policy of each response a navigation passes through.
async fn opener_policy(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if shared.faults().opener_policy_same_origin {
        response.headers_mut().insert(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        );
    }
    response
}

/// The cacheable-answers switch: API answers may be kept for an hour.
async fn cacheable(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if shared.faults().cacheable_answers {
        let headers = response.headers_mut();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=3600"),
        );
        headers.remove(header::PRAGMA);
    }
    response
}

/// The canned-answer switch: its endpoint answers as told, whatever was asked.
async fn canned(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let canned = shared
        .faults()
        .canned_answer
        .filter(|canned| canned.endpoint.path() == request.uri().path());
    let Some(canned) = canned else {
        return next.run(request).await;
    };
    let body = delivered(canned.delivery, canned.body);
    let mut response = (
        StatusCode::from_u16(canned.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [(header::CONTENT_TYPE, canned.content_type)],
        body,
    )
        .into_response();
    if canned.delivery == Delivery::DeclaredLargerThanSent {
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from_static("1048576"));
    }
    if let Some(location) = canned
        .location
        .and_then(|to| HeaderValue::from_str(&to).ok())
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// `body` as `delivery` says: whole, or in 8 KB chunks (without end, or the first one only).
fn delivered(delivery: Delivery, body: String) -> axum::body::Body {
    let chunks = || -> Vec<Vec<u8>> {
        body.as_bytes()
            .chunks(8 * 1024)
            .map(<[u8]>::to_vec)
            .collect()
    };
    let stream = |chunks: Box<dyn Iterator<Item = Vec<u8>> + Send>| {
        axum::body::Body::from_stream(futures_util::stream::iter(chunks.map(Ok::<_, io::Error>)))
    };
    match delivery {
        Delivery::Whole => axum::body::Body::from(body),
        Delivery::Chunked => stream(Box::new(chunks().into_iter())),
        Delivery::ChunkedWithoutEnd => stream(Box::new(chunks().into_iter().cycle())),
        Delivery::DeclaredLargerThanSent => {
            let first = futures_util::stream::iter(chunks().into_iter().take(1).map(Ok));
            let stall = futures_util::stream::pending::<Result<Vec<u8>, io::Error>>();
            axum::body::Body::from_stream(futures_util::StreamExt::chain(first, stall))
        }
    }
}

/// Counts requests to the endpoints, for tests that prove a call was or was not made. CORS
/// preflights are not calls, and are not counted.
async fn count(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let endpoint = COUNTED_PATHS
        .into_iter()
        .find(|path| *path == request.uri().path());
    if let Some(path) = endpoint.filter(|_| request.method() != Method::OPTIONS) {
        *shared.live().requests.entry(path).or_default() += 1;
    }
    next.run(request).await
}

/// The slow-response switch, for the JSON APIs.
async fn delay(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let delay = shared.faults().delay;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    next.run(request).await
}

/// A Doorstep `config.json` that points the app at this emulator with its first client.
async fn app_config(State(shared): State<Arc<Shared>>) -> Response {
    let client_id = shared
        .clients
        .first()
        .map(|client| client.client_id.as_str())
        .unwrap_or_default();
    let mut config = json!({
        "client_id": client_id,
        "endpoints": { "authorize": format!("{}/ap/oa", shared.base_url), "api": shared.base_url },
    });
    if let Some(grant) = &shared.app_grant {
        config["grant"] = grant.as_str().into();
    }
    if shared.app_popup {
        config["popup"] = true.into();
    }
    Json(config).into_response()
}
