//! `bash .ci/deploy-bundle --config FILE --out DIR [options]` (see [`USAGE`]): the release build
//! in `dist/` and a config.json become a folder to upload as it is. The config is checked with
//! the app's own rules first (and nothing is written if it fails, with the message the app would
//! show); then the folder gets the build, `config.json`, `index.html` with the CSP as a `<meta>`
//! tag (unless `--csp-header-only`), and the headers for common hosts (`_headers`, `nginx.conf`, `Caddyfile`; with the
//! `nginx-http.conf` for nginx's `http { }`, `Caddyfile.global` for Caddy's global options).
//! Precompression (`.gz`, `.br`) is the script's, with the system's gzip and brotli.

mod forwarding;
mod headers;
mod policy;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use leptos_login_with_amazon::config::{Config, decode_with_serde_json, parse_config};

use forwarding::{DEFAULT_RATE_PER_MINUTE, Forwarding};
use headers::Hosting;

/// What the command line asked for.
struct Request {
    dist: PathBuf,
    config: PathBuf,
    out: PathBuf,
    /// Also forward `/amazon-api/` to Amazon's API host (the CORS fallback).
    api_proxy: bool,
    /// Where the app will be served from; unknown means an https site on the internet.
    url: Option<String>,
    /// Where the forwarding sends API calls; by default Amazon's API host for the region.
    api_upstream: Option<String>,
    /// The CAs the upstream's certificate must chain to; by default the system's.
    api_ca_file: Option<String>,
    /// Calls a minute one address may make through the forwarding (nginx).
    api_rate_limit: u32,
    /// HSTS for every subdomain of the app's host too.
    hsts_include_subdomains: bool,
    /// Where nginx writes the server's access log.
    nginx_access_log: String,
    /// index.html without the `<meta>` policy: the host sends the headers this folder
    /// describes, the policy among them.
    csp_header_only: bool,
    /// Only check the config and print the app's Cargo features it needs (the build the script
    /// makes for it).
    print_features: bool,
}

/// Debian's nginx access log.
const NGINX_ACCESS_LOG: &str = "/var/log/nginx/access.log";

const USAGE: &str = "usage: deploy-bundle --config FILE --out DIR [--url URL] [--hsts-include-subdomains] [--nginx-access-log PATH] [--csp-header-only] [--api-proxy [--api-upstream URL] [--api-ca-file PEM] [--api-rate-limit PER_MINUTE]] [--dist DIR] [--print-features]";

