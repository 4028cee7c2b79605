//! JSON strings written byte for byte as serde_json writes them (`"`, `\` and control
//! characters escaped, `\b \t \n \f \r` by their letter, the others as `\u00xx`; everything
//! else as it is), and for JSON that goes inside a `<script>` also `<`, `>` and `&` (as
//! `\u003c`, `\u003e`, `\u0026`, so no text can end the script early). A run of plain bytes at
//! a time, found eight bytes at a time: the search's record shards are megabytes of text on a
//! large site, and every page carries its JSON-LD.

/// Hands `text`, escaped as inside a JSON string, to `put` in pieces: runs of `text` and the
/// escapes between them. With `FOR_SCRIPT`, `<`, `>` and `&` are escaped too.
pub(crate) fn escape<const FOR_SCRIPT: bool>(text: &str, mut put: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        // Every byte escaped is ASCII, so `next` is where a character starts.
        let next = next_to_escape::<FOR_SCRIPT>(bytes, at);
        put(&text[at..next]);
        let Some(&byte) = bytes.get(next) else {
            return;
        };
        let mut buffer = [0u8; 6];
        put(escape_of(byte, &mut buffer));
        at = next + 1;
    }
}

/// Appends the JSON string (quoted) of `parts` put end to end.
pub(crate) fn push_string(out: &mut Vec<u8>, parts: &[&str]) {
    out.push(b'"');
    for part in parts {
        escape::<false>(part, |piece| out.extend_from_slice(piece.as_bytes()));
    }
    out.push(b'"');
}

/// The escape of `byte`, one of those [`next_to_escape`] stops at (`buffer` holds a `\u00xx`).
fn escape_of(byte: u8, buffer: &mut [u8; 6]) -> &str {
    match byte {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        b'<' => "\\u003c",
        b'>' => "\\u003e",
        b'&' => "\\u0026",
        0x08 => "\\b",
        b'\t' => "\\t",
        b'\n' => "\\n",
        0x0C => "\\f",
        b'\r' => "\\r",
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            *buffer = *b"\\u0000";
            buffer[4] = HEX[usize::from(byte >> 4)];
            buffer[5] = HEX[usize::from(byte & 15)];
            std::str::from_utf8(buffer).unwrap_or_default()
        }
    }
}

/// Where the first byte of `text` from `at` on that needs escaping is (or its length).
fn next_to_escape<const FOR_SCRIPT: bool>(text: &[u8], mut at: usize) -> usize {
    const fn splat(byte: u8) -> u64 {
        u64::from_le_bytes([byte; 8])
    }
    const HIGH_BITS: u64 = splat(0x80);
    while let Some(eight) = text.get(at..at + 8) {
        let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        // On the low seven bits (no carry between bytes): a zero byte of `y` is one where
        // `!(y + 0x7F)` has its high bit set; a control character one where `low + 0x60` has not.
        let low = x & !HIGH_BITS;
        let zero = |y: u64| !y.wrapping_add(splat(0x7F));
        let control = !low.wrapping_add(splat(0x60));
        let mut special = control | zero(low ^ splat(b'"')) | zero(low ^ splat(b'\\'));
        if FOR_SCRIPT {
            special |= zero(low ^ splat(b'<')) | zero(low ^ splat(b'>')) | zero(low ^ splat(b'&'));
        }
        // Bytes of 0x80 and above (parts of other characters) are written as they are.
        let special = special & !x & HIGH_BITS;
        if special != 0 {
            return at + special.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    text.iter()
        .skip(at)
        .position(|&b| {
            b < 0x20 || b == b'"' || b == b'\\' || (FOR_SCRIPT && matches!(b, b'<' | b'>' | b'&'))
        })
        .map_or(text.len(), |p| at + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cases() -> Vec<String> {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        [
            "",
            "plain text of more than eight bytes",
            "\"quoted\" and back\\slash",
            "</script> <b> caf\u{e9} \u{2019} \u{1F600} \u{7f} & more",
            "\u{85}\u{a0}\u{2028} ctl \u{1}\u{1f}x",
            &every_ascii,
            &every_ascii[3..],
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        for text in cases() {
            let mut out = Vec::new();
            push_string(&mut out, &[&text]);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&text).unwrap()
            );
        }
        let mut out = Vec::new();
        push_string(&mut out, &["safety/", "#", "is-it-\"safe\""]);
        assert_eq!(out, serde_json::to_vec("safety/#is-it-\"safe\"").unwrap());
    }

    #[test]
    fn for_a_script_angle_brackets_and_ampersands_are_escaped_too() {
        for text in cases() {
            let mut inside = String::new();
            escape::<true>(&text, |piece| inside.push_str(piece));
            let serde = serde_json::to_string(&text).unwrap();
            let expected = serde[1..serde.len() - 1]
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026");
            assert_eq!(inside, expected);
            assert!(!inside.contains("</script"));
        }
    }
}
