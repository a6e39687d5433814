//! Streaming reads for `citra export`: every stored post, mention and coded event, row by row.
//!
//! Each reader runs one SQL statement and hands each row to a callback as SQLite steps through
//! it (`Statement::query`, then `Rows::next`), in the table's rowid order, so no table is held
//! in memory whatever the store's size. The callback's error type is the caller's (it writes
//! the row somewhere); a store error converts into it.

use crate::{Result, Store, sql, time};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

/// Which rows an export reads: a country and a range of publication times. Empty fields read
/// everything.
#[derive(Debug, Clone, Default)]
pub struct ExportQuery {
    /// ISO 3166-1 alpha-3 code: posts that mention it, its mentions, events where it is the
    /// source's or the target's country (the first three letters of the actor code).
    pub country: Option<String>,
    /// Inclusive lower bound of the post's `created_at`.
    pub from: Option<DateTime<Utc>>,
    /// Exclusive upper bound of the post's `created_at`.
    pub to: Option<DateTime<Utc>>,
}

impl ExportQuery {
    fn bounds(&self) -> (Option<String>, Option<String>, Option<String>) {
        (
            self.country.as_deref().map(|c| c.trim().to_ascii_uppercase()),
            time::lower(self.from.as_ref()),
            time::upper(self.to.as_ref()),
        )
    }

    /// True when a time filter is set (documents without a date are then left out).
    pub fn has_range(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }
}

/// One stored post, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PostExport {
    /// The store's identity of the post (see the crate docs).
    pub doc_key: String,
    /// The platform's own id, when it has one.
    pub native_id: Option<String>,
    /// `twitter`, `bluesky`, `web`, …
    pub platform: String,
    /// The file (or URL) it was read from.
    pub source_path: String,
    /// Its line or record number there (1-based; 0 when not known).
    pub source_line: i64,
    /// Author handle.
    pub author: Option<String>,
    /// Author display name.
    pub author_name: Option<String>,
    /// Followers of the author when the post was read.
    pub author_followers: Option<i64>,
    /// Publication time, UTC.
    pub created_at: Option<DateTime<Utc>>,
    /// Detected language (ISO 639-3, `und` when undetermined).
    pub lang: String,
    /// Confidence of the language, 0–1.
    pub lang_conf: f64,
    /// Title (articles).
    pub title: Option<String>,
    /// The original text.
    pub text: String,
    /// URL as given.
    pub url: Option<String>,
    /// Canonical URL (tracking parameters removed).
    pub canonical_url: Option<String>,
    /// Reshares (retweets, reposts, boosts).
    pub reshares: Option<i64>,
    /// Likes (favourites).
    pub likes: Option<i64>,
    /// Replies.
    pub replies: Option<i64>,
    /// Quotes.
    pub quotes: Option<i64>,
    /// The engagement the index weighs with: the sum of the counts known.
    pub engagement: i64,
    /// Id of the post it replies to.
    pub reply_to: Option<String>,
    /// Id of the post it reshares.
    pub reshare_of: Option<String>,
    /// Id of the post it quotes.
    pub quote_of: Option<String>,
    /// Document tone, -1..1.
    pub tone_score: Option<f64>,
    /// Document tone label (`positive`, `neutral`, `negative`).
    pub tone_label: Option<String>,
}

/// One stored mention of a country or actor.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionExport {
    /// The store's id of the mention (the key events refer to).
    pub mention_id: i64,
    /// The post's key.
    pub doc_key: String,
    /// The post's publication time, UTC.
    pub created_at: Option<DateTime<Utc>>,
    /// ISO 3166-1 alpha-3 code of the country.
    pub country: String,
    /// Registry id of the actor, for actor mentions.
    pub actor: Option<String>,
    /// `name`, `abbreviation`, `demonym`, `hashtag`, `capital`, `actor`, …
    pub kind: String,
    /// The words as written.
    pub surface: String,
    /// Start byte in the original text (UTF-8, 0-based).
    pub byte_start: i64,
    /// End byte (exclusive).
    pub byte_end: i64,
    /// Start char (Unicode scalar values), when stored.
    pub char_start: Option<i64>,
    /// End char (exclusive), when stored.
    pub char_end: Option<i64>,
    /// Confidence of the match, 0–1.
    pub confidence: f64,
    /// Tone toward the target, -1..1 (none when the tone stage did not score it).
    pub tone_score: Option<f64>,
    /// Its label.
    pub tone_label: Option<String>,
    /// Theme names, comma-separated (`trade,migration`), when any.
    pub themes: Option<String>,
}