fn parse_arguments() -> Result<Request, String> {
    let mut arguments = std::env::args().skip(1);
    let (mut config, mut out, mut url, mut api_upstream) = (None, None, None, None);
    let (mut api_proxy, mut dist) = (false, PathBuf::from("dist"));
    let (mut api_ca_file, mut hsts_include_subdomains) = (None, false);
    let mut api_rate_limit = DEFAULT_RATE_PER_MINUTE;
    let (mut nginx_access_log, mut print_features) = (NGINX_ACCESS_LOG.to_owned(), false);
    let mut csp_header_only = false;
    while let Some(argument) = arguments.next() {
        let mut value = || {
            arguments
                .next()
                .ok_or(format!("{argument} needs a value\n{USAGE}"))
        };
        match argument.as_str() {
            "--config" => config = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--url" => url = Some(value()?),
            "--api-upstream" => api_upstream = Some(value()?),
            "--dist" => dist = PathBuf::from(value()?),
            "--api-ca-file" => api_ca_file = Some(value()?),
            "--api-rate-limit" => {
                let given = value()?;
                api_rate_limit = given.parse().map_err(|_| {
                    format!("--api-rate-limit takes a number of calls a minute, not {given:?}")
                })?;
            }
            "--api-proxy" => api_proxy = true,
            "--hsts-include-subdomains" => hsts_include_subdomains = true,
            "--print-features" => print_features = true,
            "--csp-header-only" => csp_header_only = true,
            "--nginx-access-log" => nginx_access_log = value()?,
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    let forwarding_only = [
        ("--api-upstream", api_upstream.is_some()),
        ("--api-ca-file", api_ca_file.is_some()),
        (
            "--api-rate-limit",
            api_rate_limit != DEFAULT_RATE_PER_MINUTE,
        ),
    ];
    if let Some((option, _)) = forwarding_only
        .iter()
        .find(|(_, given)| *given && !api_proxy)
    {
        return Err(format!(
            "{option} is an option of the forwarding: add --api-proxy\n{USAGE}"
        ));
    }
    Ok(Request {
        dist,
        config: config.ok_or(format!("--config is required\n{USAGE}"))?,
        out: out.ok_or(format!("--out is required\n{USAGE}"))?,
        api_proxy,
        url,
        api_upstream,
        api_ca_file,
        api_rate_limit,
        hsts_include_subdomains,
        nginx_access_log,
        csp_header_only,
        print_features,
    })
}

/// The URL the app is checked against: the one given, or a stand-in https site whose origin
/// is the `redirect_uri`'s when the config names one (the app would be served there).
fn page_url(request: &Request, text: &str) -> String {
    if let Some(url) = &request.url {
        return url.clone();
    }
    let named = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|file| file["redirect_uri"].as_str().map(str::to_owned));
    named.unwrap_or_else(|| "https://deployment.invalid/".into())
}

fn run(request: &Request) -> Result<(), String> {
    let text = std::fs::read_to_string(&request.config)
        .map_err(|error| format!("cannot read {}: {error}", request.config.display()))?;
    let page = page_url(request, &text);
    // The app's own words, so the deployer reads what a visitor would have seen.
    let config: Config =
        parse_config(&text, &page, decode_with_serde_json).map_err(|error| error.to_string())?;
    if request.print_features {
        // The app's Cargo features for it: the script builds the release with those alone.
        let grant = config.grant.name().replace('_', "-");
        println!("{grant}{}", if config.popup { ",popup" } else { "" });
        return Ok(());
    }
    let index = std::fs::read_to_string(request.dist.join("index.html"))
        .map_err(|error| format!("no release build in {}: {error}", request.dist.display()))?;
    let files = build_files(&request.dist)?;
    let base = base_path(&page);
    let index = relocate(&index, &files, &base);
    let policy = policy::Policy::for_build(&index, &files, &base, &config, &page)?;
    let forwarding = match request.api_proxy {
        true => Some(forwarding(request, &text, &page)?),
        false => None,
    };
    let hosting = Hosting {
        policy: &policy,
        base: &base,
        hsts_include_subdomains: request.hsts_include_subdomains,
        nginx_access_log: &request.nginx_access_log,
        forwarding: forwarding.as_ref(),
        popup: config.popup,
    };
    let hashed = headers::hashed_files(&files);
    // Everything the folder holds besides the build's files, made before anything is written.
    // Chrome holds back every download a page starts while a `<meta>` policy is in it (about
    // 90 ms of a phone's first visit, docs/size-and-speed.md): left out where the host sends
    // the policy as a header, which also carries frame-ancestors.
    let index = match request.csp_header_only {
        true => {
            eprintln!(
                "--csp-header-only: index.html has no <meta> policy; serve this folder only where its headers are sent (nginx.conf, Caddyfile, _headers)"
            );
            index
        }
        false => policy.with_meta_tag(&index)?,
    };
    let made = [
        ("index.html", index),
        ("config.json", text.clone()),
        ("_headers", headers::netlify(&hosting, &hashed)),
        ("nginx.conf", headers::nginx(&hosting)),
        ("nginx-http.conf", headers::nginx_http(&hosting)),
        ("Caddyfile", headers::caddy(&hosting)),
        ("Caddyfile.global", headers::caddy_global().to_owned()),
    ];
    // Written next to the destination and moved into place at the end, so a failure leaves no
    // half-written folder.
    let staging = request.out.with_extension("partial");
    let _ = std::fs::remove_dir_all(&staging);
    write_bundle(&staging, &request.dist, &files, &made).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&staging);
    })?;
    let _ = std::fs::remove_dir_all(&request.out);
    std::fs::rename(&staging, &request.out).map_err(|error| {
        format!(
            "cannot move the bundle into {}: {error}",
            request.out.display()
        )
    })
}

