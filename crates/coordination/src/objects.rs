//! What a post shares: the objects two accounts can co-share (a text, a reshared post, a URL, a
//! hashtag), each as a key that is equal for the copies coordination looks for.

use serde::Serialize;

/// The kinds of shared object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    /// The same text (after [`text_key`]): a co-post.
    Text,
    /// A reshare of the same original post (its native id): a co-reshare.
    Reshare,
    /// The same URL (after [`url_key`]): a co-link.
    Url,
    /// The same hashtag (lowercased): a co-hashtag. Off by default: a popular hashtag is used by
    /// many accounts in the same minute without any coordination.
    Hashtag,
}

impl ObjectKind {
    /// Every kind, in the order of the enum.
    pub const ALL: [ObjectKind; 4] =
        [ObjectKind::Text, ObjectKind::Reshare, ObjectKind::Url, ObjectKind::Hashtag];

    /// The kind's name, as options and answers spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Text => "text",
            ObjectKind::Reshare => "reshare",
            ObjectKind::Url => "url",
            ObjectKind::Hashtag => "hashtag",
        }
    }

    /// The kind of a name ([`ObjectKind::as_str`]), if it is one.
    pub fn parse(s: &str) -> Option<ObjectKind> {
        ObjectKind::ALL.into_iter().find(|k| k.as_str() == s.trim().to_ascii_lowercase())
    }
}

/// A text key shorter than this (in chars) is not an object: short texts ("thank you", "lol",
/// an emoji, a post that is only a link) coincide by chance.
pub const MIN_TEXT_CHARS: usize = 16;

/// What "the same text" means, in words (the answer's `text_key`).
pub const TEXT_KEY: &str = "the text lowercased, with the HTML entities &amp; &lt; &gt; &quot; \
    &#39; &apos; &nbsp; decoded, leading 'RT @handle:' prefixes, @handles (also after punctuation, which stays: \
    '@x hi' is ' hi') and URLs (http://, https://, www.) removed, runs of whitespace made one space, and trimmed; keys under 16 chars are not compared";

fn is_url(token: &str) -> bool {
    let t = token.to_ascii_lowercase();
    t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www.")
}

/// The key of a post's text for co-posts ([`TEXT_KEY`]), or `None` when it is too short to
/// compare ([`MIN_TEXT_CHARS`]).
///
/// ```
/// use citra_coordination::text_key;
/// assert_eq!(
///     text_key("RT @TEN_GOP: Meksiko  harus membayar tembok! https://t.co/AbC @POTUS").as_deref(),
///     Some("meksiko harus membayar tembok!")
/// );
/// assert_eq!(text_key("Thank you! https://t.co/x"), None);
/// ```
pub fn text_key(text: &str) -> Option<String> {
    let lower = citra_model::entities::decode_common(text).to_lowercase();
    let mut tokens = lower.split_whitespace().peekable();
    // Leading retweet prefixes: "rt @handle:" (possibly nested).
    while tokens.peek() == Some(&"rt") {
        let mut rest = tokens.clone();
        rest.next();
        if rest.peek().is_some_and(|t| t.starts_with('@')) {
            rest.next();
            tokens = rest;
        } else {
            break;
        }
    }
    let mut key = String::with_capacity(lower.len());
    for t in tokens {
        if is_url(t) {
            continue;
        }
        // A handle, also after punctuation ("'@x", "(@x"): the punctuation stays.
        let t = match t.find('@') {
            Some(i) if t[..i].chars().all(|c| !c.is_alphanumeric()) => &t[..i],
            _ => t,
        };
        if t.is_empty() {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(t);
    }
    (key.chars().count() >= MIN_TEXT_CHARS).then_some(key)
}

/// Punctuation that ends a sentence around a URL, not the URL.
const URL_TRAIL: &[char] = &['.', ',', ';', ':', '!', '?', ')', ']', '}', '>', '"', '\'', '…'];

/// The key of a URL for co-links: without scheme and `www.`, host lowercased, trailing sentence
/// punctuation and `/` removed (the path keeps its case: short links are case-sensitive).
///
/// ```
/// use citra_coordination::url_key;
/// assert_eq!(url_key("https://WWW.Example.com/Berita/1/)."), Some("example.com/Berita/1".into()));
/// assert_eq!(url_key("https://"), None);
/// ```
pub fn url_key(url: &str) -> Option<String> {
    let u = url.trim().trim_end_matches(URL_TRAIL);
    let lower = u.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        u.get(8..)?
    } else if lower.starts_with("http://") {
        u.get(7..)?
    } else {
        u
    };
    let rest = if rest.to_ascii_lowercase().starts_with("www.") { rest.get(4..)? } else { rest };
    let (host, path) = match rest.find('/') {
        Some(i) => (rest.get(..i)?, rest.get(i..)?),
        None => (rest, ""),
    };
    let path = path.trim_end_matches('/');
    if host.is_empty() || !host.contains('.') {
        return None;
    }
    Some(format!("{}{path}", host.to_ascii_lowercase()))
}