/// One coded event (action) of the actions stage.
#[derive(Debug, Clone, PartialEq)]
pub struct EventExport {
    /// The store's id of the event.
    pub event_id: i64,
    /// The post's key.
    pub doc_key: String,
    /// The post's publication time, UTC.
    pub created_at: Option<DateTime<Utc>>,
    /// The post's URL.
    pub url: Option<String>,
    /// Acting actor code (alpha-3, a CAMEO-style actor code, `---` when unknown).
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// CAMEO event code (`"138"`).
    pub code: String,
    /// CAMEO root, 1–20.
    pub root: i64,
    /// Quad class (`verbal_coop`, …).
    pub quad: String,
    /// Goldstein intensity, -10..10.
    pub goldstein: f64,
    /// True when the action is negated (it did not happen).
    pub negated: bool,
    /// The sentence's byte span in the original text.
    pub sentence_start: i64,
    /// End of the sentence (exclusive).
    pub sentence_end: i64,
    /// The trigger words' byte span.
    pub trigger_start: i64,
    /// End of the trigger (exclusive).
    pub trigger_end: i64,
    /// The sentence itself, sliced from the original text.
    pub sentence: Option<String>,
    /// The mention the event is about.
    pub mention_id: Option<i64>,
    /// That mention's themes, comma-separated.
    pub themes: Option<String>,
}

fn date(s: Option<String>) -> Option<DateTime<Utc>> {
    s.as_deref().and_then(time::from_db)
}

