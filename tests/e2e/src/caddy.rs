//! Debian's Caddy serving a deploy bundle with the bundle's own `Caddyfile`, as a host that
//! logs every request would: an access log for the site, and Caddy's own log (where it writes
//! the errors of the requests it handles). Runs in the foreground with its state in a private
//! folder, no admin endpoint and no automatic HTTPS; stopped on drop.

use std::net::{Ipv4Addr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running Caddy.
pub struct Caddy {
    process: Child,
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
        let process = Command::new(&binary)
            .args(["run", "--adapter", "caddyfile", "--config"])
            .arg(&conf)
            .env("HOME", prefix)
            .env("XDG_DATA_HOME", prefix.join("data"))
            .env("XDG_CONFIG_HOME", prefix.join("config"))
            .stdout(Stdio::null())
            .stderr(output)
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {binary} (Debian: caddy): {error}"));
        let mut caddy = Caddy { process };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            let exited = caddy.process.try_wait().ok().flatten();
            assert!(
                exited.is_none() && Instant::now() < deadline,
                "Caddy did not listen on {port} ({exited:?}): {}",
                std::fs::read_to_string(prefix.join("caddy.out")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        caddy
    }
}

impl Drop for Caddy {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}
