//! One HTML article page: its main text, extracted with `dom_smoothie` (a port of Mozilla's
//! Readability) after site boilerplate is removed (navigation, footers, share buttons,
//! related-link blocks such as "Baca juga: ...").
//!
//! `url` comes from `<link rel=canonical>` or `og:url`, `title` from `og:title` or `<title>`,
//! `created_at` from `article:published_time`, other date metas, JSON-LD or `<time datetime>`,
//! `author` from `<meta name=author>`, `lang_hint` from `<html lang>`. Platform `web`.

use super::{Records, read_all};
use crate::date::{DATE_FORMATS_HELP, parse_date};
use crate::{RawDoc, Record, RecordError, SourceRef};
use dom_query::Document;

pub(crate) fn read(path: String, stream: crate::input::Stream) -> Records {
    let text = match read_all(&path, stream) {
        Ok(t) => t,
        Err(e) => return Box::new(std::iter::once(Err(e))),
    };
    Box::new(std::iter::once(article(&path, &text)))
}

/// Elements that are never article text.
const BOILERPLATE: &str = "script, style, noscript, template, nav, footer, aside, form, iframe, \
     button, svg, [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true], \
     [class*=share], [class*=social], [class*=related], [class*=breadcrumb], \
     [class*=newsletter], [class*=comment], [id*=comment], [class*=advert], [class*=promo]";

/// Lines that are site furniture, not article text (compared lower-cased, at line start).
const BOILERPLATE_LINES: &[&str] = &[
    "baca juga",
    "baca konten-konten menarik",
    "lihat juga",
    "simak juga",
    "simak berita",
    "artikel terkait",
    "berita terkait",
    "read also",
    "read more:",
    "see also:",
    "related:",
    "share this",
    "bagikan artikel",
    "follow us",
    "ikuti kami",
    "lee también",
    "te puede interesar",
];

pub(crate) fn is_boilerplate_line(line: &str) -> bool {
    let l = line.trim().to_lowercase();
    BOILERPLATE_LINES.iter().any(|b| l.starts_with(b))
}

fn meta(doc: &Document, selectors: &[&str]) -> Option<String> {
    selectors.iter().find_map(|sel| {
        let s = doc.select(sel);
        let v = s.attr("content").or_else(|| s.attr("href")).or_else(|| s.attr("datetime"))?;
        let v = v.trim();
        (!v.is_empty()).then(|| v.to_owned())
    })
}

pub(crate) fn article(path: &str, html: &str) -> Record {
    let reject = |reason: String| Err(RecordError::new(path, 1, reason, html));
    let doc = Document::from(html);
    let url = meta(&doc, &["link[rel=canonical]", "meta[property=\"og:url\"]"]);
    let title = meta(&doc, &["meta[property=\"og:title\"]", "meta[name=\"twitter:title\"]"])
        .or_else(|| {
            let t = doc.select("title").text();
            let t = t.trim();
            (!t.is_empty()).then(|| t.to_owned())
        })
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    let date_meta = meta(
        &doc,
        &[
            "meta[property=\"article:published_time\"]",
            "meta[name=\"pubdate\"]",
            "meta[name=\"publishdate\"]",
            "meta[name=\"publish-date\"]",
            "meta[itemprop=\"datePublished\"]",
            "meta[name=\"date\"]",
            "meta[name=\"dc.date\"]",
            "time[datetime]",
        ],
    );
    let author = meta(&doc, &["meta[name=\"author\"]", "meta[property=\"article:author\"]"])
        .filter(|a| !a.starts_with("http"));
    let lang =
        doc.select("html").attr("lang").map(|l| l.trim().to_owned()).filter(|l| !l.is_empty());

    doc.select(BOILERPLATE).remove();
    // Inline "Baca juga: <a>...</a>" paragraphs inside the article body.
    for sel in ["p", "div", "li", "span", "strong", "h2", "h3", "h4"] {
        for node in doc.select(sel).nodes() {
            let t = node.text();
            if t.len() < 400 && is_boilerplate_line(&t) {
                node.remove_from_parent();
            }
        }
    }

    let doc_url = url.as_deref().filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..dom_smoothie::Config::default()
    };
    let (body, ld_date) = match dom_smoothie::Readability::with_document(doc, doc_url, Some(cfg)) {
        Ok(mut r) => match r.parse() {
            Ok(a) if !a.text_content.trim().is_empty() => {
                (a.text_content.to_string(), a.published_time)
            }
            _ => (r.doc.select("body").formatted_text().to_string(), None),
        },
        Err(_) => (Document::from(html).select("body").formatted_text().to_string(), None),
    };
    let text = drop_boilerplate_lines(&body);
    if text.is_empty() {
        return reject("text: the page has no article text".into());
    }
    let created_at = match date_meta.or(ld_date) {
        Some(d) => match parse_date(&d) {
            Some(t) => Some(t),
            None => {
                return reject(format!(
                    "created_at: cannot parse '{}' (expected {DATE_FORMATS_HELP})",
                    crate::truncate(&d, 100)
                ));
            }
        },
        None => None,
    };
    Ok(RawDoc {
        platform: "web".to_owned(),
        url,
        author,
        created_at,
        title,
        text,
        lang_hint: lang,
        source: SourceRef { path: path.to_owned(), line: 1 },
        ..RawDoc::default()
    })
}

/// An HTML fragment (a feed item's description) as plain text: tags stripped, entities
/// decoded, block elements on their own lines.
pub(crate) fn html_to_text(fragment: &str) -> String {
    if !fragment.contains(['<', '&']) {
        return fragment.trim().to_owned();
    }
    let doc = Document::fragment(fragment);
    doc.select("script, style, noscript, template").remove();
    drop_boilerplate_lines(&doc.formatted_text())
}

/// The text without boilerplate lines, blank-line runs collapsed, trimmed.
fn drop_boilerplate_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().filter(|l| !is_boilerplate_line(l)) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    // Dropped lines leave runs of blank lines behind.
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html010_to_text() {
        let rows: &[(&str, &str)] = &[
            ("plain", "plain"),
            ("<p>Indonesia &amp; Amerika</p><p>Dua</p>", "Indonesia & Amerika\n\nDua"),
            ("A&nbsp;B &lt;3", "A B <3"),
            ("<script>x()</script>Teks", "Teks"),
            ("", ""),
        ];
        for (input, want) in rows {
            assert_eq!(html_to_text(input), *want, "{input}");
        }
    }

    #[test]
    fn html020_boilerplate_lines() {
        let rows: &[(&str, bool)] = &[
            ("Baca juga: Jokowi bertemu Trump", true),
            ("  BACA JUGA - Berita lain", true),
            ("Baca konten-konten menarik Kompasiana lainnya di sini", true),
            ("Indonesia mengecam keras pengakuan sepihak", false),
            ("Dia baca juga buku itu", false),
        ];
        for (line, want) in rows {
            assert_eq!(is_boilerplate_line(line), *want, "{line}");
        }
    }
}
