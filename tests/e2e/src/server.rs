//! A web server process a test runs (nginx, Caddy): started, waited for until it listens, and
//! killed when dropped.

use std::net::{Ipv4Addr, TcpStream};
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// A running server process; killed and reaped on drop.
pub struct ServerProcess(Child);

impl ServerProcess {
    /// Starts `command` and waits (20 s at most) until each of `ports` on 127.0.0.1 answers.
    /// If the process exits first or the time runs out, panics with `log`, where the server
    /// wrote why.
    pub fn start(mut command: Command, ports: &[u16], log: &Path) -> ServerProcess {
        let program = command.get_program().to_string_lossy().into_owned();
        let child = command
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {program}: {error}"));
        let mut server = ServerProcess(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        for &port in ports {
            while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
                let exited = server.0.try_wait().ok().flatten();
                assert!(
                    exited.is_none() && Instant::now() < deadline,
                    "{program} did not listen on {port} ({exited:?}); {}: {}",
                    log.display(),
                    std::fs::read_to_string(log).unwrap_or_default()
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        server
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
