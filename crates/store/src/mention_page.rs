//! Paged mentions of a country with their documents' text: the evidence behind an index point,
//! for the API and the dashboard.

use crate::{Result, Store, int, sql, time, uint, usz};
use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::Serialize;

/// Which mentions [`Store::mentions_page`] returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MentionQuery {
    /// Target country, ISO 3166-1 alpha-3 (case-insensitive).
    pub country: String,
    /// Earliest publication time, inclusive.
    pub from: Option<DateTime<Utc>>,
    /// Latest publication time, exclusive.
    pub to: Option<DateTime<Utc>>,
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return at most.
    pub limit: u64,
}

/// One mention with its document, as [`Store::mentions_page`] returns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionRow {
    /// Store id of the mention.
    pub mention_id: i64,
    /// Store id of the document.
    pub doc_id: i64,
    /// Target country, alpha-3.
    pub country: String,
    /// Actor registry id, when the mention names an actor.
    pub actor: Option<String>,
    /// Mention kind (`name`, `demonym`, …).
    pub kind: String,
    /// The text as written.
    pub surface: String,
    /// Byte range of the mention in `text`.
    pub byte_start: usize,
    /// End of the byte range (exclusive).
    pub byte_end: usize,
    /// Code-point range of the mention in `text`, when known.
    pub char_start: Option<usize>,
    /// End of the code-point range (exclusive).
    pub char_end: Option<usize>,
    /// Tone toward the country, in [-1, 1], when scored.
    pub tone_score: Option<f32>,
    /// Label of that tone.
    pub tone_label: Option<String>,
    /// Confidence of that tone.
    pub tone_confidence: Option<f32>,
    /// Publication time of the document.
    pub time: Option<DateTime<Utc>>,
    /// Platform of the document.
    pub platform: String,
    /// Author handle.
    pub author: Option<String>,
    /// Link to the document.
    pub url: Option<String>,
    /// Language code of the document.
    pub lang: String,
    /// Engagement total of the document.
    pub engagement: u64,
    /// The document's original text.
    pub text: String,
}

/// One page of [`MentionRow`]s and how many rows match in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionPage {
    /// Rows matching the query (ignoring offset and limit).
    pub total: u64,
    /// This page, oldest first (ties by mention id).
    pub rows: Vec<MentionRow>,
}

