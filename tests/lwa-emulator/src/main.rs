//! `lwa-emulator`: the local Login with Amazon, on 127.0.0.1, until Ctrl-C.

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use lwa_emulator::{
    ApiEndpoint, AuthorizeError, Client, DEMO_REDIRECT_URIS, Emulator, Faults, ProfileFailure,
    ProfileField,
};

/// A local Login with Amazon for development and tests: consent page, tokens, profile,
/// tokeninfo and token exchange, with switches that make it fail like Amazon can.
#[derive(Debug, Parser)]
#[command(name = "lwa-emulator", version)]
struct Cli {
    /// Port to listen on (127.0.0.1 only).
    #[arg(long, default_value_t = 8787)]
    port: u16,

    /// Register this client_id instead of the demo client.
    #[arg(long, value_name = "ID")]
    client_id: Option<String>,

    /// An Allowed Return URL of the client; repeat for more.
    /// [default: http://127.0.0.1:8080/ and http://localhost:8080/]
    #[arg(long = "redirect-uri", value_name = "URL")]
    redirect_uris: Vec<String>,

    /// Fault: /ap/oa answers with this OAuth error instead of the consent page (access_denied,
    /// invalid_request, unauthorized_client, unsupported_response_type, invalid_scope,
    /// server_error, temporarily_unavailable, invalid_grant).
    #[arg(long, value_name = "CODE")]
    authorize_error: Option<AuthorizeError>,

    /// Fault: tokeninfo reports another client as the token's audience.
    #[arg(long)]
    wrong_audience: bool,

    /// Fault: /user/profile fails with this status (401, 403, 500 or 503).
    #[arg(long, value_name = "STATUS")]
    profile_status: Option<ProfileFailure>,

    /// Fault: these endpoints send truncated JSON (comma-separated: profile, tokeninfo, token).
    #[arg(long, value_name = "ENDPOINTS", value_delimiter = ',')]
    malformed_json: Vec<ApiEndpoint>,

    /// Fault: every API response waits this many milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    delay_ms: u64,

    /// Lifetime of new access tokens in seconds; a short one tests expiry.
    #[arg(long, value_name = "SECONDS", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..=31_536_000))]
    expires_in: u64,

    /// Fault: leave these fields out of profiles (comma-separated: user_id, name, email, postal_code).
    #[arg(long, value_name = "FIELDS", value_delimiter = ',')]
    omit_profile_fields: Vec<ProfileField>,

    /// Fault: the profile's name is HTML and script, to check that apps show it as text.
    #[arg(long)]
    hostile_name: bool,

    /// Fault: code exchanges without a client secret (browser apps) get no refresh token.
    #[arg(long)]
    no_refresh_token: bool,

    /// Each renewal issues a new refresh token and retires the one it used.
    #[arg(long)]
    rotate_refresh_tokens: bool,

    /// Fault: renewals are refused with invalid_grant.
    #[arg(long)]
    refuse_refresh: bool,

    /// Fault: the next N renewals fail with a 503, then they work again.
    #[arg(long, value_name = "N", default_value_t = 0)]
    refresh_unavailable: u32,

    /// Fault: the next N renewals are throttled (429 with Retry-After), then they work again.
    #[arg(long, value_name = "N", default_value_t = 0)]
    refresh_throttled: u32,

    /// The Retry-After of throttled renewals, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 2)]
    retry_after: u64,

    /// Fault: the next N renewals answer 408 (Request Timeout), then they work again.
    #[arg(long, value_name = "N", default_value_t = 0)]
    refresh_timeouts: u32,

    /// A retired refresh token presented again revokes every token of its sign-in (RFC 9700
    /// §4.14.2); use with --rotate-refresh-tokens.
    #[arg(long)]
    revoke_family_on_reuse: bool,

    /// Fault: /auth/o2/token answers wait this many milliseconds (on top of --delay-ms).
    #[arg(long, value_name = "MS", default_value_t = 0)]
    token_delay_ms: u64,

