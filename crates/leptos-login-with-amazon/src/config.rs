//! `config.json`, the runtime configuration served next to `index.html`: parsed, validated and
//! resolved (region → Amazon's endpoints) into a [`Config`] that cannot hold an invalid value.
//! Every field is documented in docs/deploy.md.

use crate::AuthError;
use crate::auth::scope::Scope;
use crate::error::JsonError;

pub(crate) mod fields;
pub use fields::Json;

/// A security profile's client ID, e.g. `amzn1.application-oa2-client.<hex>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientId(String);

impl ClientId {
    /// The value sent as `client_id=` and compared with tokeninfo's `aud`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where the browser signs in, and where the APIs live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// The authorization endpoint (`…/ap/oa`).
    pub authorize: String,
    /// Base URL of the profile, tokeninfo and token APIs, without a trailing slash.
    pub api: String,
}

/// The OAuth grant the app signs in with (`"grant"` in config.json).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// `response_type=token`: the access token comes back in the URL fragment. No refresh
    /// token; Amazon no longer allows it for security profiles created today.
    Implicit,
    /// `response_type=code` with PKCE (S256): a one-time code comes back in the query and is
    /// exchanged for tokens, possibly with a refresh token.
    CodePkce,
}

impl Grant {
    /// The grant's name in config.json (and in a stored session).
    pub fn name(self) -> &'static str {
        match self {
            Grant::Implicit => "implicit",
            Grant::CodePkce => "code_pkce",
        }
    }

    /// Network round trips a sign-in with this grant takes, for "About this sign-in": to Amazon
    /// and back, the code exchange (code grant only), and the verification (tokeninfo and the
    /// profile in parallel).
    pub fn sign_in_round_trips(self) -> u32 {
        match self {
            Grant::Implicit => 2,
            Grant::CodePkce => 3,
        }
    }

    /// Whether this build can sign in with the grant (its Cargo feature, `implicit` or
    /// `code-pkce`, is on): a configuration naming another is refused.
    pub fn built_in(self) -> bool {
        match self {
            Grant::Implicit => cfg!(feature = "implicit"),
            Grant::CodePkce => cfg!(feature = "code-pkce"),
        }
    }

    /// The Cargo feature that builds the grant in.
    fn feature(self) -> &'static str {
        match self {
            Grant::Implicit => "implicit",
            Grant::CodePkce => "code-pkce",
        }
    }

    /// The grant `name` names, if any.
    pub fn named(name: &str) -> Option<Grant> {
        [Grant::Implicit, Grant::CodePkce]
            .into_iter()
            .find(|grant| grant.name() == name)
    }
}

/// The validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The security profile's client ID.
    pub client_id: ClientId,
    /// The grant to sign in with.
    pub grant: Grant,
    /// Distinct scopes, in the order configured.
    pub scopes: Vec<Scope>,
    /// Where Amazon sends the browser back: this app's own URL (its base URL by default).
    pub redirect_uri: String,
    /// Where the browser signs in, and where the APIs live.
    pub endpoints: Endpoints,
    /// Whether to sign in in a popup window, leaving the page as it is (`"popup"`; default
    /// `false`, a full-page redirect). Only a build with the Cargo feature `popup` (on by
    /// default) opens one: without it, `"popup": true` is refused.
    pub popup: bool,
}

/// Amazon's regions (`"region"` in config.json), each with its own endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// `"na"`: `https://www.amazon.com/ap/oa` and `https://api.amazon.com`.
    NorthAmerica,
    /// `"eu"`: `https://eu.account.amazon.com/ap/oa` and `https://api.amazon.co.uk`.
    Europe,
    /// `"fe"`: `https://apac.account.amazon.com/ap/oa` and `https://api.amazon.co.jp`.
    FarEast,
}

impl Region {
    /// The region's name in config.json.
    ///
    /// ```
    /// use leptos_login_with_amazon::config::Region;
    /// assert_eq!(Region::Europe.name(), "eu");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Region::NorthAmerica => "na",
            Region::Europe => "eu",
            Region::FarEast => "fe",
        }
    }

    fn endpoints(self) -> Endpoints {
        let (authorize, api) = match self {
            Region::NorthAmerica => ("https://www.amazon.com/ap/oa", "https://api.amazon.com"),
            Region::Europe => (
                "https://eu.account.amazon.com/ap/oa",
                "https://api.amazon.co.uk",
            ),
            Region::FarEast => (
                "https://apac.account.amazon.com/ap/oa",
                "https://api.amazon.co.jp",
            ),
        };
        Endpoints {
            authorize: authorize.into(),
            api: api.into(),
        }
    }
}

