//! The origin's notes about sessions, in `localStorage`: what a copy of a tab that was away
//! (on another site, reloading, frozen) reads when it comes back, to learn that its session was
//! renewed or ended meanwhile. `localStorage` is shared by every page of the origin, so a note
//! holds no secret: under `doorstep.note.<session id>`, when it was written and the session's
//! latest news sealed with its key (`newest N` or `ended N REASON`, never a token).

use web_sys::Storage;

use crate::auth::news::note_outlived;

const PREFIX: &str = "doorstep.note.";

fn local_storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The sealed news in the note about session `id`, if there is one.
pub fn read(id: &str) -> Option<String> {
    let note = local_storage()?.get_item(&format!("{PREFIX}{id}")).ok()??;
    note.split_once(' ').map(|(_, sealed)| sealed.to_owned())
}

/// Makes `sealed` the note about session `id`, written at `now_ms`, and removes the notes that
/// have outlived their use (and anything unreadable under our prefix). Where `localStorage` is
/// blocked nothing is written: copies then learn only from the copies that are open.
pub fn write(id: &str, sealed: &str, now_ms: u64) {
    let Some(storage) = local_storage() else {
        return;
    };
    // From the last key down, so that a removal does not move the keys still to be looked at.
    for index in (0..storage.length().unwrap_or(0)).rev() {
        let Some(key) = storage.key(index).ok().flatten() else {
            continue;
        };
        let written = storage.get_item(&key).ok().flatten().and_then(|note| {
            let (written, _) = note.split_once(' ')?;
            written.parse().ok()
        });
        if key.starts_with(PREFIX) && written.is_none_or(|written| note_outlived(written, now_ms)) {
            let _ = storage.remove_item(&key);
        }
    }
    let _ = storage.set_item(&format!("{PREFIX}{id}"), &format!("{now_ms} {sealed}"));
}
