//! Who the emulator knows: registered clients (security profiles) and the signed-in account.

/// The client every default setup registers, as in `lwa-emulator --help` and the README.
pub const DEMO_CLIENT_ID: &str = "amzn1.application-oa2-client.d00257e9c0ffee00d00257e9c0ffee00";

/// The demo client's secret, for server-side code exchanges without PKCE. Browser apps never use it.
pub const DEMO_CLIENT_SECRET: &str = "demo-secret-for-server-side-exchanges-only";

/// Return URLs allowed for the demo client by default: the app under `trunk serve`.
pub const DEMO_REDIRECT_URIS: [&str; 2] = ["http://127.0.0.1:8080/", "http://localhost:8080/"];

/// A registered application (Amazon calls it a security profile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// `client_id`, e.g. `amzn1.application-oa2-client.<hex>`.
    pub client_id: String,
    /// Shown on the consent page.
    pub name: String,
    /// "Allowed Return URLs": `redirect_uri` must equal one of them exactly.
    pub redirect_uris: Vec<String>,
    /// Secret for confidential clients; codes requested without PKCE can only be exchanged with it.
    pub client_secret: Option<String>,
}

impl Client {
    /// A client with no return URL yet; add some with [`Client::allow_redirect`].
    pub fn new(client_id: impl Into<String>, name: impl Into<String>) -> Self {
        Client {
            client_id: client_id.into(),
            name: name.into(),
            redirect_uris: Vec::new(),
            client_secret: None,
        }
    }

    /// The demo client with its default return URLs and secret.
    pub fn demo() -> Self {
        DEMO_REDIRECT_URIS
            .into_iter()
            .fold(
                Client::new(DEMO_CLIENT_ID, "Doorstep (local demo)"),
                Client::allow_redirect,
            )
            .with_secret(DEMO_CLIENT_SECRET)
    }

    /// Adds an allowed return URL.
    pub fn allow_redirect(mut self, redirect_uri: impl Into<String>) -> Self {
        self.redirect_uris.push(redirect_uri.into());
        self
    }

    /// Sets the client secret.
    pub fn with_secret(mut self, secret: impl Into<String>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }
}

/// The application id tokeninfo reports as `app_id` for a client, derived so that it is stable.
pub(crate) fn app_id_for(client_id: &str) -> String {
    let suffix = client_id.rsplit('.').next().unwrap_or_default();
    format!("amzn1.application.{suffix}")
}

/// The customer who is "signed in at Amazon" in the emulator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub postal_code: String,
}

impl Account {
    /// The demo customer shown on the consent page.
    pub fn demo() -> Self {
        Account {
            user_id: "amzn1.account.DEMOCUSTOMERD00257E9C0FFEE".into(),
            name: "Demo Customer".into(),
            email: "demo.customer@example.com".into(),
            postal_code: "98052".into(),
        }
    }
}