/// `config.json` as written, before validation (what [`ConfigBuilder`] fills in too), read
/// by [`ConfigFile::from_json`].
#[derive(Debug, Clone, Default)]
pub struct ConfigFile {
    client_id: Option<String>,
    region: Option<String>,
    grant: Option<String>,
    scopes: Option<Vec<String>>,
    redirect_uri: Option<String>,
    endpoints: Option<EndpointOverrides>,
    popup: Option<bool>,
}

#[derive(Debug, Clone, Default)]
struct EndpointOverrides {
    authorize: Option<String>,
    api: Option<String>,
}

/// Reads `config.json`'s `text` into a [`ConfigFile`]: the browser's `JSON.parse` in the app,
/// serde_json in native tests.
pub type DecodeConfig = fn(&str) -> Result<ConfigFile, JsonError>;

/// Parses `config.json` with `decode` and validates it. `app_base_url` (the URL the app is
/// served from, without query or fragment) is the default `redirect_uri`, and its origin is
/// the only one a `redirect_uri` may name.
pub fn parse_config(
    text: &str,
    app_base_url: &str,
    decode: DecodeConfig,
) -> Result<Config, AuthError> {
    validate(read_config_file(text, decode)?, app_base_url)
}

/// Reads `config.json`'s `text` with `decode`, before validation.
pub(crate) fn read_config_file(text: &str, decode: DecodeConfig) -> Result<ConfigFile, AuthError> {
    // Hosts that serve index.html for every unknown path answer a missing file with a page.
    if text.trim_start().starts_with('<') {
        return Err(AuthError::ConfigMissing);
    }
    let invalid = |problem: String| AuthError::ConfigInvalid(problem);
    decode(text).map_err(|error| {
        invalid(match error {
            JsonError::Syntax(reason) => format!("it is not valid JSON ({reason})."),
            JsonError::NotAnObject => {
                "it must be a JSON object, like {\"client_id\": \"…\"}.".into()
            }
            JsonError::Shape(reason) => format!("{reason}."),
        })
    })
}

/// The rules of `config.json`, whether it was read from a file or built in code.
pub(crate) fn validate(file: ConfigFile, app_base_url: &str) -> Result<Config, AuthError> {
    let invalid = |problem: String| AuthError::ConfigInvalid(problem);

    let client_id = file.client_id.ok_or_else(|| {
        invalid("\"client_id\" is missing; set it to your security profile's client ID.".into())
    })?;
    if !(1..=100).contains(&client_id.len())
        || !client_id.bytes().all(|byte| byte.is_ascii_graphic())
    {
        return Err(invalid(
            "\"client_id\" must be 1 to 100 visible characters without spaces.".into(),
        ));
    }
    let region = match file.region.as_deref() {
        None | Some("na") => Region::NorthAmerica,
        Some("eu") => Region::Europe,
        Some("fe") => Region::FarEast,
        Some(other) => {
            return Err(invalid(format!(
                "\"region\" must be \"na\", \"eu\" or \"fe\", not {}.",
                Quoted(other)
            )));
        }
    };
    let grant = match file.grant.as_deref() {
        // config.json's default, or the code grant in a build without the implicit one.
        None if Grant::Implicit.built_in() => Grant::Implicit,
        None => Grant::CodePkce,
        Some(name) => Grant::named(name).ok_or_else(|| {
            invalid(format!(
                "\"grant\" must be \"implicit\" or \"code_pkce\", not {}.",
                Quoted(name)
            ))
        })?,
    };
    if !grant.built_in() {
        return Err(invalid(format!(
            "\"grant\" is \"{}\", which this app was built without (the Cargo feature \"{}\" of leptos-login-with-amazon).",
            grant.name(),
            grant.feature()
        )));
    }
    let popup = file.popup.unwrap_or(false);
    if popup && !cfg!(feature = "popup") {
        return Err(invalid(
            "\"popup\" is true, which this app was built without (the Cargo feature \"popup\" of leptos-login-with-amazon).".into(),
        ));
    }
    let scopes = parse_scopes(file.scopes).map_err(invalid)?;
    let page = Origin::of(app_base_url).ok();
    let redirect_uri = match file.redirect_uri {
        Some(uri) => {
            let origin = check_url("redirect_uri", &uri, true, page.as_ref()).map_err(invalid)?;
            // Only this app's own pages read the response; anywhere else, someone else would.
            if page.as_ref() != Some(&origin) {
                return Err(invalid(format!(
                    "\"redirect_uri\" must be on this app's own origin ({}), not {}.",
                    page.map_or("unknown".into(), |page| page.authority),
                    Quoted(&uri)
                )));
            }
            uri
        }
        None => app_base_url.to_owned(),
    };
    let mut endpoints = region.endpoints();
    if let Some(overrides) = file.endpoints {
        if let Some(authorize) = overrides.authorize {
            check_url("endpoints.authorize", &authorize, false, page.as_ref()).map_err(invalid)?;
            endpoints.authorize = authorize;
        }
        if let Some(api) = overrides.api {
            check_url("endpoints.api", &api, false, page.as_ref()).map_err(invalid)?;
            endpoints.api = api.trim_end_matches('/').to_owned();
        }
    }
    Ok(Config {
        client_id: ClientId(client_id),
        grant,
        scopes,
        redirect_uri,
        endpoints,
        popup,
    })
}