    /// The grant /app-config.json tells the app to use: implicit (default) or code_pkce.
    #[arg(long, value_name = "GRANT", value_parser = ["implicit", "code_pkce"])]
    grant: Option<String>,

    /// /app-config.json tells the app to sign in in a popup window ("popup": true) instead of
    /// leaving its page.
    #[arg(long)]
    popup: bool,

    /// Fault: the sign-in pages (/ap/oa, /ap/oa/consent) send Cross-Origin-Opener-Policy:
    /// same-origin, like an identity provider that isolates itself: a popup loses its opener.
    #[arg(long)]
    opener_policy_same_origin: bool,

    /// The APIs answer no CORS requests (like an Amazon host that does not): only a
    /// same-origin forwarding, such as the deploy bundle's --api-proxy, can reach them.
    #[arg(long)]
    no_cors: bool,
}

impl Cli {
    fn client(&self) -> Client {
        let redirect_uris: Vec<String> = if self.redirect_uris.is_empty() {
            DEMO_REDIRECT_URIS.map(str::to_owned).to_vec()
        } else {
            self.redirect_uris.clone()
        };
        let base = match &self.client_id {
            Some(client_id) => Client::new(client_id, "Your app (local emulator)"),
            None => Client {
                redirect_uris: Vec::new(),
                ..Client::demo()
            },
        };
        redirect_uris.into_iter().fold(base, Client::allow_redirect)
    }

    fn faults(&self) -> Faults {
        Faults {
            authorize_error: self.authorize_error,
            wrong_audience: self.wrong_audience,
            profile_failure: self.profile_status,
            malformed_json: self.malformed_json.clone(),
            delay: Duration::from_millis(self.delay_ms),
            token_lifetime: Duration::from_secs(self.expires_in),
            profile_omits: self.omit_profile_fields.clone(),
            hostile_name: self.hostile_name,
            no_refresh_token: self.no_refresh_token,
            rotate_refresh_tokens: self.rotate_refresh_tokens,
            refuse_refresh: self.refuse_refresh,
            refresh_unavailable: self.refresh_unavailable,
            refresh_throttled: self.refresh_throttled,
            throttle_retry_after: Duration::from_secs(self.retry_after),
            refresh_timeouts: self.refresh_timeouts,
            revoke_family_on_reuse: self.revoke_family_on_reuse,
            token_delay: Duration::from_millis(self.token_delay_ms),
            opener_policy_same_origin: self.opener_policy_same_origin,
            ..Faults::default()
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let client = cli.client();
    let faults = cli.faults();
    let emulator = Emulator::default()
        .with_clients(vec![client.clone()])
        .with_faults(faults.clone())
        .with_app_grant(cli.grant.as_deref())
        .with_app_popup(cli.popup)
        .on_port(cli.port);
    let emulator = if cli.no_cors {
        emulator.without_cors()
    } else {
        emulator
    };
    let running = match emulator.start().await {
        Ok(running) => running,
        Err(error) => {
            eprintln!(
                "lwa-emulator: cannot listen on 127.0.0.1:{}: {error}",
                cli.port
            );
            return ExitCode::FAILURE;
        }
    };
    let base = running.base_url();
    println!("lwa-emulator: Login with Amazon on {base} (Ctrl-C stops it)");
    println!("  authorize:  {base}/ap/oa");
    println!("  api:        {base}  (/user/profile, /auth/o2/tokeninfo, /auth/o2/token)");
    println!("  app config: {base}/app-config.json");
    println!("  client_id:  {}", client.client_id);
    println!(
        "  app grant:  {}",
        cli.grant.as_deref().unwrap_or("implicit")
    );
    println!("  app popup:  {}", cli.popup);
    println!("  return URLs: {}", client.redirect_uris.join(", "));
    if faults != Faults::default() {
        println!("  switches:   {faults:?}");
    }
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("lwa-emulator: cannot wait for Ctrl-C: {error}");
    }
    running.stop().await;
    ExitCode::SUCCESS
}
