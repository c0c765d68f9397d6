//! The phone-speed benchmark (`bash .ci/bench --browser [--runs N]`): Doorstep's release build,
//! deployed as its bundle (`.ci/deploy-bundle`: CSP, headers, brotli and gzip copies), against a
//! plain-JavaScript page doing the same implicit-grant sign-in (`phone-bench-page/index.html`,
//! served gzip-compressed with the same cache rules), both by nginx,
//! against the emulator, in headless Chromium throttled like Lighthouse's phone profile.
//! It alternates the two pages, each visit in a fresh browser, and prints medians and ratios.
//! Timings come from the pages' own clocks, not from polling, so polling cannot inflate them.

mod visit;

use std::path::Path;

use e2e::browser::free_port;
use e2e::nginx::{Nginx, Serves, Site};
use lwa_emulator::{Client, DEMO_CLIENT_ID, Emulator};
use serde_json::json;

use visit::{Figures, visit};

const DEFAULT_RUNS: usize = 5;

fn runs_from_args() -> usize {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => DEFAULT_RUNS,
        [flag, runs] if flag == "--runs" => match runs.parse() {
            Ok(runs) if runs > 0 => runs,
            _ => exit_with_usage(),
        },
        _ => exit_with_usage(),
    }
}

fn exit_with_usage() -> ! {
    eprintln!("usage: .ci/bench --browser [--runs N]   (N ≥ 1, default {DEFAULT_RUNS})");
    std::process::exit(2)
}

/// Copies every file of `from` into `to` (one level: dist/ and the plain page are flat).
fn copy_flat(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a site folder");
    for entry in std::fs::read_dir(from)
        .expect("read a folder to serve")
        .flatten()
    {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy a file");
        }
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    }
}

#[tokio::main]
async fn main() {
    let runs = runs_from_args();
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (app_port, plain_port) = (free_port(), free_port());
    let app_url = format!("http://127.0.0.1:{app_port}/");
    let plain_url = format!("http://127.0.0.1:{plain_port}/");
    let client = Client::new(DEMO_CLIENT_ID, "Phone-speed benchmark")
        .allow_redirect(&app_url)
        .allow_redirect(&plain_url);
    let emulator = Emulator::default()
        .with_clients(vec![client])
        .start()
        .await
        .expect("start the emulator");

    let work = std::env::temp_dir().join(format!("doorstep-phone-bench-{}", std::process::id()));
    let (app_root, plain_root) = (work.join("app"), work.join("plain"));
    copy_flat(&crate_dir.join("phone-bench-page"), &plain_root);
    let config = json!({
        "client_id": DEMO_CLIENT_ID,
        "endpoints": { "authorize": format!("{}/ap/oa", emulator.base_url()), "api": emulator.base_url() },
    })
    .to_string();
    // Doorstep as it is deployed: the deploy command's bundle (the shipped build for the
    // config's grant; CSP, headers, brotli and gzip copies), for a host that sends its headers,
    // as this nginx does: the policy in the headers only (a `<meta>` policy holds back the
    // page's downloads in Chrome, docs/size-and-speed.md).
    e2e::bundle::make(
        None,
        &config,
        &work.join("config.json"),
        &app_root,
        &app_url,
        &[
            "--csp-header-only",
            "--nginx-access-log",
            &work.join("access.log").display().to_string(),
        ],
    );
    std::fs::write(plain_root.join("config.json"), &config).expect("write config.json");
    let app_rules = app_root.join("nginx.conf");
    let nginx = Nginx::serve(
        &work,
        &[
            Site {
                port: app_port,
                serves: Serves::Bundle {
                    root: &app_root,
                    rules: &app_rules,
                    http_rules: &app_root.join("nginx-http.conf"),
                },
            },
            Site {
                port: plain_port,
                serves: Serves::Folder { root: &plain_root },
            },
        ],
    );

    println!(
        "{runs} runs, alternating; each visit in a fresh headless Chromium with 150 ms RTT, \
         1.6 Mbit/s down, 750 kbit/s up and a 4× slower CPU (DevTools throttling)"
    );
    let (mut app, mut plain) = (Vec::new(), Vec::new());
    for run in 1..=runs {
        for (name, url, samples) in [
            ("Doorstep", &app_url, &mut app),
            ("plain JS", &plain_url, &mut plain),
        ] {
            let figures = visit(url).await;
            println!("  run {run}, {name:<8}: {figures}");
            samples.push(figures);
        }
    }
    drop(nginx);
    let _ = std::fs::remove_dir_all(&work);
    report(&app, &plain);
}

fn report(app: &[Figures], plain: &[Figures]) {
    println!("\nmedians                          Doorstep   plain JS   ratio");
    type Row = (&'static str, &'static str, fn(&Figures) -> f64);
    let rows: [Row; 4] = [
        ("first visit → usable button", "ms", |f| {
            f.first_visit_button_ms
        }),
        ("click → profile shown", "ms", |f| f.click_to_profile_ms),
        ("repeat visit → usable button", "ms", |f| {
            f.repeat_visit_button_ms
        }),
        ("bytes on the wire, first visit", "B", |f| {
            f.first_visit_bytes
        }),
    ];
    for (label, unit, value) in rows {
        let ours = median(app.iter().map(value).collect());
        let theirs = median(plain.iter().map(value).collect());
        println!(
            "{label:<31} {ours:>7.0} {unit:<2} {theirs:>7.0} {unit:<2} {:>6.2}×",
            ours / theirs
        );
    }
}