/// A configuration written in code instead of `config.json`, checked by the same rules (and
/// refused with the same messages) when it is built.
///
/// ```
/// use leptos_login_with_amazon::auth::scope::Scope;
/// use leptos_login_with_amazon::config::{Config, Grant, Region};
///
/// let config = Config::builder("amzn1.application-oa2-client.0123")
///     .region(Region::Europe)
///     .grant(Grant::CodePkce)
///     .scopes([Scope::Profile, Scope::PostalCode])
///     .build("https://app.example.com/")
///     .expect("valid");
/// assert_eq!(config.endpoints.api, "https://api.amazon.co.uk");
/// assert_eq!(config.redirect_uri, "https://app.example.com/");
///
/// // The rules of config.json: plain http only to this computer, from a page on it.
/// let refused = Config::builder("x")
///     .api_endpoint("http://api.example.com")
///     .build("https://app.example.com/");
/// assert!(refused.unwrap_err().to_string().contains("must use https://"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct ConfigBuilder {
    file: ConfigFile,
}

impl Config {
    /// Starts a configuration for the security profile whose client ID is `client_id`; every
    /// other field has `config.json`'s default until it is set.
    pub fn builder(client_id: impl Into<String>) -> ConfigBuilder {
        let mut builder = ConfigBuilder::default();
        builder.file.client_id = Some(client_id.into());
        builder
    }
}

impl ConfigBuilder {
    /// Amazon's region (`"region"`; default [`Region::NorthAmerica`]).
    pub fn region(mut self, region: Region) -> Self {
        self.file.region = Some(region.name().into());
        self
    }

    /// The grant to sign in with (`"grant"`; default [`Grant::Implicit`], or
    /// [`Grant::CodePkce`] in a build without the `implicit` feature).
    pub fn grant(mut self, grant: Grant) -> Self {
        self.file.grant = Some(grant.name().into());
        self
    }

    /// What to ask for (`"scopes"`; default `profile`). Duplicates are ignored; none at all
    /// is refused.
    pub fn scopes(mut self, scopes: impl IntoIterator<Item = Scope>) -> Self {
        let names = scopes.into_iter().map(|scope| scope.as_str().into());
        self.file.scopes = Some(names.collect());
        self
    }

    /// Where Amazon sends the browser back (`"redirect_uri"`; default the app's URL).
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.file.redirect_uri = Some(uri.into());
        self
    }

    /// Another authorization endpoint (`"endpoints.authorize"`, e.g. the emulator's).
    pub fn authorize_endpoint(mut self, url: impl Into<String>) -> Self {
        let endpoints = self.file.endpoints.get_or_insert_with(Default::default);
        endpoints.authorize = Some(url.into());
        self
    }

    /// Another base URL for the APIs (`"endpoints.api"`: the emulator, or a same-origin
    /// forwarding such as `https://app.example.com/amazon-api`).
    pub fn api_endpoint(mut self, url: impl Into<String>) -> Self {
        let endpoints = self.file.endpoints.get_or_insert_with(Default::default);
        endpoints.api = Some(url.into());
        self
    }

    /// Signs in in a popup window instead of a full-page redirect (`"popup"`; default
    /// `false`). See [`sign_in`](crate::LoginWithAmazon::sign_in). Needs the Cargo feature
    /// `popup` (on by default): without it, `true` is refused when the config is built.
    pub fn popup(mut self, popup: bool) -> Self {
        self.file.popup = Some(popup);
        self
    }

    /// The configuration, checked by `config.json`'s rules for an app served at
    /// `app_base_url` (the default `redirect_uri`, and the only origin one may name).
    pub fn build(self, app_base_url: &str) -> Result<Config, AuthError> {
        validate(self.file, app_base_url)
    }

    /// The configuration as written, before validation.
    pub(crate) fn into_file(self) -> ConfigFile {
        self.file
    }
}

