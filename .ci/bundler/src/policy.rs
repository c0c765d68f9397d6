//! The Content-Security-Policy of a build: nothing is allowed but the app's own files, the wasm
//! compilation it needs, Trunk's inline loader (by its hash), and calls to the app's own origin
//! and to the one API origin the config resolves to.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use doorstep::config::{Config, Origin};
use sha2::{Digest, Sha256};

/// The policy, for a header and for a `<meta>` tag.
pub struct Policy {
    /// Every directive but `frame-ancestors`, which a `<meta>` tag cannot carry.
    directives: Vec<String>,
}

impl Policy {
    /// The policy for the build whose `index.html` is `index`, with `config`, served at `page`.
    pub fn for_build(index: &str, config: &Config, page: &str) -> Result<Policy, String> {
        let scripts: Vec<String> = inline_scripts(index)?
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
            // Sign-in leaves through `location.assign`, not a form.
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

/// The text of every `<script>` without `src` in `index`: Trunk's loader only. Any other inline
/// script is refused rather than allowed by its hash: the policy is meant to allow the app's
/// own files and that one loader, nothing a change to index.html slips in.
fn inline_scripts(index: &str) -> Result<Vec<&str>, String> {
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
            if !(script.starts_with("import init from '") && script.contains("await init(")) {
                return Err(format!(
                    "index.html has an inline script that is not Trunk's loader, which the Content-Security-Policy would allow by its hash: move it to a file. It starts: {:?}",
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
    fn the_loader_is_found_external_scripts_left_out_and_any_other_inline_script_refused() {
        let loader = "import init from '/x.js';\nconst wasm = await init({});";
        let index = format!("<script type=module>{loader}</script><script src=/y.js></script>");
        assert_eq!(inline_scripts(&index), Ok(vec![loader]));
        let added = format!("{index}<script>track()</script>");
        let refused = inline_scripts(&added).expect_err("refused");
        assert!(
            refused.contains("not Trunk's loader") && refused.contains("track()"),
            "{refused}"
        );
    }
}
