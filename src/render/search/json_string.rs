//! JSON strings written byte for byte as serde_json writes them (`"`, `\` and control
//! characters escaped, `\b \t \n \f \r` by their letter, the others as `\u00xx`; everything
//! else as it is), but a run of plain bytes at a time, found eight bytes at a time: the
//! record shards are mostly text (a question's answer), megabytes on a large site.

/// Appends the JSON string of `parts` put end to end.
pub(super) fn push_string(out: &mut Vec<u8>, parts: &[&str]) {
    out.push(b'"');
    for part in parts {
        push_escaped(out, part.as_bytes());
    }
    out.push(b'"');
}

/// Appends `text` escaped as inside a JSON string.
fn push_escaped(out: &mut Vec<u8>, text: &[u8]) {
    let mut at = 0;
    loop {
        let next = next_to_escape(text, at);
        out.extend_from_slice(&text[at..next]);
        let Some(&byte) = text.get(next) else {
            return;
        };
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            0x0C => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 15)]);
            }
        }
        at = next + 1;
    }
}

/// Where the first byte of `text` from `at` on that needs escaping is (or its length).
fn next_to_escape(text: &[u8], mut at: usize) -> usize {
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
        let special = (control | zero(low ^ splat(b'"')) | zero(low ^ splat(b'\\'))) & !x;
        let special = special & HIGH_BITS;
        if special != 0 {
            return at + special.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    text.iter()
        .skip(at)
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
        .map_or(text.len(), |p| at + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        let cases = [
            "",
            "plain text of more than eight bytes",
            "\"quoted\" and back\\slash",
            "</script> <b> caf\u{e9} \u{2019} \u{1F600} \u{7f}",
            "\u{85}\u{a0}\u{2028} ctl \u{1}\u{1f}x",
            &every_ascii,
            &every_ascii[3..],
        ];
        for text in cases {
            let mut out = Vec::new();
            push_string(&mut out, &[text]);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(text).unwrap()
            );
        }
        let mut out = Vec::new();
        push_string(&mut out, &["safety/", "#", "is-it-\"safe\""]);
        assert_eq!(out, serde_json::to_vec("safety/#is-it-\"safe\"").unwrap());
    }
}