fn parse_scopes(configured: Option<Vec<String>>) -> Result<Vec<Scope>, String> {
    let Some(names) = configured else {
        return Ok(vec![Scope::Profile]);
    };
    let mut scopes = Vec::new();
    for name in &names {
        let scope = name.parse::<Scope>().map_err(|()| {
            format!("\"scopes\" may hold only \"profile\", \"profile:user_id\" and \"postal_code\", not {}.", Quoted(name))
        })?;
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    if scopes.is_empty() {
        return Err("\"scopes\" must name at least one scope.".into());
    }
    Ok(scopes)
}

/// Where a URL points, as browsers compare origins: scheme, host and port, lower-case, with
/// the scheme's default port left out. Displayed as `https://host[:port]` (as a
/// Content-Security-Policy names it; the deploy bundler does).
#[derive(Debug, PartialEq, Eq)]
pub struct Origin {
    secure: bool,
    /// `host[:port]`, e.g. `app.example.com` or `127.0.0.1:8080`.
    authority: String,
    host: String,
}

impl Origin {
    /// The origin of an absolute `https://` or `http://` URL, or why there is none.
    pub fn of(url: &str) -> Result<Origin, &'static str> {
        let lower = url.to_ascii_lowercase();
        let (rest, secure) = match (
            lower.strip_prefix("https://"),
            lower.strip_prefix("http://"),
        ) {
            (Some(rest), _) => (rest, true),
            (None, Some(rest)) => (rest, false),
            (None, None) => return Err("must be an absolute https:// URL"),
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.contains(['@', '\\']) {
            return Err("must not contain a user name or password");
        }
        let host = match authority.strip_prefix('[') {
            Some(bracketed) => format!("[{}]", bracketed.split(']').next().unwrap_or_default()),
            None => authority.split(':').next().unwrap_or_default().to_owned(),
        };
        if host.is_empty() || host == "[]" {
            return Err("has no host name");
        }
        let default_port = if secure { ":443" } else { ":80" };
        Ok(Origin {
            secure,
            authority: authority
                .strip_suffix(default_port)
                .unwrap_or(authority)
                .to_owned(),
            host,
        })
    }

    /// This computer: plain http can be safe only here.
    fn is_loopback(&self) -> bool {
        matches!(self.host.as_str(), "localhost" | "127.0.0.1" | "[::1]")
    }

    /// Whether nobody between here and this origin can read or change what travels:
    /// `https://`, or plain `http://` that never leaves this computer.
    ///
    /// ```
    /// use leptos_login_with_amazon::config::Origin;
    /// assert!(Origin::of("https://api.amazon.com").unwrap().is_private_transport());
    /// assert!(Origin::of("http://127.0.0.1:8787").unwrap().is_private_transport());
    /// assert!(!Origin::of("http://api.amazon.com").unwrap().is_private_transport());
    /// ```
    pub fn is_private_transport(&self) -> bool {
        self.secure || self.is_loopback()
    }

    /// The host name without the port, as a TLS certificate names it.
    ///
    /// ```
    /// use leptos_login_with_amazon::config::Origin;
    /// assert_eq!(Origin::of("https://API.amazon.com:8443/x").unwrap().host(), "api.amazon.com");
    /// ```
    pub fn host(&self) -> &str {
        &self.host
    }

    /// `host[:port]`, the `Host` a request to this origin carries.
    pub fn authority(&self) -> &str {
        &self.authority
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scheme = if self.secure { "https" } else { "http" };
        write!(formatter, "{scheme}://{}", self.authority)
    }
}

/// Accepts an absolute `https://` URL, or `http://` on this machine (localhost, 127.0.0.1,
/// [::1]) when the app itself is opened from this machine (`page`): from a page on the
/// internet, plain http to a local port would hand tokens to whatever listens there. Never a
/// fragment or credentials; a query only where allowed.
fn check_url(
    field: &str,
    url: &str,
    query_allowed: bool,
    page: Option<&Origin>,
) -> Result<Origin, String> {
    let origin = Origin::of(url)
        .map_err(|problem| format!("\"{field}\" {problem}, not {}.", Quoted(url)))?;
    if url
        .chars()
        .any(|character| character.is_whitespace() || character.is_control())
    {
        return Err(format!("\"{field}\" must not contain spaces."));
    }
    if url.contains('#') {
        return Err(format!("\"{field}\" must not contain a fragment (#)."));
    }
    if !query_allowed && url.contains('?') {
        return Err(format!("\"{field}\" must not contain a query (?)."));
    }
    let local_http = origin.is_loopback() && page.is_some_and(Origin::is_loopback);
    if !(origin.secure || local_http) {
        return Err(format!(
            "\"{field}\" must use https:// (http:// is allowed only for localhost and 127.0.0.1, when the app itself is opened from this computer)."
        ));
    }
    Ok(origin)
}

/// A configured value in a message, quoted, with what would not show escaped as `{:?}` escapes
/// it: quotes, backslashes, control characters, and the invisible or direction-changing
/// characters a pasted value can carry (and private-use ones). Spelled out because the shipped
/// build compiles `{:?}` to nothing (`-Zfmt-debug=none`), and small because std's
/// `escape_debug` brings its Unicode tables (3.3 KB gzip, docs/size-and-speed.md): unlike
/// `{:?}`, a combining mark is left to show on the letter before it.
struct Quoted<'a>(&'a str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write;
        formatter.write_char('"')?;
        for character in self.0.chars() {
            match character {
                '"' | '\\' => write!(formatter, "\\{character}")?,
                '\t' => formatter.write_str("\\t")?,
                '\r' => formatter.write_str("\\r")?,
                '\n' => formatter.write_str("\\n")?,
                '\0' => formatter.write_str("\\0")?,
                _ if is_invisible(character) => write!(formatter, "\\u{{{:x}}}", character as u32)?,
                _ => formatter.write_char(character)?,
            }
        }
        formatter.write_char('"')
    }
}

