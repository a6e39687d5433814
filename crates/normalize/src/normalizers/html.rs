//! HTML character references: `&amp;`, `&#39;`, `&#x2019;` and the common named set.
//!
//! Applied once: `&amp;amp;` becomes `&amp;`. Only references closed by `;` are decoded.
//! Numeric references in 128–159 are read as Windows-1252, as browsers do (`&#146;` is `’`).

use crate::builder::Builder;
use crate::{Normalizer, STAGE};
use citra_model::{Diagnostic, OffsetMap, Severity, Span};

/// Decodes HTML character references (`html-entity`).
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlEntityNormalizer;

/// Named references decoded, sorted by name for binary search.
static NAMED: &[(&str, &str)] = &[
    ("AElig", "Æ"),
    ("Aacute", "Á"),
    ("Acirc", "Â"),
    ("Agrave", "À"),
    ("Aring", "Å"),
    ("Atilde", "Ã"),
    ("Auml", "Ä"),
    ("Ccedil", "Ç"),
    ("Eacute", "É"),
    ("Ecirc", "Ê"),
    ("Egrave", "È"),
    ("Euml", "Ë"),
    ("Iacute", "Í"),
    ("Icirc", "Î"),
    ("Ntilde", "Ñ"),
    ("Oacute", "Ó"),
    ("Ocirc", "Ô"),
    ("Oslash", "Ø"),
    ("Otilde", "Õ"),
    ("Ouml", "Ö"),
    ("Uacute", "Ú"),
    ("Uuml", "Ü"),
    ("aacute", "á"),
    ("acirc", "â"),
    ("aelig", "æ"),
    ("agrave", "à"),
    ("amp", "&"),
    ("apos", "'"),
    ("aring", "å"),
    ("atilde", "ã"),
    ("auml", "ä"),
    ("bdquo", "„"),
    ("bull", "•"),
    ("ccedil", "ç"),
    ("cent", "¢"),
    ("copy", "©"),
    ("deg", "°"),
    ("divide", "÷"),
    ("eacute", "é"),
    ("ecirc", "ê"),
    ("egrave", "è"),
    ("emsp", "\u{2003}"),
    ("ensp", "\u{2002}"),
    ("euml", "ë"),
    ("euro", "€"),
    ("gt", ">"),
    ("hellip", "…"),
    ("iacute", "í"),
    ("icirc", "î"),
    ("iexcl", "¡"),
    ("igrave", "ì"),
    ("iquest", "¿"),
    ("iuml", "ï"),
    ("laquo", "«"),
    ("ldquo", "“"),
    ("lrm", "\u{200e}"),
    ("lsaquo", "‹"),
    ("lsquo", "‘"),
    ("lt", "<"),
    ("mdash", "—"),
    ("middot", "·"),
    ("nbsp", "\u{a0}"),
    ("ndash", "–"),
    ("ntilde", "ñ"),
    ("oacute", "ó"),
    ("ocirc", "ô"),
    ("ograve", "ò"),
    ("ordf", "ª"),
    ("ordm", "º"),
    ("oslash", "ø"),
    ("otilde", "õ"),
    ("ouml", "ö"),
    ("para", "¶"),
    ("pound", "£"),
    ("quot", "\""),
    ("raquo", "»"),
    ("rdquo", "”"),
    ("reg", "®"),
    ("rlm", "\u{200f}"),
    ("rsaquo", "›"),
    ("rsquo", "’"),
    ("sbquo", "‚"),
    ("sect", "§"),
    ("shy", "\u{ad}"),
    ("szlig", "ß"),
    ("thinsp", "\u{2009}"),
    ("times", "×"),
    ("trade", "™"),
    ("uacute", "ú"),
    ("ucirc", "û"),
    ("ugrave", "ù"),
    ("uuml", "ü"),
    ("yen", "¥"),
    ("zwj", "\u{200d}"),
    ("zwnj", "\u{200c}"),
];

