//! The storage adapter against the browser's real `sessionStorage`.

use crate::AuthError;
use crate::auth::record::{Fields, Record, Writer};
use crate::browser::storage::{StorageKey, TabStorage};
use wasm_bindgen_test::wasm_bindgen_test;

use super::support::session_storage;

#[derive(Debug, PartialEq)]
struct Sample {
    label: String,
    count: u32,
}

impl Record for Sample {
    fn read(fields: &Fields) -> Option<Self> {
        Some(Sample {
            label: fields.text("label")?,
            count: fields.number("count")?.try_into().ok()?,
        })
    }

    fn write(&self, record: &mut Writer) {
        record
            .text("label", &self.label)
            .number("count", self.count.into());
    }
}

fn fresh() -> TabStorage {
    let storage = TabStorage::open().expect("sessionStorage is available");
    storage.clear_all();
    storage
}

#[wasm_bindgen_test]
fn a_saved_value_reads_back_equal() {
    let storage = fresh();
    let sample = Sample {
        label: "ünïcødé | text".into(),
        count: 7,
    };
    storage.save(StorageKey::Session, &sample).expect("save");
    assert_eq!(
        storage.load::<Sample>(StorageKey::Session),
        Ok(Some(sample))
    );
}

#[wasm_bindgen_test]
fn a_missing_value_reads_as_none() {
    let storage = fresh();
    assert_eq!(storage.load::<Sample>(StorageKey::PendingLogin), Ok(None));
}

#[wasm_bindgen_test]
fn values_live_under_prefixed_keys_in_session_storage_not_local_storage() {
    let storage = fresh();
    storage
        .save(
            StorageKey::Session,
            &Sample {
                label: "x".into(),
                count: 1,
            },
        )
        .expect("save");
    let raw = session_storage()
        .get_item("doorstep.session")
        .expect("get_item");
    assert_eq!(raw.as_deref(), Some("label=x&count=1"), "form-encoded");
    let local = web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .expect("localStorage");
    assert_eq!(local.get_item("doorstep.session").expect("get_item"), None);
}

#[wasm_bindgen_test]
fn an_unreadable_value_is_reported_and_removed() {
    let storage = fresh();
    session_storage()
        .set_item("doorstep.session", "{not json")
        .expect("set_item");
    assert_eq!(
        storage.load::<Sample>(StorageKey::Session),
        Err(AuthError::StorageCorrupted)
    );
    assert_eq!(
        session_storage()
            .get_item("doorstep.session")
            .expect("get_item"),
        None
    );
}

#[wasm_bindgen_test]
fn take_returns_the_value_once() {
    let storage = fresh();
    storage
        .save(
            StorageKey::PendingLogin,
            &Sample {
                label: "once".into(),
                count: 1,
            },
        )
        .expect("save");
    assert!(matches!(
        storage.take::<Sample>(StorageKey::PendingLogin),
        Ok(Some(_))
    ));
    assert_eq!(storage.take::<Sample>(StorageKey::PendingLogin), Ok(None));
}

#[wasm_bindgen_test]
fn clear_all_removes_ours_and_leaves_other_keys_alone() {
    let storage = fresh();
    session_storage()
        .set_item("someone.else", "keep me")
        .expect("set_item");
    let sample = |count| Sample {
        label: "ours".into(),
        count,
    };
    storage.save(StorageKey::Session, &sample(1)).expect("save");
    storage
        .save(StorageKey::PendingLogin, &sample(2))
        .expect("save");
    storage.clear_all();
    for key in StorageKey::ALL {
        assert_eq!(
            session_storage().get_item(key.as_str()).expect("get_item"),
            None
        );
    }
    assert_eq!(
        session_storage()
            .get_item("someone.else")
            .expect("get_item")
            .as_deref(),
        Some("keep me")
    );
    session_storage()
        .remove_item("someone.else")
        .expect("remove_item");
}

#[wasm_bindgen_test]
fn a_session_keeps_its_refresh_token_in_session_storage_only_until_cleared() {
    use crate::auth::session::{IssuedTokens, Session};
    use crate::auth::token::{AccessToken, RefreshToken, SealingKey};
    use crate::config::Grant;

    let storage = fresh();
    let tokens = IssuedTokens {
        access_token: AccessToken::new("Atza|access".into()),
        refresh_token: Some(RefreshToken::new("Atzr|refresh+/=".into())),
        expires_in_seconds: 3600,
        granted_scope: Some("profile".into()),
    };
    let key = SealingKey::new("a-key".into());
    let session = Session::start("S1".into(), key, Grant::CodePkce, tokens, 1_000);
    storage.save(StorageKey::Session, &session).expect("save");
    let raw = session_storage()
        .get_item("doorstep.session")
        .expect("get_item")
        .expect("stored");
    assert!(
        raw.contains("refresh_token=Atzr%7Crefresh%2B%2F%3D"),
        "{raw}"
    );
    assert_eq!(
        storage.load::<Session>(StorageKey::Session),
        Ok(Some(session))
    );
    let local = web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .expect("localStorage");
    assert_eq!(
        local.length().expect("length"),
        0,
        "nothing in localStorage"
    );
    storage.clear_all();
    assert_eq!(
        session_storage()
            .get_item("doorstep.session")
            .expect("get_item"),
        None
    );
}