impl Store {
    /// The mentions of `q.country` in documents published in `[q.from, q.to)`, oldest first,
    /// `q.limit` rows from `q.offset`, with the documents' text. Undated documents are left out.
    pub fn mentions_page(&self, q: &MentionQuery) -> Result<MentionPage> {
        let err = sql(&self.path);
        let from = time::lower(q.from.as_ref());
        let to = time::upper(q.to.as_ref());
        let country = q.country.trim();
        let ranged = from.is_some() || to.is_some();
        // Two plans, each fast where the other is slow: walk the country's mentions and sort
        // them by time (cost ∝ the country's mentions), or walk documents in time order and
        // keep those that mention the country (cost ∝ documents scanned). Estimates pick one.
        let count = |sql_text: &str, p: &[&dyn rusqlite::ToSql]| -> Result<u64> {
            self.conn
                .prepare_cached(sql_text)
                .map_err(&err)?
                .query_row(p, |r| r.get::<_, i64>(0))
                .map(uint)
                .map_err(&err)
        };
        let of_country = count("SELECT count(*) FROM mentions WHERE country = ?1", &[&country])?;
        let docs_in_range = if ranged {
            count(
                "SELECT count(*) FROM docs WHERE created_at IS NOT NULL \
                   AND (?1 IS NULL OR created_at >= ?1) AND (?2 IS NULL OR created_at < ?2)",
                &[&from, &to],
            )?
        } else {
            count("SELECT coalesce(max(id), 0) FROM docs", &[])?
        };
        let total = if !ranged {
            // Every mention of the country, less those in undated documents (few, by index).
            of_country.saturating_sub(count(
                "SELECT count(*) FROM docs d CROSS JOIN mentions m ON m.doc_id = d.id \
                 WHERE d.created_at IS NULL AND m.country = ?1",
                &[&country],
            )?)
        } else if docs_in_range < of_country {
            count(
                "SELECT count(*) FROM docs d CROSS JOIN mentions m ON m.doc_id = d.id \
                 WHERE m.country = ?1 AND d.created_at IS NOT NULL \
                   AND (?2 IS NULL OR d.created_at >= ?2) AND (?3 IS NULL OR d.created_at < ?3)",
                &[&country, &from, &to],
            )?
        } else {
            count(
                "SELECT count(*) FROM mentions m JOIN docs d ON d.id = m.doc_id \
                 WHERE m.country = ?1 AND d.created_at IS NOT NULL \
                   AND (?2 IS NULL OR d.created_at >= ?2) AND (?3 IS NULL OR d.created_at < ?3)",
                &[&country, &from, &to],
            )?
        };
        // Documents a time-ordered walk reads before it has the page, against the mentions a
        // country-first plan sorts.
        let wanted = q.offset.saturating_add(q.limit);
        let walk = wanted.saturating_mul(docs_in_range) / total.max(1);
        let join = if walk < of_country.min(total.saturating_mul(4).max(1000)) {
            "FROM docs d CROSS JOIN mentions m ON d.id = m.doc_id"
        } else {
            "FROM mentions m JOIN docs d ON d.id = m.doc_id"
        };
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT m.id, d.id, upper(m.country), m.actor, m.kind, m.surface, m.byte_start, \
                        m.byte_end, m.char_start, m.char_end, m.tone_score, m.tone_label, \
                        m.tone_conf, d.created_at, d.platform, d.author, d.url, d.lang, \
                        d.engagement, d.text \
                 {join} \
                 WHERE m.country = ?1 AND d.created_at IS NOT NULL \
                   AND (?2 IS NULL OR d.created_at >= ?2) AND (?3 IS NULL OR d.created_at < ?3) \
                 ORDER BY d.created_at, m.id LIMIT ?4 OFFSET ?5"
            ))
            .map_err(&err)?;
        let rows = stmt
            .query_map(params![country, from, to, int(q.limit), int(q.offset)], |r| {
                let created: Option<String> = r.get(13)?;
                Ok(MentionRow {
                    mention_id: r.get(0)?,
                    doc_id: r.get(1)?,
                    country: r.get(2)?,
                    actor: r.get(3)?,
                    kind: r.get(4)?,
                    surface: r.get(5)?,
                    byte_start: usz(r.get(6)?),
                    byte_end: usz(r.get(7)?),
                    char_start: r.get::<_, Option<i64>>(8)?.map(usz),
                    char_end: r.get::<_, Option<i64>>(9)?.map(usz),
                    tone_score: r.get(10)?,
                    tone_label: r.get(11)?,
                    tone_confidence: r.get(12)?,
                    time: created.as_deref().and_then(time::from_db),
                    platform: r.get(14)?,
                    author: r.get(15)?,
                    url: r.get(16)?,
                    lang: r.get(17)?,
                    engagement: uint(r.get(18)?),
                    text: r.get(19)?,
                })
            })
            .map_err(&err)?;
        let rows = rows.collect::<rusqlite::Result<Vec<_>>>().map_err(&err)?;
        Ok(MentionPage { total, rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use citra_model::{
        Annotation, Lang, LangGuess, Mention, MentionKind, RawDoc, Span, Tone, ToneLabel,
    };

    fn store_with(texts: &[(&str, &str, &str)]) -> Store {
        let rows: Vec<(String, String, String, String)> = texts
            .iter()
            .map(|(t, s, w)| ((*t).to_owned(), (*s).to_owned(), (*w).to_owned(), "MEX".to_owned()))
            .collect();
        store_of(&rows)
    }

    /// (text, surface, time, country) per document.
    fn store_of(texts: &[(String, String, String, String)]) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let mut batch = store.batch().unwrap();
        for (i, (text, surface, when, country)) in texts.iter().enumerate() {
            let (text, surface) = (text.as_str(), surface.as_str());
            let start = text.find(surface).unwrap();
            let doc = RawDoc {
                platform: "twitter".into(),
                native_id: Some(i.to_string()),
                created_at: Some(when.parse().unwrap()),
                text: text.into(),
                ..RawDoc::default()
            };
            let tone = Tone { score: -0.5, label: ToneLabel::Negative, confidence: 0.7 };
            let mention = Mention {
                country: country.clone(),
                actor: None,
                surface: surface.into(),
                span: Span::new(start, start + surface.len()),
                norm_span: Span::new(start, start + surface.len()),
                kind: MentionKind::Name,
                confidence: 0.9,
                tone: Some(tone),
            };
            // Built through serde so that fields added to Annotation later default to empty.
            let ann: Annotation = serde_json::from_value(serde_json::json!({
                "normalized": text,
                "lang": LangGuess { lang: Lang::Spa, confidence: 0.9 },
                "mentions": [mention],
                "tone": tone,
                "diagnostics": [],
            }))
            .unwrap();
            batch.insert(&doc, &ann).unwrap();
        }
        batch.commit().unwrap();
        store
    }

    #[test]
    fn page010_range_paging_and_chars() {
        let store = store_with(&[
            ("¡Ay! México no pagará", "México", "2017-01-26T12:00:00Z"),
            ("Mexico again", "Mexico", "2017-01-27T12:00:00Z"),
            ("Mexico later", "Mexico", "2018-01-01T00:00:00Z"),
        ]);
        let q = |from: Option<&str>, to: Option<&str>, offset, limit| MentionQuery {
            country: "mex".into(),
            from: from.map(|s| s.parse().unwrap()),
            to: to.map(|s| s.parse().unwrap()),
            offset,
            limit,
        };
        let all = store.mentions_page(&q(None, None, 0, 10)).unwrap();
        assert_eq!(all.total, 3);
        assert_eq!(all.rows.len(), 3);
        let first = &all.rows[0];
        assert_eq!((first.byte_start, first.byte_end), (6, 13));
        assert_eq!((first.char_start, first.char_end), (Some(5), Some(11)));
        assert_eq!(first.country, "MEX");
        assert_eq!(first.tone_label.as_deref(), Some("negative"));
        let page = store.mentions_page(&q(None, None, 1, 1)).unwrap();
        assert_eq!((page.total, page.rows.len()), (3, 1));
        assert_eq!(page.rows[0].text, "Mexico again");
        let jan = store
            .mentions_page(&q(Some("2017-01-27T00:00:00Z"), Some("2017-01-28T00:00:00Z"), 0, 10))
            .unwrap();
        assert_eq!(jan.total, 1);
        assert_eq!(jan.rows[0].text, "Mexico again");
        let other = MentionQuery { country: "IDN".into(), limit: 10, ..MentionQuery::default() };
        assert_eq!(store.mentions_page(&other).unwrap(), MentionPage { total: 0, rows: vec![] });
    }

    #[test]
    fn page020_both_plans_agree_with_a_full_sort() {
        // 400 documents in shuffled time order: every one names Mexico, one in 40 Indonesia.
        let rows: Vec<(String, String, String, String)> = (0..400u32)
            .map(|i| {
                let day = (i * 7919) % 400;
                let when =
                    format!("2017-{:02}-{:02}T{:02}:00:00Z", 1 + day / 40, 1 + day % 28, day % 24);
                let country = if i % 40 == 0 { "IDN" } else { "MEX" };
                (format!("post {i} about {country}"), country.to_owned(), when, country.to_owned())
            })
            .collect();
        let store = store_of(&rows);
        let all = |country: &str| {
            let mut v: Vec<_> = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.3 == country)
                .map(|(i, r)| (r.2.clone(), i))
                .collect();
            v.sort();
            v
        };
        // (country, from, to, offset, limit)
        type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, u64, u64);
        let cases: &[Case] = &[
            ("MEX", None, None, 0, 5),
            ("MEX", None, None, 300, 50),
            ("IDN", None, None, 0, 5),
            ("IDN", None, None, 3, 50),
            ("MEX", Some("2017-03-01T00:00:00Z"), Some("2017-04-01T00:00:00Z"), 0, 10),
            ("IDN", Some("2017-03-01T00:00:00Z"), None, 0, 10),
            ("MEX", Some("2017-01-01T00:00:00Z"), Some("2018-01-01T00:00:00Z"), 100, 200),
        ];
        for (n, (country, from, to, offset, limit)) in cases.iter().enumerate() {
            let q = MentionQuery {
                country: (*country).into(),
                from: from.map(|s| s.parse().unwrap()),
                to: to.map(|s| s.parse().unwrap()),
                offset: *offset,
                limit: *limit,
            };
            let page = store.mentions_page(&q).unwrap();
            let want: Vec<_> = all(country)
                .into_iter()
                .filter(|(t, _)| {
                    from.is_none_or(|f| t.as_str() >= f) && to.is_none_or(|e| t.as_str() < e)
                })
                .collect();
            assert_eq!(page.total, want.len() as u64, "case {n}");
            let got: Vec<String> = page.rows.iter().map(|r| r.text.clone()).collect();
            let expected: Vec<String> = want
                .iter()
                .skip(*offset as usize)
                .take(*limit as usize)
                .map(|(_, i)| rows[*i].0.clone())
                .collect();
            assert_eq!(got, expected, "case {n}");
        }
    }
}
