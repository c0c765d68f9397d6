//! The hostile-input battery: tables of malformed and hostile sign-in responses, configs and
//! API answers, across both grants. Each case must end in a clear message, or in a calm
//! ignore for a response that is not this tab's (rule 1); leave nothing of ours in storage that
//! should not be there and no token in the address bar; and leave the app running (no panic in
//! the console, its links still handled in the page). Each table prints how many cases it ran.

use std::time::Duration;

use lwa_emulator::{
    ApiEndpoint, CannedAnswer, DEMO_CLIENT_ID, Delivery, Faults, REDIRECT_TARGET_PATH,
};

use crate::site::ConfigFile;
use crate::world::{AppConfig, World};

/// What a case must lead to.
#[derive(Clone, Copy, Debug)]
enum Outcome {
    /// Not this tab's: a calm note, no alert, nothing stored.
    Ignored,
    /// An alert saying this, nothing of ours stored.
    Alert(&'static str),
    /// Signed in with what could be read; hostile text shown as text.
    SignedIn,
}

/// Fragments and queries shaped like sign-in responses, each hostile in its own way.
const HOSTILE_RESPONSES: [&str; 28] = [
    // Encodings.
    "#access_token=Atza%257Cdouble&token_type=bearer&expires_in=3600&state=x",
    "#%61ccess_token=Atza%7Cx&token_type=bearer&expires_in=3600&state=x",
    "#access_token=Atza%7Cx&token_type=bearer&expires_in=3600&state=%zz",
    "#access_token=%E2%80%AEAtza&token_type=bearer&expires_in=3600&state=x",
    "?code=AN%F0%9F%92%A9&state=x",
    // Repeated parameters.
    "#access_token=Atza%7Ca&access_token=Atza%7Cb&token_type=bearer&expires_in=3600&state=x",
    "#state=a&state=b",
    "?error=access_denied&error=server_error&state=x",
    // Empty, missing and huge values.
    "#access_token=&token_type=&expires_in=&state=",
    "#access_token&token_type&state",
    "#&&&=&state",
    "?code=&state=",
    "#state=HUGE",
    "#access_token=Atza%7CHUGE&token_type=bearer&expires_in=3600&state=x",
    // NUL and control characters.
    "#access_token=Atza%7Cx%00y&token_type=bearer&expires_in=3600&state=x",
    "#error=access_denied%0D%0ASet-Cookie:%20x=1&state=x",
    "?code=AN%07x&state=x%00",
    // Unicode look-alikes and invisible characters.
    "#token_type=bearer%E2%80%8B&expires_in=3600&access_token=Atza%7Cx&state=x",
    "#access_token=Atza%7Cx&token_type=%D0%B2earer&expires_in=3600&state=x",
    // Wrong types of value.
    "#access_token=Atza%7Cx&token_type=bearer&expires_in=-1&state=x",
    "#access_token=Atza%7Cx&token_type=bearer&expires_in=1e3&state=x",
    "#access_token=Atza%7Cx&token_type=bearer&expires_in=99999999999999999999999&state=x",
    // HTML and script in every field.
    "#access_token=%3Cscript%3Ealert(1)%3C/script%3E&token_type=bearer&expires_in=3600&state=x",
    "#error=%3Cimg%20src=x%20onerror=alert(1)%3E&error_description=%3Cb%3Ehi%3C/b%3E&state=%3Csvg%3E",
    "?code=%3Csvg/onload=alert(1)%3E&scope=%3Cb%3E&state=x",
    // Both places at once, and a redirect someone hoped the app would follow.
    "?code=ANx&state=y#access_token=Atza%7Cx&token_type=bearer&expires_in=3600&state=x",
    "?error=access_denied&state=x&redirect_uri=https://evil.example/",
    "#access_token=Atza%7Cx&token_type=bearer&expires_in=3600&state=x&next=//evil.example",
];

/// `HUGE` in a case stands for this many characters.
fn expand(case: &str) -> String {
    case.replace("HUGE", &"A".repeat(9000))
}

/// Checks the app still runs after a case: nothing panicked, and its own links are still
/// handled in the page (a dead .wasm would let the browser load the link instead).
async fn assert_alive(world: &World) {
    world.assert_no_panic().await;
    world.run("window.batteryMark = true; return true;").await;
    world.click("nav a[href$='/profile']").await;
    world.wait_for_url_ending("/profile").await;
    assert_eq!(
        world.run("return window.batteryMark === true;").await,
        serde_json::json!(true),
        "the link was followed in the page"
    );
}

/// Checks `outcome` on the page after a case, and that nothing leaked.
async fn assert_outcome(world: &World, case: &str, outcome: Outcome) {
    match outcome {
        Outcome::Ignored => world.assert_ignored().await,
        Outcome::Alert(text) => world.assert_refused(text).await,
        Outcome::SignedIn => {
            world.find(".profile").await;
            world.assert_url_clean().await;
        }
    }
    assert_eq!(
        world.run("return document.title;").await,
        serde_json::json!("Doorstep · Login with Amazon"),
        "{case}: no script ran"
    );
    assert_alive(world).await;
}

fn report(table: &str, cases: usize) {
    println!("hostile-input battery ({table}): {cases} cases, all passed");
}

#[tokio::test]
async fn battery_responses_that_are_not_this_tabs_are_ignored_calmly() {
    let world = World::start().await;
    for case in HOSTILE_RESPONSES {
        world.open(&format!("/{}", expand(case))).await;
        assert_outcome(&world, case, Outcome::Ignored).await;
    }
    assert_eq!(world.emulator.requests_to("/user/profile"), 0);
    assert_eq!(world.emulator.requests_to("/auth/o2/token"), 0);
    report("responses, signed out", HOSTILE_RESPONSES.len());
}

#[tokio::test]
async fn battery_responses_that_are_not_this_tabs_leave_a_session_as_it_is() {
    let world = World::with(Faults::default(), AppConfig::code_grant()).await;
    world.open("/").await;
    world.sign_in().await;
    let token = world.assert_session_stored().await;
    for case in HOSTILE_RESPONSES {
        world.open(&format!("/{}", expand(case))).await;
        world
            .wait_for_text("[data-field=name]", "Demo Customer")
            .await;
        assert!(!world.exists("[role=alert]").await, "{case}");
        assert_eq!(world.assert_session_stored().await, token, "{case}");
        assert_outcome(&world, case, Outcome::SignedIn).await;
    }
    assert_eq!(world.emulator.token_requests("authorization_code"), 1);
    report("responses, signed in", HOSTILE_RESPONSES.len());
}

/// Responses to this tab's own sign-in (`STATE` is replaced by its real state), malformed:
/// the person was signing in, so each is an alert with the way on.
const MALFORMED_ANSWERS: [(AppConfigKind, &str, &str); 12] = [
    (
        AppConfigKind::Implicit,
        "#access_token=&token_type=bearer&expires_in=3600&state=STATE",
        "incomplete or malformed",
    ),
    (
        AppConfigKind::Implicit,
        "#access_token=Atza%7Cx&token_type=mac&expires_in=3600&state=STATE",
        "kind of token this app cannot use",
    ),
    (
        AppConfigKind::Implicit,
        "#access_token=Atza%7Cx&token_type=bearer&expires_in=0&state=STATE",
        "incomplete or malformed",
    ),
    (
        AppConfigKind::Implicit,
        "#access_token=Atza%7Cx&token_type=bearer&expires_in=3600&state=STATE&state=STATE",
        "incomplete or malformed",
    ),
    (
        AppConfigKind::Implicit,
        "#access_token=Atza%7Cx%09y&token_type=bearer&expires_in=3600&state=STATE",
        "incomplete or malformed",
    ),
    (
        AppConfigKind::Implicit,
        "#access_token=%3Cscript%3E&token_type=bearer&expires_in=3600&state=STATE",
        "Amazon no longer accepts your sign-in",
    ),
    (
        AppConfigKind::Implicit,
        "#error=%3Cimg%20src=x%20onerror=alert(1)%3E&state=STATE",
        "Amazon could not sign you in",
    ),
    (
        AppConfigKind::Implicit,
        "#error=access_denied&state=STATE%00",
        "did not match the sign-in started in this tab",
    ),
    (
        AppConfigKind::CodePkce,
        "#access_token=Atza%7Cx&token_type=bearer&expires_in=3600&state=STATE",
        "not the kind this sign-in asked for",
    ),
    (
        AppConfigKind::CodePkce,
        "?code=&state=STATE",
        "incomplete or malformed",
    ),
    (
        AppConfigKind::CodePkce,
        "?code=%3Csvg/onload=alert(1)%3E&state=STATE",
        "one-time code had expired or was already used",
    ),
    (
        AppConfigKind::CodePkce,
        "?code=ANx&state=%D0%B0STATE",
        "did not match the sign-in started in this tab",
    ),
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum AppConfigKind {
    Implicit,
    CodePkce,
}

#[tokio::test]
async fn battery_malformed_answers_to_this_tabs_sign_in_are_refused_with_a_message() {
    for kind in [AppConfigKind::Implicit, AppConfigKind::CodePkce] {
        let config = match kind {
            AppConfigKind::Implicit => AppConfig::emulator(),
            AppConfigKind::CodePkce => AppConfig::code_grant(),
        };
        let world = World::with(Faults::default(), config).await;
        for (_, case, expected) in MALFORMED_ANSWERS.iter().filter(|(of, ..)| *of == kind) {
            world.open("/").await;
            world.go_to_amazon().await;
            let state = world.pending_state().await;
            world
                .open(&format!("/{}", case.replace("STATE", &state)))
                .await;
            assert_outcome(&world, case, Outcome::Alert(expected)).await;
        }
    }
    report("answers to this tab's sign-in", MALFORMED_ANSWERS.len());
}

/// config.json texts, each with the words the page must show.
const HOSTILE_CONFIGS: [(&str, &str); 20] = [
    (r#"{"client_id": ""}"#, "1 to 100 visible characters"),
    (r#"{"client_id": "a b"}"#, "1 to 100 visible characters"),
    (r#"{"client_id": "x\u0000"}"#, "1 to 100 visible characters"),
    (r#"{"client_id": ["x"]}"#, "invalid type"),
    (r#"{"client_id": 1e400}"#, "invalid"),
    (r#"{"client_id": "x", "scopes": "profile"}"#, "invalid type"),
    (r#"{"client_id": "x", "scopes": []}"#, "at least one scope"),
    (
        r#"{"client_id": "x", "scopes": ["profile", "<b>email</b>"]}"#,
        "may hold only",
    ),
    (
        r#"{"client_id": "x", "region": "NA"}"#,
        r#""region" must be"#,
    ),
    (
        r#"{"client_id": "x", "region": "\u0000"}"#,
        r#""region" must be"#,
    ),
    (
        r#"{"client_id": "x", "grant": "token"}"#,
        r#""grant" must be"#,
    ),
    (
        r#"{"client_id": "x", "endpoints": {"api": "javascript:alert(1)"}}"#,
        "absolute https:// URL",
    ),
    (
        r#"{"client_id": "x", "endpoints": {"api": "https://user:pw@evil.example"}}"#,
        "user name",
    ),
    (
        r#"{"client_id": "x", "endpoints": {"authorize": "http://10.0.0.1/ap/oa"}}"#,
        "must use https://",
    ),
    (
        r#"{"client_id": "x", "redirect_uri": "https://evil.example/"}"#,
        "own origin",
    ),
    (
        r#"{"client_id": "x", "redirect_uri": "<img src=x onerror=alert(1)>"}"#,
        "absolute https:// URL",
    ),
    (r#"{"client_id": "x", "<script>": 1}"#, "unknown field"),
    ("[]", "must be a JSON object"),
    (r#"{"client_id": "#, "not valid JSON"),
    ("HUGE", "larger than 64 KB"),
];

#[tokio::test]
async fn battery_hostile_configs_name_the_problem_and_offer_a_reload() {
    let world = World::start().await;
    for (config, expected) in HOSTILE_CONFIGS {
        let text = match config {
            "HUGE" => format!(r#"{{"client_id": "{}"}}"#, "x".repeat(70_000)),
            text => text.to_owned(),
        };
        world.site.set_config(ConfigFile::Json(text));
        world.open("/").await;
        world.wait_for_text("[role=alert]", expected).await;
        assert_eq!(
            world.text("[role=alert] button").await,
            "Reload",
            "{config}"
        );
        assert!(!world.exists("button.lwa-button").await, "{config}");
        world.assert_storage_empty().await;
        assert_alive(&world).await;
    }
    report("config.json", HOSTILE_CONFIGS.len());
}

/// What an API sends in a case. In a body, `CLIENT` stands for the app's client ID and `HUGE`
/// for 70,000 characters.
#[derive(Clone, Copy)]
enum Answer {
    /// This status and body.
    Body(u16, &'static str),
    /// This status and body, sent in chunks without `Content-Length`: its size shows only as
    /// it is read.
    Chunked(u16, &'static str),
    /// This status and body in chunks, then the body again and again without end.
    Endless(u16, &'static str),
    /// This status, `Content-Length` a megabyte, and the body's first chunk, then nothing.
    DeclaredHuge(u16, &'static str),
    /// This redirect status, to the emulator's path that answers like the profile API.
    Redirect(u16),
    /// Every API answer takes longer than the app waits.
    Slow,
}

impl Answer {
    /// The emulator's switches for this answer from `endpoint`.
    fn faults(self, endpoint: ApiEndpoint, emulator: &str) -> Faults {
        let canned = |status, body: &str, location, delivery| CannedAnswer {
            endpoint,
            status,
            content_type: "application/json",
            body: body
                .replace("CLIENT", DEMO_CLIENT_ID)
                .replace("HUGE", &"x".repeat(70_000)),
            location,
            delivery,
        };
        let canned_answer = match self {
            Answer::Body(status, body) => canned(status, body, None, Delivery::Whole),
            Answer::Chunked(status, body) => canned(status, body, None, Delivery::Chunked),
            Answer::Endless(status, body) => {
                canned(status, body, None, Delivery::ChunkedWithoutEnd)
            }
            Answer::DeclaredHuge(status, body) => {
                canned(status, body, None, Delivery::DeclaredLargerThanSent)
            }
            Answer::Redirect(status) => canned(
                status,
                "",
                Some(format!("{emulator}{REDIRECT_TARGET_PATH}")),
                Delivery::Whole,
            ),
            Answer::Slow => {
                return Faults {
                    delay: Duration::from_secs(22),
                    ..Faults::default()
                };
            }
        };
        Faults {
            canned_answer: Some(canned_answer),
            ..Faults::default()
        }
    }
}

/// Hostile answers during a sign-in: the grant, the endpoint, its answer, and the outcome.
const HOSTILE_ANSWERS: [(AppConfigKind, ApiEndpoint, Answer, Outcome); 28] = {
    use Answer::{Body, Chunked, DeclaredHuge, Endless, Redirect, Slow};
    use ApiEndpoint::{Profile, Token, Tokeninfo};
    use AppConfigKind::{CodePkce, Implicit};
    const UNREADABLE: Outcome = Outcome::Alert("could not understand");
    [
        (Implicit, Profile, Body(200, "<html>hi</html>"), UNREADABLE),
        (Implicit, Profile, Body(200, "[]"), UNREADABLE),
        (Implicit, Profile, Body(200, ""), UNREADABLE),
        (Implicit, Profile, Body(200, r#"{"name":"Dem"#), UNREADABLE),
        (
            Implicit,
            Profile,
            Body(200, r#"{"name":42,"email":["x"],"user_id":null}"#),
            Outcome::SignedIn,
        ),
        (
            Implicit,
            Profile,
            Body(
                200,
                r#"{"name":"<img src=x onerror=\"document.title='pwned'\">","email":"<script>document.title='pwned'</script>"}"#,
            ),
            Outcome::SignedIn,
        ),
        (Implicit, Profile, Body(418, "{}"), UNREADABLE),
        (
            Implicit,
            Profile,
            Body(401, "<html>no</html>"),
            Outcome::Alert("Amazon no longer accepts your sign-in"),
        ),
        (
            Implicit,
            Profile,
            Redirect(302),
            Outcome::Alert("answered with a redirect"),
        ),
        (Implicit, Tokeninfo, Body(200, r#"{"aud":5}"#), UNREADABLE),
        (
            Implicit,
            Tokeninfo,
            Body(200, r#"{"aud":"amzn1.application-oa2-client.other"}"#),
            Outcome::Alert("issued to a different app"),
        ),
        (
            Implicit,
            Tokeninfo,
            Body(200, r#"{"aud":"CLIENT\u0000"}"#),
            Outcome::Alert("issued to a different app"),
        ),
        (
            Implicit,
            Tokeninfo,
            Redirect(301),
            Outcome::Alert("answered with a redirect"),
        ),
        (
            Implicit,
            Tokeninfo,
            Body(200, r#"{"aud":"CLIENT","x":"HUGE"}"#),
            UNREADABLE,
        ),
        // Over 64 KB with no Content-Length to refuse it by: read with a running cap.
        (
            Implicit,
            Tokeninfo,
            Chunked(200, r#"{"aud":"CLIENT","x":"HUGE"}"#),
            UNREADABLE,
        ),
        (
            CodePkce,
            Token,
            // A good answer but for its size: only the cap refuses it.
            Chunked(
                200,
                r#"{"access_token":"Atza|x","token_type":"bearer","expires_in":3600,"x":"HUGE"}"#,
            ),
            UNREADABLE,
        ),
        // A body without end is given up at 64 KB, not read until the time runs out.
        (
            Implicit,
            Profile,
            Endless(200, r#"{"user_id":"x","name":"HUGE"#),
            UNREADABLE,
        ),
        // An answer that says it is too large is refused before its body is read.
        (
            CodePkce,
            Token,
            DeclaredHuge(200, r#"{"access_token":"Atza|x""#),
            UNREADABLE,
        ),
        (
            CodePkce,
            Token,
            Body(
                200,
                r#"{"access_token":1,"token_type":"bearer","expires_in":3600}"#,
            ),
            UNREADABLE,
        ),
        (
            CodePkce,
            Token,
            Body(
                200,
                r#"{"access_token":"Atza|x","token_type":"bearer","expires_in":"3600"}"#,
            ),
            UNREADABLE,
        ),
        (
            CodePkce,
            Token,
            Body(
                200,
                r#"{"access_token":"Atza|x y","token_type":"bearer","expires_in":3600}"#,
            ),
            UNREADABLE,
        ),
        (
            CodePkce,
            Token,
            Body(
                200,
                r#"{"access_token":"Atza|x","refresh_token":"","token_type":"bearer","expires_in":3600}"#,
            ),
            UNREADABLE,
        ),
        (
            CodePkce,
            Token,
            Body(400, r#"{"error":"<script>alert(1)</script>"}"#),
            UNREADABLE,
        ),
        (
            CodePkce,
            Token,
            Body(500, "<html>oops</html>"),
            Outcome::Alert("unavailable right now"),
        ),
        // A CDN's large error page: known by its status, not refused for its size.
        (
            CodePkce,
            Token,
            Body(503, "<html>HUGE</html>"),
            Outcome::Alert("unavailable right now"),
        ),
        // A gateway on the way (the deploy bundle's forwarding) that could not reach Amazon.
        (
            CodePkce,
            Token,
            Body(502, "<html>502 Bad Gateway</html>"),
            Outcome::Alert("Amazon could not be reached"),
        ),
        (
            CodePkce,
            Token,
            Redirect(308),
            Outcome::Alert("answered with a redirect"),
        ),
        (CodePkce, Token, Slow, Outcome::Alert("took too long")),
    ]
};

#[tokio::test]
async fn battery_hostile_api_answers_end_in_a_message_or_show_text_as_text() {
    for kind in [AppConfigKind::Implicit, AppConfigKind::CodePkce] {
        let config = match kind {
            AppConfigKind::Implicit => AppConfig::emulator(),
            AppConfigKind::CodePkce => AppConfig::code_grant(),
        };
        let world = World::with(Faults::default(), config).await;
        for (_, endpoint, answer, outcome) in HOSTILE_ANSWERS.iter().filter(|(of, ..)| *of == kind)
        {
            let faults = answer.faults(*endpoint, world.emulator.base_url());
            let slow = matches!(answer, Answer::Slow);
            world.run("sessionStorage.clear(); return true;").await;
            world.open("/").await;
            world.go_to_amazon().await;
            world.emulator.set_faults(faults.clone());
            world.answer_consent("allow").await;
            if slow {
                tokio::time::sleep(Duration::from_secs(15)).await;
            }
            let case = format!(
                "{endpoint:?} {:?}",
                faults.canned_answer.as_ref().map(|canned| canned.status)
            );
            assert_outcome(&world, &case, *outcome).await;
            world.emulator.set_faults(Faults::default());
        }
        assert_eq!(
            world.emulator.requests_to(REDIRECT_TARGET_PATH),
            0,
            "no redirect followed"
        );
    }
    report("API answers", HOSTILE_ANSWERS.len());
}
