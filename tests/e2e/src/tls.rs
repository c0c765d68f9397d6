//! A certificate authority made for one test, with openssl's command line: its certificate
//! (to hand the forwarding as a trusted CA), a server certificate it signed for 127.0.0.1 (for
//! a TLS front before the emulator), and one it signed for another name. Nothing here is
//! trusted by the system.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The files of a test CA and of the server certificate it issued, in one folder.
pub struct TestCa {
    /// The CA's certificate (PEM).
    pub ca_certificate: PathBuf,
    /// The server's certificate (PEM), for `IP:127.0.0.1`, signed by the CA.
    pub server_certificate: PathBuf,
    /// The server's private key (PEM).
    pub server_key: PathBuf,
    /// Another certificate from the same CA for the same key, for another name
    /// (`elsewhere.invalid`) and no address: one a client that checks names refuses at
    /// 127.0.0.1.
    pub misnamed_certificate: PathBuf,
}

fn openssl(folder: &Path, arguments: &[&str]) {
    let output = Command::new("openssl")
        .args(arguments)
        .current_dir(folder)
        .output()
        .expect("run openssl (Debian: openssl)");
    assert!(
        output.status.success(),
        "openssl {arguments:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

impl TestCa {
    /// Makes a CA and a server certificate for 127.0.0.1 in `folder` (P-256 keys, a day long).
    pub fn make(folder: &Path) -> TestCa {
        std::fs::create_dir_all(folder).expect("CA folder");
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
        openssl(
            folder,
            &[
                &["req", "-x509", "-nodes"],
                &ec[..],
                &[
                    "-keyout",
                    "ca.key",
                    "-out",
                    "ca.pem",
                    "-days",
                    "1",
                    "-subj",
                    "/CN=Doorstep test CA",
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign",
                ],
            ]
            .concat(),
        );
        openssl(
            folder,
            &[
                &["req", "-nodes"],
                &ec[..],
                &[
                    "-keyout",
                    "server.key",
                    "-out",
                    "server.csr",
                    "-subj",
                    "/CN=127.0.0.1",
                ],
            ]
            .concat(),
        );
        for (name, alternative) in [
            ("server", "IP:127.0.0.1"),
            ("misnamed", "DNS:elsewhere.invalid"),
        ] {
            std::fs::write(
                folder.join(format!("{name}.ext")),
                format!(
                    "subjectAltName={alternative}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
                ),
            )
            .expect("extensions");
            let (extensions, certificate) = (format!("{name}.ext"), format!("{name}.pem"));
            openssl(
                folder,
                &[
                    "x509",
                    "-req",
                    "-in",
                    "server.csr",
                    "-CA",
                    "ca.pem",
                    "-CAkey",
                    "ca.key",
                    "-CAcreateserial",
                    "-days",
                    "1",
                    "-extfile",
                    &extensions,
                    "-out",
                    &certificate,
                ],
            );
        }
        TestCa {
            ca_certificate: folder.join("ca.pem"),
            server_certificate: folder.join("server.pem"),
            server_key: folder.join("server.key"),
            misnamed_certificate: folder.join("misnamed.pem"),
        }
    }
}
