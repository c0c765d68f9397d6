//! The origin's notes about sessions, in `localStorage`: what a copy of a tab that was away
//! (on another site, reloading, frozen) reads when it comes back, to learn that its session was
//! renewed or ended meanwhile. `localStorage` is shared by every page of the origin, so a note
//! holds no secret: when it was written and news sealed with the session's key, never a token.
//! Two notes per session: `doorstep.note.<session id>` (the newest generation) and
//! `doorstep.note.<session id>.ended` (its end), so that a renewal finishing late in one copy
//! cannot write over the end another copy wrote.

use web_sys::Storage;

use crate::auth::news::note_outlived;

const PREFIX: &str = "doorstep.note.";

fn local_storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn key(id: &str, ended: bool) -> String {
    format!("{PREFIX}{id}{}", if ended { ".ended" } else { "" })
}

/// The sealed news in the note about session `id` (its end, if `ended`), if there is one.
pub fn read(id: &str, ended: bool) -> Option<String> {
    let note = local_storage()?.get_item(&key(id, ended)).ok()??;
    note.split_once(' ').map(|(_, sealed)| sealed.to_owned())
}

/// Makes `sealed` the note about session `id` (its end, if `ended`), written at `now_ms`, and
/// removes the notes that have outlived their use (and anything unreadable under our prefix).
/// Where `localStorage` is blocked or full, no note is left, not even an older one: copies then
/// learn only from the copies that are open.
pub fn write(id: &str, ended: bool, sealed: &str, now_ms: u64) {
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
    let key = key(id, ended);
    if storage
        .set_item(&key, &format!("{now_ms} {sealed}"))
        .is_err()
    {
        let _ = storage.remove_item(&key);
    }
}