/// Characters that print as nothing, as a plain space that is not one, or as a box: controls,
/// spaces other than ' ', Unicode's format characters (soft hyphen, zero-width and
/// direction marks, bidi embeddings and isolates, tags), variation selectors, letters that
/// print blank (Hangul fillers, the Braille blank) and private-use characters.
fn is_invisible(character: char) -> bool {
    character.is_control()
        || (character.is_whitespace() && character != ' ')
        || matches!(
            character,
            '\u{ad}'
                | '\u{600}'..='\u{605}'
                | '\u{61c}'
                | '\u{6dd}'
                | '\u{70f}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{e000}'..='\u{f8ff}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{e0000}'..='\u{e007f}'
                | '\u{e0100}'..='\u{e01ef}'
                // Letters and symbols that print as blank space: Hangul fillers, the Braille
                // blank, and musical and hieroglyph format controls.
                | '\u{115f}'
                | '\u{1160}'
                | '\u{3164}'
                | '\u{ffa0}'
                | '\u{2800}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{13430}'..='\u{1343f}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{f0000}'..
        )
}

/// serde_json as [`DecodeConfig`], for native tests and tools (the fuzz targets, the deploy
/// bundler: feature `native-json`); the app reads the browser's `JSON.parse` with the same
/// [`ConfigFile::from_json`].
#[cfg(any(test, feature = "native-json"))]
pub fn decode_with_serde_json(text: &str) -> Result<ConfigFile, JsonError> {
    /// The value as [`Json`], `depth` levels of contents down.
    fn tree(value: serde_json::Value, depth: u8) -> Json {
        use serde_json::Value;
        match value {
            Value::Null => Json::Null,
            Value::Bool(flag) => Json::Bool(flag),
            Value::Number(_) => Json::Number,
            Value::String(text) => Json::String(text),
            Value::Array(items) => Json::Array(fields::contents(depth, items, tree)),
            Value::Object(entries) => {
                Json::Object(fields::contents(depth, entries, |(name, value), below| {
                    (name, tree(value, below))
                }))
            }
        }
    }
    let value = serde_json::from_str(text).map_err(|error| JsonError::Syntax(error.to_string()))?;
    ConfigFile::from_json(tree(value, Json::DEPTH))
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
