//! base64url without padding (RFC 4648 §5), the encoding of `state`, of PKCE values and of what
//! copies of a session seal for each other: only URL-safe characters. Written out here instead
//! of pulling in a general base64 crate.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `bytes` in base64url, without `=` padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut encoded = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk.iter().enumerate().fold(0u32, |group, (index, byte)| {
            group | u32::from(*byte) << (16 - 8 * index)
        });
        // A chunk of n bytes carries n + 1 characters' worth of bits.
        for position in 0..=chunk.len() {
            let sextet = (group >> (18 - 6 * position)) & 0x3f;
            encoded.push(char::from(ALPHABET[sextet as usize]));
        }
    }
    encoded
}

/// The bytes `text` encodes in base64url without padding; `None` for any other character or a
/// length no encoding has.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut group = 0u32;
        for (index, character) in chunk.iter().enumerate() {
            let sextet = ALPHABET.iter().position(|known| known == character)? as u32;
            group |= sextet << (18 - 6 * index);
        }
        // n characters carry n - 1 whole bytes; a lone character carries none.
        let whole = chunk.len().checked_sub(1).filter(|whole| *whole > 0)?;
        bytes.extend((0..whole).map(|index| (group >> (16 - 8 * index)) as u8));
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    #[test]
    fn rfc_4648_test_vectors_without_padding() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(input.as_bytes()), expected, "{input:?}");
            assert_eq!(decode(expected).as_deref(), Some(input.as_bytes()));
        }
    }

    #[test]
    fn the_url_safe_alphabet_replaces_plus_and_slash() {
        assert_eq!(encode(&[0xfb, 0xff, 0xbf]), "-_-_");
        assert_eq!(encode(&[0xff; 32]).len(), 43);
    }

    #[test]
    fn every_byte_value_encodes_to_url_safe_characters() {
        let all: Vec<u8> = (0..=255).collect();
        let encoded = encode(&all);
        assert_eq!(encoded.len(), 342);
        assert!(
            encoded
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }

    #[test]
    fn every_byte_string_decodes_back_and_anything_else_is_refused() {
        let all: Vec<u8> = (0..=255).collect();
        for length in 0..all.len() {
            assert_eq!(
                decode(&encode(&all[..length])).as_deref(),
                Some(&all[..length])
            );
        }
        for bad in ["A", "AAAAA", "Zm9v=", "Zm+v", "Zm/v", "Zm9 ", "é"] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }
}
