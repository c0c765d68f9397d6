//! Debian's Caddy serving a deploy bundle with the bundle's own `Caddyfile`, as a host that
//! logs every request would: an access log for the site, and Caddy's own log (where it writes
//! the errors of the requests it handles). Runs in the foreground with its state in a private
//! folder, no admin endpoint and no automatic HTTPS; stopped on drop.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::server::ServerProcess;

/// A running Caddy; stopped on drop.
pub struct Caddy {
    _process: ServerProcess,
}

impl Caddy {
    /// Starts Caddy (`$CADDY`, default `/usr/bin/caddy`) on 127.0.0.1:`port`, serving `root`
    /// by the bundle's `rules` (its `Caddyfile`) and `global_rules` (its `Caddyfile.global`),
    /// with its files (`access.log` and `caddy.log` among them) in `prefix`; waits until the
    /// port answers.
    pub fn serve(
        prefix: &Path,
        port: u16,
        root: &Path,
        rules: &Path,
        global_rules: &Path,
    ) -> Caddy {
        let binary = std::env::var("CADDY").unwrap_or_else(|_| "/usr/bin/caddy".into());
        let prefix_text = prefix.display();
        let global = std::fs::read_to_string(global_rules).expect("the bundle's Caddyfile.global");
        // The bundle's global rules configure the default log; it goes to a file here.
        let global = global.replacen(
            "log {\n",
            &format!("log {{\n    output file {prefix_text}/caddy.log\n"),
            1,
        );
        assert!(global.contains("output file"), "{global}");
        let caddyfile = format!(
            "{{\n    admin off\n    auto_https off\n    storage file_system {prefix_text}/storage\n{global}}}\n\nhttp://127.0.0.1:{port} {{\n    root * {root}\n    log {{\n        output file {prefix_text}/access.log\n    }}\n    import {rules}\n}}\n",
            root = root.display(),
            rules = rules.display(),
        );
        let conf = prefix.join("Caddyfile");
        std::fs::write(&conf, caddyfile).expect("write the Caddyfile");
        let output = std::fs::File::create(prefix.join("caddy.out")).expect("caddy.out");
        let mut command = Command::new(&binary);
        command
            .args(["run", "--adapter", "caddyfile", "--config"])
            .arg(&conf)
            .env("HOME", prefix)
            .env("XDG_DATA_HOME", prefix.join("data"))
            .env("XDG_CONFIG_HOME", prefix.join("config"))
            .stdout(Stdio::null())
            .stderr(output);
        Caddy {
            _process: ServerProcess::start(command, &[port], &prefix.join("caddy.out")),
        }
    }
}