impl Store {
    /// Every post matching `q` (with a country: those mentioning it), in store order, handed to
    /// `each` one at a time; returns how many.
    pub fn export_posts<E: From<crate::Error>>(
        &self,
        q: &ExportQuery,
        mut each: impl FnMut(PostExport) -> std::result::Result<(), E>,
    ) -> std::result::Result<u64, E> {
        let (country, from, to) = q.bounds();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT d.doc_key, d.native_id, d.platform, d.source_path, d.source_line, \
                        d.author, d.author_name, d.author_followers, d.created_at, d.lang, \
                        d.lang_conf, d.title, d.text, d.url, d.canonical_url, d.reshares, \
                        d.likes, d.replies, d.quotes, d.engagement, d.reply_to, d.reshare_of, \
                        d.quote_of, d.tone_score, d.tone_label \
                 FROM docs d \
                 WHERE (?1 IS NULL OR EXISTS \
                          (SELECT 1 FROM mentions m WHERE m.doc_id = d.id AND m.country = ?1)) \
                   AND (?2 IS NULL OR d.created_at >= ?2) AND (?3 IS NULL OR d.created_at < ?3) \
                   AND (?4 = 0 OR d.created_at IS NOT NULL) \
                 ORDER BY d.id",
            )
            .map_err(sql(&self.path))?;
        let mut rows =
            stmt.query(params![country, from, to, q.has_range()]).map_err(sql(&self.path))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(sql(&self.path))? {
            let row = (|| -> rusqlite::Result<PostExport> {
                Ok(PostExport {
                    doc_key: r.get(0)?,
                    native_id: r.get(1)?,
                    platform: r.get(2)?,
                    source_path: r.get(3)?,
                    source_line: r.get(4)?,
                    author: r.get(5)?,
                    author_name: r.get(6)?,
                    author_followers: r.get(7)?,
                    created_at: date(r.get(8)?),
                    lang: r.get(9)?,
                    lang_conf: r.get(10)?,
                    title: r.get(11)?,
                    text: r.get(12)?,
                    url: r.get(13)?,
                    canonical_url: r.get(14)?,
                    reshares: r.get(15)?,
                    likes: r.get(16)?,
                    replies: r.get(17)?,
                    quotes: r.get(18)?,
                    engagement: r.get(19)?,
                    reply_to: r.get(20)?,
                    reshare_of: r.get(21)?,
                    quote_of: r.get(22)?,
                    tone_score: r.get(23)?,
                    tone_label: r.get(24)?,
                })
            })()
            .map_err(sql(&self.path))?;
            each(row)?;
            n += 1;
        }
        Ok(n)
    }

    /// Every mention matching `q`, in store order (a post's mentions together), one at a time.
    pub fn export_mentions<E: From<crate::Error>>(
        &self,
        q: &ExportQuery,
        mut each: impl FnMut(MentionExport) -> std::result::Result<(), E>,
    ) -> std::result::Result<u64, E> {
        let (country, from, to) = q.bounds();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT m.id, d.doc_key, d.created_at, m.country, m.actor, m.kind, m.surface, \
                        m.byte_start, m.byte_end, m.char_start, m.char_end, m.confidence, \
                        m.tone_score, m.tone_label, m.themes \
                 FROM mentions m JOIN docs d ON d.id = m.doc_id \
                 WHERE (?1 IS NULL OR m.country = ?1) \
                   AND (?2 IS NULL OR d.created_at >= ?2) AND (?3 IS NULL OR d.created_at < ?3) \
                   AND (?4 = 0 OR d.created_at IS NOT NULL) \
                 ORDER BY m.id",
            )
            .map_err(sql(&self.path))?;
        let mut rows =
            stmt.query(params![country, from, to, q.has_range()]).map_err(sql(&self.path))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(sql(&self.path))? {
            let row = (|| -> rusqlite::Result<MentionExport> {
                Ok(MentionExport {
                    mention_id: r.get(0)?,
                    doc_key: r.get(1)?,
                    created_at: date(r.get(2)?),
                    country: r.get::<_, String>(3)?.to_ascii_uppercase(),
                    actor: r.get(4)?,
                    kind: r.get(5)?,
                    surface: r.get(6)?,
                    byte_start: r.get(7)?,
                    byte_end: r.get(8)?,
                    char_start: r.get(9)?,
                    char_end: r.get(10)?,
                    confidence: r.get(11)?,
                    tone_score: r.get(12)?,
                    tone_label: r.get(13)?,
                    themes: r.get::<_, Option<String>>(14)?.filter(|t| !t.is_empty()),
                })
            })()
            .map_err(sql(&self.path))?;
            each(row)?;
            n += 1;
        }
        Ok(n)
    }

    /// Every coded event matching `q` (with a country: the source's or the target's code starts
    /// with it), in store order, one at a time.
    pub fn export_events<E: From<crate::Error>>(
        &self,
        q: &ExportQuery,
        mut each: impl FnMut(EventExport) -> std::result::Result<(), E>,
    ) -> std::result::Result<u64, E> {
        let (country, from, to) = q.bounds();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT e.id, d.doc_key, d.created_at, d.url, e.source, e.target, e.code, e.root, \
                        e.quad, e.goldstein, e.negated, e.sentence_start, e.sentence_end, \
                        e.trigger_start, e.trigger_end, \
                        CAST(substr(CAST(d.text AS BLOB), e.sentence_start + 1, \
                                    e.sentence_end - e.sentence_start) AS TEXT), \
                        e.mention_id, m.themes \
                 FROM events e JOIN docs d ON d.id = e.doc_id \
                 LEFT JOIN mentions m ON m.id = e.mention_id \
                 WHERE (?1 IS NULL OR upper(substr(e.source, 1, 3)) = ?1 \
                                   OR upper(substr(e.target, 1, 3)) = ?1) \
                   AND (?2 IS NULL OR d.created_at >= ?2) AND (?3 IS NULL OR d.created_at < ?3) \
                   AND (?4 = 0 OR d.created_at IS NOT NULL) \
                 ORDER BY e.id",
            )
            .map_err(sql(&self.path))?;
        let mut rows =
            stmt.query(params![country, from, to, q.has_range()]).map_err(sql(&self.path))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(sql(&self.path))? {
            let row = (|| -> rusqlite::Result<EventExport> {
                Ok(EventExport {
                    event_id: r.get(0)?,
                    doc_key: r.get(1)?,
                    created_at: date(r.get(2)?),
                    url: r.get(3)?,
                    source: r.get(4)?,
                    target: r.get(5)?,
                    code: r.get(6)?,
                    root: r.get(7)?,
                    quad: r.get(8)?,
                    goldstein: r.get(9)?,
                    negated: r.get(10)?,
                    sentence_start: r.get(11)?,
                    sentence_end: r.get(12)?,
                    trigger_start: r.get(13)?,
                    trigger_end: r.get(14)?,
                    sentence: r.get(15)?,
                    mention_id: r.get(16)?,
                    themes: r.get::<_, Option<String>>(17)?.filter(|t| !t.is_empty()),
                })
            })()
            .map_err(sql(&self.path))?;
            each(row)?;
            n += 1;
        }
        Ok(n)
    }

    /// The UTC days on which posts matching `q` with scored mentions were published, in order
    /// (one small row per day: the days a per-day series is computed for).
    pub fn export_days(&self, q: &ExportQuery) -> Result<Vec<NaiveDate>> {
        let (_, from, to) = q.bounds();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT DISTINCT substr(d.created_at, 1, 10) FROM docs d \
                 WHERE d.created_at IS NOT NULL \
                   AND (?1 IS NULL OR d.created_at >= ?1) AND (?2 IS NULL OR d.created_at < ?2) \
                   AND EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = d.id \
                               AND m.tone_score IS NOT NULL) \
                 ORDER BY 1",
            )
            .map_err(sql(&self.path))?;
        let mut rows = stmt.query(params![from, to]).map_err(sql(&self.path))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(sql(&self.path))? {
            let s: String = r.get(0).map_err(sql(&self.path))?;
            if let Ok(d) = NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
                out.push(d);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use citra_model::{
        Annotation, Lang, LangGuess, Mention, MentionKind, RawDoc, Span, Tone, ToneLabel,
    };

    /// A store of three posts: two dated (2017-12-07, 2017-12-08) mentioning USA and IDN, one
    /// undated mentioning IDN.
    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let text = "Indonesia mengecam keras pengakuan sepihak Amerika Serikat";
        let tone = Tone { score: -0.7, label: ToneLabel::Negative, confidence: 0.8 };
        let mention = |country: &str, a: usize, b: usize| Mention {
            country: country.into(),
            actor: None,
            surface: text[a..b].into(),
            span: Span::new(a, b),
            norm_span: Span::new(a, b),
            kind: MentionKind::Name,
            confidence: 0.9,
            tone: Some(tone),
        };
        let mut batch = store.batch().unwrap();
        for (id, date, usa) in [
            ("1", Some("2017-12-07T08:00:00Z"), true),
            ("2", Some("2017-12-08T23:59:59Z"), true),
            ("3", None, false),
        ] {
            let doc = RawDoc {
                platform: "twitter".into(),
                native_id: Some(id.into()),
                created_at: date.map(|d| d.parse().unwrap()),
                text: text.into(),
                ..RawDoc::default()
            };
            let mut mentions = vec![mention("IDN", 0, 9)];
            if usa {
                mentions.push(mention("USA", 43, 58));
            }
            let ann = Annotation {
                normalized: text.into(),
                lang: LangGuess { lang: Lang::Ind, confidence: 0.95 },
                mentions,
                tone,
                diagnostics: vec![],
                events: vec![],
                themes: vec![],
            };
            batch.insert(&doc, &ann).unwrap();
        }
        batch.commit().unwrap();
        store
    }

    fn day(d: u32) -> Option<DateTime<Utc>> {
        NaiveDate::from_ymd_opt(2017, 12, d).unwrap().and_hms_opt(0, 0, 0).map(|t| t.and_utc())
    }

    #[test]
    fn export010_filters() {
        let s = store();
        // (country, from, to) → posts, mentions
        type Row = (Option<&'static str>, Option<DateTime<Utc>>, Option<DateTime<Utc>>, u64, u64);
        let rows: [Row; 6] = [
            (None, None, None, 3, 5),
            (Some("USA"), None, None, 2, 2),
            (Some("idn"), None, None, 3, 3),
            (None, day(7), day(8), 1, 2),
            (None, day(8), None, 1, 2),
            (Some("IDN"), None, day(30), 2, 2),
        ];
        for (country, from, to, posts, mentions) in rows {
            let q = ExportQuery { country: country.map(Into::into), from, to };
            let mut seen = Vec::new();
            let n = s
                .export_posts(&q, |p| {
                    seen.push(p);
                    Ok::<_, crate::Error>(())
                })
                .unwrap();
            assert_eq!((n, seen.len() as u64), (posts, posts), "{q:?}");
            let m = s.export_mentions(&q, |_| Ok::<_, crate::Error>(())).unwrap();
            assert_eq!(m, mentions, "{q:?}");
        }
        let days = s.export_days(&ExportQuery::default()).unwrap();
        assert_eq!(days, [day(7).unwrap().date_naive(), day(8).unwrap().date_naive()]);
    }

    #[test]
    fn export020_rows_and_a_failing_callback() {
        let s = store();
        let mut first = None;
        let n = s
            .export_mentions(&ExportQuery::default(), |m| {
                first.get_or_insert(m);
                Ok::<_, crate::Error>(())
            })
            .unwrap();
        assert_eq!(n, 5);
        let m = first.unwrap();
        assert_eq!((m.country.as_str(), m.byte_start, m.byte_end), ("IDN", 0, 9));
        assert_eq!(m.surface, "Indonesia");
        assert_eq!(m.tone_label.as_deref(), Some("negative"));
        // The callback's error stops the reading and comes back as it was.
        let mut calls = 0;
        let err = s
            .export_posts(&ExportQuery::default(), |_| {
                calls += 1;
                Err(crate::Error::NoSuchDoc { path: "x".into(), id: 7 })
            })
            .unwrap_err();
        assert_eq!(calls, 1);
        assert!(matches!(err, crate::Error::NoSuchDoc { id: 7, .. }), "{err}");
    }
}
