//! The deploy bundle (`bash .ci/deploy-bundle`) of the release build in `dist/`, made for a test.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's root.
fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `dist/`, which must hold the app's release build.
pub fn dist() -> PathBuf {
    release_build(&repo())
}

/// The build the deployment journeys bundle: `dist/` as it is, or, with
/// `DOORSTEP_E2E_BUNDLE=shipped` (the test command's pass on the shipped build), none given, so
/// the deploy command bundles the build it makes for each config's grant, as a deployer's would.
pub fn deployed_build() -> Option<PathBuf> {
    match std::env::var("DOORSTEP_E2E_BUNDLE").as_deref() {
        Ok("shipped") => None,
        _ => Some(dist()),
    }
}

/// `examples/<name>/dist`, which must hold that example's release build.
pub fn example_dist(name: &str) -> PathBuf {
    release_build(&repo().join("examples").join(name))
}

/// The release build Trunk made in `folder`'s `dist/`.
fn release_build(folder: &Path) -> PathBuf {
    let dist = folder.join("dist");
    assert!(
        dist.join("index.html").is_file(),
        "no release build in {}: run `bash .ci/release-build --dir {}` first (bash .ci/test does)",
        dist.display(),
        folder.display()
    );
    dist
}

/// Bundles the release build in `build` (as it is), or, with `None`, the one the deploy command
/// makes for the config's grant, with `config` (written to `config_file`) into `out` for `url`,
/// with the bundler's further `options` (e.g. `--api-proxy`). Panics with the bundler's message
/// if it refuses.
pub fn make(
    build: Option<&Path>,
    config: &str,
    config_file: &Path,
    out: &Path,
    url: &str,
    options: &[&str],
) {
    std::fs::write(config_file, config).expect("write config.json");
    let mut command = Command::new("bash");
    if let Some(build) = build {
        command.env("DOORSTEP_DIST", build);
    }
    let output = command
        .arg(repo().join(".ci/deploy-bundle"))
        .arg("--config")
        .arg(config_file)
        .arg("--out")
        .arg(out)
        .args(["--url", url])
        .args(options)
        .output()
        .expect("run .ci/deploy-bundle");
    assert!(
        output.status.success(),
        "deploy-bundle failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
