//! The few HTML entities that platforms leave in post texts (`&amp;` in tweets, `&#39;` in
//! exports), decoded for comparing texts. This is not the normalizer (`citra-normalize` decodes
//! every entity with offsets kept); it is for keys that only need the text to compare equal.

use std::borrow::Cow;

/// The entities [`decode_common`] decodes, in words.
pub const COMMON: &str = "&amp; &lt; &gt; &quot; &#39; &#x27; &apos; &nbsp;";

/// `text` with the entities of [`COMMON`] decoded (`&nbsp;` to a space); borrowed when it holds
/// no `&`.
///
/// ```
/// use citra_model::entities::decode_common;
/// assert_eq!(decode_common("Tom &amp; Jerry&#39;s &quot;show&quot;"), "Tom & Jerry's \"show\"");
/// assert_eq!(decode_common("&amp;lt;"), "&lt;", "decoded once, not twice");
/// assert!(matches!(decode_common("no entity"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn decode_common(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    const TABLE: [(&str, &str); 8] = [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        ("&apos;", "'"),
        ("&nbsp;", " "),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        match TABLE.iter().find(|(e, _)| tail.starts_with(e)) {
            Some((e, d)) => {
                out.push_str(d);
                rest = &tail[e.len()..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}
