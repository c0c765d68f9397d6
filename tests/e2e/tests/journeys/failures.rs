//! Amazon's APIs failing after the sign-in itself went through.

use lwa_emulator::{ApiEndpoint, Faults, ProfileFailure};
use serde_json::json;

use crate::world::{AppConfig, World};

/// Signs in with `faults` on and returns the alert's text, checking nothing is left behind.
async fn sign_in_failing_with(faults: Faults, config: AppConfig, expected: &str) -> World {
    let world = World::with(faults, config).await;
    world.open("/").await;
    world.go_to_amazon().await;
    world.answer_consent("allow").await;
    world.wait_for_text("[role=alert]", expected).await;
    assert!(!world.exists(".profile").await, "no profile is shown");
    assert_eq!(world.text("[role=alert] button").await, "Sign in again");
    world.assert_url_clean().await;
    world.assert_storage_empty().await;
    world.assert_history_clean(None).await;
    world
}

#[tokio::test]
async fn a_profile_answering_401_clears_the_session() {
    let faults = Faults {
        profile_failure: Some(ProfileFailure::Unauthorized),
        ..Faults::default()
    };
    let world = sign_in_failing_with(
        faults,
        AppConfig::emulator(),
        "Amazon no longer accepts your sign-in",
    )
    .await;
    // Coming back later: still signed out, nothing restored.
    world.open("/").await;
    world
        .wait_for_text("[role=status]", "You are not signed in.")
        .await;
    world.assert_storage_empty().await;
}

#[tokio::test]
async fn a_token_issued_to_another_app_is_refused() {
    let faults = Faults {
        wrong_audience: true,
        ..Faults::default()
    };
    sign_in_failing_with(faults, AppConfig::emulator(), "issued to a different app").await;
}

#[tokio::test]
async fn each_api_failure_gets_its_own_explanation() {
    let cases = [
        (
            Faults {
                profile_failure: Some(ProfileFailure::Forbidden),
                ..Faults::default()
            },
            "did not give this app access to your profile",
        ),
        (
            Faults {
                profile_failure: Some(ProfileFailure::ServerError),
                ..Faults::default()
            },
            "service is unavailable right now",
        ),
        (
            Faults {
                profile_failure: Some(ProfileFailure::Unavailable),
                ..Faults::default()
            },
            "service is unavailable right now",
        ),
        (
            Faults {
                malformed_json: vec![ApiEndpoint::Profile],
                ..Faults::default()
            },
            "could not understand",
        ),
        (
            Faults {
                malformed_json: vec![ApiEndpoint::Tokeninfo],
                ..Faults::default()
            },
            "could not understand",
        ),
    ];
    for (faults, expected) in cases {
        sign_in_failing_with(faults, AppConfig::emulator(), expected).await;
    }
}

#[tokio::test]
async fn an_unreachable_api_is_a_network_failure() {
    // Amazon's sign-in page works, but nothing listens where the API should be.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a port");
    let config = AppConfig::Emulator {
        extra: json!({ "endpoints": { "api": format!("http://{closed}") } }),
    };
    sign_in_failing_with(Faults::default(), config, "Amazon could not be reached").await;
}
