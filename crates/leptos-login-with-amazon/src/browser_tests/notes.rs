//! The origin's notes about sessions in `localStorage`: one per session (and one for its end),
//! written with the time, read back as they were, and removed once they have outlived their use.

use crate::auth::news::NOTE_LIFETIME_MS;
use crate::browser::notes;
use wasm_bindgen_test::wasm_bindgen_test;

fn local() -> web_sys::Storage {
    web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .expect("localStorage")
}

fn clear() {
    let storage = local();
    let ours: Vec<String> = (0..storage.length().expect("length"))
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with("doorstep."))
        .collect();
    for key in ours {
        storage.remove_item(&key).expect("remove");
    }
}

fn raw(key: &str) -> Option<String> {
    local().get_item(key).expect("get_item")
}

#[wasm_bindgen_test]
fn a_note_reads_back_per_session_and_is_replaced_by_the_next() {
    clear();
    assert_eq!(notes::read("S1", false), None);
    notes::write("S1", false, "sealed-1", 1_000);
    notes::write("S2", false, "sealed-other", 1_000);
    assert_eq!(notes::read("S1", false).as_deref(), Some("sealed-1"));
    notes::write("S1", false, "sealed-2", 2_000);
    assert_eq!(notes::read("S1", false).as_deref(), Some("sealed-2"));
    assert_eq!(notes::read("S2", false).as_deref(), Some("sealed-other"));
    assert_eq!(
        raw("doorstep.note.S1").as_deref(),
        Some("2000 sealed-2"),
        "the time it was written, and the sealed news"
    );
    clear();
}

#[wasm_bindgen_test]
fn a_sessions_end_is_a_note_of_its_own_that_a_late_renewal_cannot_write_over() {
    clear();
    notes::write("S1", true, "sealed-end", 1_000);
    notes::write("S1", false, "sealed-renewal", 2_000);
    assert_eq!(notes::read("S1", true).as_deref(), Some("sealed-end"));
    assert_eq!(notes::read("S1", false).as_deref(), Some("sealed-renewal"));
    assert_eq!(
        raw("doorstep.note.S1.ended").as_deref(),
        Some("1000 sealed-end")
    );
    clear();
}

#[wasm_bindgen_test]
fn notes_that_outlived_their_use_or_are_unreadable_are_removed() {
    clear();
    notes::write("old", true, "sealed-old", 1_000);
    notes::write("recent", false, "sealed-recent", NOTE_LIFETIME_MS);
    local()
        .set_item("doorstep.note.garbage", "no time here")
        .expect("set_item");
    local().set_item("someone.else", "kept").expect("set_item");
    notes::write("new", false, "sealed-new", NOTE_LIFETIME_MS + 1_000);
    assert_eq!(notes::read("old", true), None);
    assert_eq!(notes::read("garbage", false), None);
    assert_eq!(
        notes::read("recent", false).as_deref(),
        Some("sealed-recent")
    );
    assert_eq!(notes::read("new", false).as_deref(), Some("sealed-new"));
    assert_eq!(
        raw("someone.else").as_deref(),
        Some("kept"),
        "only our notes"
    );
    local().remove_item("someone.else").expect("remove");
    clear();
}