/// Windows-1252 characters for bytes 80–9F (`None` where the byte is undefined).
static CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The decoded text of the reference at the start of `s` (which starts with `&`) and its length.
fn decode_at(s: &str) -> Option<(usize, DecodedRef)> {
    let body = s.get(1..)?;
    let semi = body.char_indices().take(12).find(|&(_, c)| c == ';').map(|(i, _)| i)?;
    let name = body.get(..semi)?;
    let len = semi + 2;
    if let Some(num) = name.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        if !num.bytes().skip_while(|b| *b == b'x' || *b == b'X').all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let c = match code {
            0x80..=0x9f => CP1252_HIGH.get((code - 0x80) as usize).copied().flatten()?,
            0 => return None,
            _ => char::from_u32(code)?,
        };
        return Some((len, DecodedRef::Char(c)));
    }
    let i = NAMED.binary_search_by(|(n, _)| n.cmp(&name)).ok()?;
    Some((len, DecodedRef::Str(NAMED.get(i)?.1)))
}

enum DecodedRef {
    Char(char),
    Str(&'static str),
}

impl Normalizer for HtmlEntityNormalizer {
    fn name(&self) -> &'static str {
        "html-entities"
    }

    fn apply(&self, text: &str, diags: &mut Vec<Diagnostic>) -> Option<(String, OffsetMap)> {
        if !text.contains('&') {
            return None;
        }
        let mut b: Option<Builder> = None;
        let mut copied = 0usize;
        let mut pos = 0usize;
        while let Some(off) = text.get(pos..).and_then(|r| r.find('&')) {
            let i = pos + off;
            let Some((len, decoded)) = text.get(i..).and_then(decode_at) else {
                pos = i + 1;
                continue;
            };
            let bld = b.get_or_insert_with(|| Builder::with_capacity(text.len()));
            bld.copy(text.get(copied..i).unwrap_or(""), copied);
            match decoded {
                DecodedRef::Char(c) => bld.replace_char(c, i),
                DecodedRef::Str(s) => bld.replace(s, i),
            }
            let span = Span::new(i, i + len);
            let entity = text.get(i..i + len).unwrap_or("");
            diags.push(
                Diagnostic::new(
                    STAGE,
                    "html-entity",
                    Severity::Info,
                    format!("decoded HTML character reference {entity}"),
                )
                .at(span),
            );
            copied = i + len;
            pos = copied;
        }
        let mut bld = b?;
        bld.copy(text.get(copied..).unwrap_or(""), copied);
        Some(bld.finish(text.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_sorted() {
        assert!(NAMED.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn table() {
        let rows: &[(&str, &str, &str, usize)] = &[
            ("basic010", "Tom &amp; Jerry", "Tom & Jerry", 1),
            ("basic020", "&lt;b&gt; &quot;x&quot; &#39;y&#39;", "<b> \"x\" 'y'", 6),
            ("basic030", "it&#8217;s &#x2019; &#X2019;", "it’s ’ ’", 3),
            ("basic040", "a&nbsp;b &hellip; Espa&ntilde;a", "a\u{a0}b … España", 3),
            ("basic050", "&#146;cp1252", "’cp1252", 1),
            ("once010", "&amp;amp;", "&amp;", 1),
            ("keep010", "AT&T & co; a&b", "AT&T & co; a&b", 0),
            ("keep020", "&unknown; &#xZZ; &#; &", "&unknown; &#xZZ; &#; &", 0),
            ("keep030", "&#0; &#xD800; &#99999999;", "&#0; &#xD800; &#99999999;", 0),
            ("keep040", "&amp", "&amp", 0),
            ("keep050", "&é;", "&é;", 0),
        ];
        for (name, input, want, n) in rows {
            let mut d = Vec::new();
            let out = HtmlEntityNormalizer
                .apply(input, &mut d)
                .map(|(t, _)| t)
                .unwrap_or_else(|| (*input).to_owned());
            assert_eq!(out, *want, "{name}");
            assert_eq!(d.len(), *n, "{name}");
        }
    }
}