/// The path the app is served under, from `page` (e.g. `/app/` for `https://example.com/app/`).
fn base_path(page: &str) -> String {
    let path = page
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|slash| &rest[slash..]))
        .unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    match path.rsplit_once('/') {
        Some((directory, _)) => format!("{directory}/"),
        None => "/".into(),
    }
}

/// `index` as Trunk builds it for the public URL `base` (`trunk build --public-url`): the
/// `<base href>` and the absolute paths of the build's files (the loader's imports, the
/// stylesheet, the preloads) under `base`. The files themselves do not change.
fn relocate(index: &str, files: &[String], base: &str) -> String {
    if base == "/" {
        return index.to_owned();
    }
    let mut index = index.replace("<base href=/>", &format!("<base href={base}>"));
    for name in files {
        for quote in ["=", "'", "\""] {
            index = index.replace(&format!("{quote}/{name}"), &format!("{quote}{base}{name}"));
        }
    }
    index
}

/// The forwarding asked for. Its upstream: `--api-upstream`, else the API host of the
/// config's region (read with the app's rules, as if `endpoints.api` were not set).
fn forwarding(request: &Request, text: &str, page: &str) -> Result<Forwarding, String> {
    // The servers read a relative path from their own directory: the rules name it absolutely.
    let ca_file = match &request.api_ca_file {
        Some(ca_file) => {
            let pem = std::fs::read_to_string(ca_file)
                .map_err(|error| format!("cannot read --api-ca-file {ca_file}: {error}"))?;
            if !pem.contains("-----BEGIN CERTIFICATE-----") {
                return Err(format!(
                    "--api-ca-file {ca_file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
                ));
            }
            let absolute = std::fs::canonicalize(ca_file)
                .map_err(|error| format!("cannot read --api-ca-file {ca_file}: {error}"))?;
            Some(absolute.display().to_string())
        }
        None => None,
    };
    let upstream = match &request.api_upstream {
        Some(upstream) => upstream.clone(),
        None => region_api(text, page)?,
    };
    Forwarding::new(&upstream, ca_file, request.api_rate_limit)
}

/// The API host of the config's region (read with the app's rules, as if `endpoints.api` were
/// not set).
fn region_api(text: &str, page: &str) -> Result<String, String> {
    let mut file: serde_json::Value =
        serde_json::from_str(text).map_err(|error| error.to_string())?;
    if let Some(endpoints) = file
        .get_mut("endpoints")
        .and_then(serde_json::Value::as_object_mut)
    {
        endpoints.remove("api");
    }
    parse_config(&file.to_string(), page, decode_with_serde_json)
        .map(|config| config.endpoints.api)
        .map_err(|error| error.to_string())
}

/// The build's files (names relative to `dist`), without a config.json a build may hold.
fn build_files(dist: &Path) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = std::fs::read_dir(dist)
        .map_err(|error| format!("cannot read {}: {error}", dist.display()))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name != "config.json" && name != "index.html")
        .collect();
    names.sort();
    Ok(names)
}

/// Copies the build's `files` from `dist` into `staging`, and writes the `made` ones.
fn write_bundle(
    staging: &Path,
    dist: &Path,
    files: &[String],
    made: &[(&str, String)],
) -> Result<(), String> {
    std::fs::create_dir_all(staging)
        .map_err(|error| format!("cannot create the bundle: {error}"))?;
    for name in files {
        std::fs::copy(dist.join(name), staging.join(name))
            .map_err(|error| format!("cannot copy {name}: {error}"))?;
    }
    for (name, contents) in made {
        std::fs::write(staging.join(name), contents)
            .map_err(|error| format!("cannot write {name}: {error}"))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    match parse_arguments().and_then(|request| run(&request)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
