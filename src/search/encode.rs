//! Index encoding: the text forms every index file is written in. Numbers
//! go in base-64 digit strings (varints of 5 bits a digit, or fixed width),
//! which a JavaScript string holds without escaping; the rest is JSON.

/// Digits of the base-64 number strings, in value order.
pub(crate) const DIGITS: &[u8; 64] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Append `v` as a varint: 5 bits a digit, low bits first; digits 32-63
/// mean "more follow".
pub(crate) fn push_varint(out: &mut String, mut v: u64) {
    while v >= 32 {
        out.push(DIGITS[32 + (v & 31) as usize] as char);
        v >>= 5;
    }
    out.push(DIGITS[v as usize] as char);
}

/// Append `v` (below 4096) as exactly two digits, high digit first.
pub(crate) fn push_fixed2(out: &mut String, v: u16) {
    let v = v.min(4095) as usize;
    out.push(DIGITS[v >> 6] as char);
    out.push(DIGITS[v & 63] as char);
}

/// Append `s` as a JSON string literal that is also a valid JavaScript one.
/// Works on bytes: every character it escapes is ASCII but U+2028 and
/// U+2029 (`E2 80 A8`, `E2 80 A9`), and the runs between are copied whole.
pub(crate) fn push_json_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    push_json_chars(out, s);
    out.push('"');
}

/// Append the characters of `s` as a JSON string holds them, without the
/// quotes around.
pub(crate) fn push_json_chars(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while let Some(skip) = bytes[i..].iter().position(|&b| MAY_ESCAPE[b as usize]) {
        i += skip;
        let b = bytes[i];
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0xe2 => match bytes.get(i + 1..i + 3) {
                Some([0x80, 0xa8]) => "\\u2028",
                Some([0x80, 0xa9]) => "\\u2029",
                // Another character starting with E2: copied as it is.
                _ => {
                    i += 1;
                    continue;
                }
            },
            _ => "",
        };
        out.push_str(&s[plain..i]);
        if escaped.is_empty() {
            out.push_str(&format!("\\u{:04x}", b));
        } else {
            out.push_str(escaped);
        }
        i += if b == 0xe2 { 3 } else { 1 };
        plain = i;
    }
    out.push_str(&s[plain..]);
}

/// The bytes `push_json_str` looks at: control characters, `"`, `\`, and
/// the lead byte of U+2028 and U+2029.
static MAY_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b < 0x20 || b == b'"' as usize || b == b'\\' as usize || b == 0xe2;
        b += 1;
    }
    table
};

/// Append a JSON array of strings.
pub(crate) fn push_json_strs<S: AsRef<str>>(out: &mut String, items: &[S]) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_str(out, s.as_ref());
    }
    out.push(']');
}

/// Wrap an object's JSON members as the classic script every index file
/// is: `dojoSearch.register({"f":id,"b":build,...});`, so it loads through
/// a `<script>` element over http(s) and from file:// alike.
pub(crate) fn script(id: &str, build: &str, members: &str) -> Vec<u8> {
    let mut out = String::with_capacity(members.len() + 64);
    out.push_str("dojoSearch.register({\"f\":");
    push_json_str(&mut out, id);
    out.push_str(",\"b\":");
    push_json_str(&mut out, build);
    if !members.is_empty() {
        out.push(',');
        out.push_str(members);
    }
    out.push_str("});\n");
    out.into_bytes()
}