/// The URLs a text holds (tokens starting with `http://`, `https://` or `www.`), as keys, each
/// once, in order.
pub fn url_keys(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in text.split_whitespace().filter(|t| is_url(t)) {
        if let Some(k) = url_key(t)
            && !out.contains(&k)
        {
            out.push(k);
        }
    }
    out
}

/// The hashtags a text holds, lowercased, without `#`, each once, in order; a hashtag is `#`
/// then letters, digits and `_`, at least two of them.
pub fn hashtag_keys(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in text.split_whitespace() {
        let Some(tag) = t.strip_prefix('#') else { continue };
        let tag: String =
            tag.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
        let tag = tag.to_lowercase();
        if tag.chars().count() >= 2 && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_key010() {
        let cases: &[(&str, Option<&str>)] = &[
            // Case, whitespace, handles and URLs do not make texts differ.
            (
                "Mexico must PAY for the wall  https://t.co/abc",
                Some("mexico must pay for the wall"),
            ),
            ("RT @ten_gop: Mexico must pay for the wall", Some("mexico must pay for the wall")),
            ("RT @a: RT @b: Mexico must pay for the wall", Some("mexico must pay for the wall")),
            ("@someone Mexico must pay for the wall @other", Some("mexico must pay for the wall")),
            // A handle after punctuation goes too (a reply in quotes); an e-mail address stays.
            (
                "'@johannesvogel würde Frau Merkel 4. Amtszeit schaffen? #Merkelmussbleiben'",
                Some("' würde frau merkel 4. amtszeit schaffen? #merkelmussbleiben'"),
            ),
            (
                "write to info@kemlu.go.id about the visa",
                Some("write to info@kemlu.go.id about the visa"),
            ),
            // "rt" not followed by a handle is a word.
            ("rt this if Mexico must pay", Some("rt this if mexico must pay")),
            ("Tom &amp; Jerry go to Jakarta", Some("tom & jerry go to jakarta")),
            // Punctuation and hashtags stay: they are part of the text.
            ("#MAGA Mexico must pay!", Some("#maga mexico must pay!")),
            ("Россия и Украина: переговоры", Some("россия и украина: переговоры")),
            // Too short, or only links and handles.
            ("Thank you!", None),
            ("https://t.co/abc @x", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(text_key(text).as_deref(), *want, "{text:?}");
        }
    }

    #[test]
    fn url_key010() {
        let cases: &[(&str, Option<&str>)] = &[
            ("https://t.co/AbCd", Some("t.co/AbCd")),
            ("http://t.co/AbCd.", Some("t.co/AbCd")),
            ("www.Kompas.com/read/", Some("kompas.com/read")),
            ("HTTPS://EXAMPLE.com", Some("example.com")),
            ("https://", None),
            ("http://localhost", None),
            ("https://ñandú.es/año…", Some("ñandú.es/año")),
        ];
        for (url, want) in cases {
            assert_eq!(url_key(url).as_deref(), *want, "{url:?}");
        }
        assert_eq!(
            url_keys("see https://t.co/a and https://t.co/a, www.x.org"),
            vec!["t.co/a".to_owned(), "x.org".to_owned()]
        );
    }

    #[test]
    fn hashtag_keys010() {
        let cases: &[(&str, &[&str])] = &[
            ("#MAGA #maga #BuildTheWall!", &["maga", "buildthewall"]),
            ("# #a #ab_1", &["ab_1"]),
            ("#Indonesia2019, #ПутинВор", &["indonesia2019", "путинвор"]),
            ("no tags", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(hashtag_keys(text), want.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn kind010() {
        for k in ObjectKind::ALL {
            assert_eq!(ObjectKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(ObjectKind::parse(" URL "), Some(ObjectKind::Url));
        assert_eq!(ObjectKind::parse("link"), None);
    }
}
