//! A plain-text file: one article. Platform `web`; no id, URL or date; the first line is the
//! title when it is short.

use super::{Records, read_all};
use crate::{RawDoc, RecordError, SourceRef};

/// The longest first line (in chars) taken as a title.
const TITLE_MAX: usize = 150;

pub(crate) fn read(path: String, stream: crate::input::Stream) -> Records {
    let text = match read_all(&path, stream) {
        Ok(t) => t,
        Err(e) => return Box::new(std::iter::once(Err(e))),
    };
    Box::new(std::iter::once(doc(&path, text)))
}

fn doc(path: &str, text: String) -> crate::Record {
    let text = text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text);
    if text.trim().is_empty() {
        return Err(RecordError::new(path, 1, "text: the file is empty", ""));
    }
    let first = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    let has_more = text.trim().len() > first.len();
    let title = (has_more && first.chars().count() <= TITLE_MAX).then(|| first.to_owned());
    Ok(RawDoc {
        platform: "web".to_owned(),
        title,
        text,
        source: SourceRef { path: path.to_owned(), line: 1 },
        ..RawDoc::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text010_titles() {
        let rows: &[(&str, Option<&str>)] = &[
            ("Diplomasi Publik\n\nAda pula diplomasi publik.", Some("Diplomasi Publik")),
            ("\n  Judul  \nIsi.", Some("Judul")),
            ("Only one line.", None),
            (&"Sentence that is long. ".repeat(20), None),
        ];
        for (text, want) in rows {
            let d = doc("t.txt", (*text).to_owned()).unwrap();
            assert_eq!(d.title.as_deref(), *want, "{text}");
            assert_eq!(d.text, *text);
            assert_eq!(d.platform, "web");
            assert_eq!(d.native_id, None);
        }
        assert!(doc("t.txt", " \n".into()).is_err());
    }
}
