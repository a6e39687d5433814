//! GDELT 2.0 rows (events, mentions, GKG) kept beside the documents, and the reads that put
//! GDELT's coding next to citra's: the country graph ([`Store::gdelt_dyads`]), the tone toward a
//! country ([`Store::gdelt_target_tone`]) and the articles both coded
//! ([`Store::gdelt_articles`]).
//!
//! A file is loaded in one transaction with its `gdelt_files` row ([`Store::load_gdelt`]): a
//! kill at any moment leaves the file either wholly loaded and marked done, or not at all, and
//! a file already marked done is skipped. Rows are keyed by GDELT's own ids (GLOBALEVENTID,
//! GKGRECORDID; a mention by event, article, time and sentence), so nothing is stored twice.

use crate::key::canonical_url;
use crate::{Rejected, Result, Store, int, sql, time};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use citra_model::Quad;
use citra_model::gdelt::{GdeltKind, GdeltRow};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::BTreeMap;

/// The file a stream of GDELT rows comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GdeltFile {
    /// Its name without folders and `.zip` (`20190607001500.export.CSV`): the key that marks it
    /// done.
    pub name: String,
    /// Its kind.
    pub kind: GdeltKind,
    /// The path as given.
    pub path: String,
}

/// What [`Store::load_gdelt`] did with one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GdeltLoad {
    /// Rows read, good and bad.
    pub read: u64,
    /// Rows stored as new.
    pub stored: u64,
    /// Rows the store already held (same GDELT id).
    pub duplicates: u64,
    /// Bad rows kept as rejected.
    pub rejected: u64,
    /// The file was already marked done: nothing was read.
    pub skipped: bool,
    /// The file was read to its end and is now marked done (false when it was damaged).
    pub done: bool,
}

/// GDELT's events of one directed country pair (Actor1 country → Actor2 country).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GdeltDyad {
    /// Actor1's country (ISO alpha-3).
    pub source: String,
    /// Actor2's country.
    pub target: String,
    /// Events of the pair.
    pub events: u64,
    /// Events of quad class 1, verbal cooperation.
    pub verbal_coop: u64,
    /// Quad class 2, material cooperation.
    pub material_coop: u64,
    /// Quad class 3, verbal conflict.
    pub verbal_conflict: u64,
    /// Quad class 4, material conflict.
    pub material_conflict: u64,
    /// Mean GoldsteinScale of the events, in [-10, 10].
    pub goldstein: f64,
    /// Mean AvgTone of the events (GDELT's tone of the articles, -100..100).
    pub avg_tone: f64,
    /// Sum of NumMentions.
    pub mentions: u64,
    /// Sum of NumArticles.
    pub articles: u64,
}

/// The events of a day range as [`Store::gdelt_dyads`] counts them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GdeltGraphRows {
    /// The directed pairs, most events first.
    pub dyads: Vec<GdeltDyad>,
    /// Events in the range.
    pub events: u64,
    /// Events without a country on one side or both (no country code, a region or an unknown
    /// code): not on any edge.
    pub without_countries: u64,
    /// Events of a country toward itself, left out (unless kept).
    pub self_pairs: u64,
}

/// GDELT's tone toward a country on one day: the events whose Actor2 is the country.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GdeltToneDay {
    /// The day (SQLDATE).
    pub day: NaiveDate,
    /// Events with the country as Actor2.
    pub events: u64,
    /// Sum of their AvgTone.
    pub tone_sum: f64,
    /// Sum of their GoldsteinScale.
    pub goldstein_sum: f64,
}

/// One event as coded by GDELT, as [`Store::gdelt_articles`] lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GdeltCoded {
    /// GLOBALEVENTID.
    pub event_id: i64,
    /// Actor1's country (ISO alpha-3), if any.
    pub source: Option<String>,
    /// Actor2's country, if any.
    pub target: Option<String>,
    /// CAMEO EventCode.
    pub code: String,
    /// Quad class.
    pub quad: Quad,
    /// SQLDATE.
    pub day: NaiveDate,
}

/// One event as coded by citra's actions stage on the same document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitraCoded {
    /// Source actor code (alpha-3, or another actor code, `---` unknown).
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// CAMEO code.
    pub code: String,
    /// Quad class.
    pub quad: Quad,
}

/// A stored document that GDELT also coded (its canonical URL is a SOURCEURL or a
/// MentionIdentifier), with both codings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GdeltArticle {
    /// Store id of the document.
    pub doc_id: i64,
    /// Its canonical URL.
    pub url: String,
    /// GDELT's events that cite the article (as SOURCEURL or in a mention), by GLOBALEVENTID.
    pub gdelt: Vec<GdeltCoded>,
    /// citra's coded, non-negated events of the document.
    pub citra: Vec<CitraCoded>,
}

/// A day bound as stored (`YYYY-MM-DD`), or `None` outside years 0–9999 (an open end).
fn day_bound(t: Option<&DateTime<Utc>>) -> Option<String> {
    t.filter(|t| (0..=9999).contains(&t.year())).map(time::day)
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn quad_of(s: &str) -> Quad {
    Quad::parse(s).unwrap_or(Quad::VerbalCoop)
}

impl Store {
    /// Whether the GDELT file `name` (without `.zip`) is already loaded.
    pub fn gdelt_file_done(&self, name: &str) -> Result<bool> {
        let n: Option<i64> = self
            .conn
            .prepare_cached("SELECT 1 FROM gdelt_files WHERE name = ?1")
            .map_err(sql(&self.path))?
            .query_row([name], |r| r.get(0))
            .optional()
            .map_err(sql(&self.path))?;
        Ok(n.is_some())
    }

    /// Loads the rows of one GDELT file in one transaction, and marks the file done in the same
    /// transaction when `complete()` says, after the last row, that it was read to its end. A
    /// file already marked done is skipped without reading a row. Each bad row is shown to
    /// `on_reject`, then kept as rejected; rows already stored (same GDELT id) are counted as
    /// duplicates.
    pub fn load_gdelt<I>(
        &mut self,
        file: &GdeltFile,
        rows: I,
        mut on_reject: impl FnMut(&Rejected),
        complete: impl FnOnce() -> bool,
    ) -> Result<GdeltLoad>
    where
        I: IntoIterator<Item = std::result::Result<GdeltRow, Rejected>>,
    {
        let mut n = GdeltLoad::default();
        let mut batch = self.batch()?;
        let err = sql(batch.path);
        let done: Option<i64> = batch
            .tx
            .prepare_cached("SELECT 1 FROM gdelt_files WHERE name = ?1")
            .map_err(&err)?
            .query_row([&file.name], |r| r.get(0))
            .optional()
            .map_err(&err)?;
        if done.is_some() {
            n.skipped = true;
            return Ok(n);
        }
        let name = file.name.as_str();
        for row in rows {
            n.read += 1;
            let changed = match row {
                Err(bad) => {
                    n.rejected += 1;
                    on_reject(&bad);
                    batch.reject(&bad)?;
                    continue;
                }
                Ok(GdeltRow::Event(e)) => batch
                    .tx
                    .prepare_cached(
                        "INSERT INTO gdelt_events (event_id, day, actor1_code, actor1_name, \
                           actor1_country_raw, actor1_country, actor2_code, actor2_name, \
                           actor2_country_raw, actor2_country, is_root, event_code, base_code, \
                           root_code, quad, goldstein, num_mentions, num_sources, num_articles, \
                           avg_tone, action_country, date_added, source_url, canonical_url, file) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, \
                           ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25) \
                         ON CONFLICT DO NOTHING",
                    )
                    .map_err(&err)?
                    .execute(params![
                        e.id,
                        e.day.format("%Y-%m-%d").to_string(),
                        e.actor1.code,
                        e.actor1.name,
                        e.actor1.country_raw,
                        e.actor1.country,
                        e.actor2.code,
                        e.actor2.name,
                        e.actor2.country_raw,
                        e.actor2.country,
                        e.is_root,
                        e.code,
                        e.base_code,
                        e.root_code,
                        e.quad.as_str(),
                        e.goldstein,
                        int(e.num_mentions),
                        int(e.num_sources),
                        int(e.num_articles),
                        e.avg_tone,
                        e.action_country,
                        time::to_db(&e.added),
                        e.source_url,
                        e.source_url.as_deref().map(canonical_url),
                        name,
                    ])
                    .map_err(&err)?,
                Ok(GdeltRow::Mention(m)) => batch
                    .tx
                    .prepare_cached(
                        "INSERT INTO gdelt_mentions (event_id, event_time, mention_time, \
                           mention_type, source_name, identifier, canonical_url, sentence, \
                           confidence, doc_tone, file) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) \
                         ON CONFLICT DO NOTHING",
                    )
                    .map_err(&err)?
                    .execute(params![
                        m.event_id,
                        m.event_time.as_ref().map(time::to_db),
                        time::to_db(&m.mention_time),
                        m.mention_type,
                        m.source_name,
                        m.identifier,
                        // Only web articles (type 1) have a URL as their identifier.
                        (m.mention_type == 1).then(|| canonical_url(&m.identifier)),
                        m.sentence,
                        m.confidence,
                        m.doc_tone,
                        name,
                    ])
                    .map_err(&err)?,
                Ok(GdeltRow::Gkg(g)) => batch
                    .tx
                    .prepare_cached(
                        "INSERT INTO gdelt_gkg (record_id, date, source_name, document, \
                           canonical_url, tone, countries, file) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
                    )
                    .map_err(&err)?
                    .execute(params![
                        g.record_id,
                        time::to_db(&g.date),
                        g.source_name,
                        g.document,
                        g.document.contains("://").then(|| canonical_url(&g.document)),
                        g.tone,
                        g.countries.join(","),
                        name,
                    ])
                    .map_err(&err)?,
            };
            if changed > 0 {
                n.stored += 1;
            } else {
                n.duplicates += 1;
            }
        }
        if complete() {
            n.done = true;
            batch
                .tx
                .prepare_cached(
                    "INSERT INTO gdelt_files (name, kind, path, rows_read, stored, duplicates, \
                       rejected, loaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(&err)?
                .execute(params![
                    file.name,
                    file.kind.as_str(),
                    file.path,
                    int(n.read),
                    int(n.stored),
                    int(n.duplicates),
                    int(n.rejected),
                    batch.now,
                ])
                .map_err(&err)?;
        }
        batch.commit()?;
        Ok(n)
    }

    /// GDELT event counts by kind: events, mentions, GKG records, files loaded.
    pub fn gdelt_counts(&self) -> Result<(u64, u64, u64, u64)> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM gdelt_events), (SELECT count(*) FROM gdelt_mentions), \
                   (SELECT count(*) FROM gdelt_gkg), (SELECT count(*) FROM gdelt_files)",
                [],
                |r| Ok((count(r.get(0)?), count(r.get(1)?), count(r.get(2)?), count(r.get(3)?))),
            )
            .map_err(sql(&self.path))
    }

    /// GDELT's directed country graph over the days `[from, to)` (SQLDATE): per (Actor1
    /// country, Actor2 country), the events of each quad class, the mean GoldsteinScale and the
    /// mean AvgTone, most events first. Events without a country on both sides are counted
    /// apart; a country toward itself is left out (and counted) unless `self_loops`.
    pub fn gdelt_dyads(
        &self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        self_loops: bool,
    ) -> Result<GdeltGraphRows> {
        let (from, to) = (day_bound(from.as_ref()), day_bound(to.as_ref()));
        let err = sql(&self.path);
        let mut out = GdeltGraphRows::default();
        (out.events, out.without_countries, out.self_pairs) = self
            .conn
            .prepare_cached(
                "SELECT count(*), \
                   coalesce(SUM(actor1_country IS NULL OR actor2_country IS NULL), 0), \
                   coalesce(SUM(actor1_country = actor2_country), 0) \
                 FROM gdelt_events \
                 WHERE (?1 IS NULL OR day >= ?1) AND (?2 IS NULL OR day < ?2)",
            )
            .map_err(&err)?
            .query_row(params![from, to], |r| {
                Ok((count(r.get(0)?), count(r.get(1)?), count(r.get(2)?)))
            })
            .map_err(&err)?;
        if self_loops {
            out.self_pairs = 0;
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT actor1_country, actor2_country, count(*), \
                   SUM(quad = 'verbal_coop'), SUM(quad = 'material_coop'), \
                   SUM(quad = 'verbal_conflict'), SUM(quad = 'material_conflict'), \
                   AVG(goldstein), AVG(avg_tone), SUM(num_mentions), SUM(num_articles) \
                 FROM gdelt_events \
                 WHERE actor1_country IS NOT NULL AND actor2_country IS NOT NULL \
                   AND (?3 OR actor1_country != actor2_country) \
                   AND (?1 IS NULL OR day >= ?1) AND (?2 IS NULL OR day < ?2) \
                 GROUP BY actor1_country, actor2_country \
                 ORDER BY count(*) DESC, actor1_country, actor2_country",
            )
            .map_err(&err)?;
        let rows = stmt
            .query_map(params![from, to, self_loops], |r| {
                Ok(GdeltDyad {
                    source: r.get(0)?,
                    target: r.get(1)?,
                    events: count(r.get(2)?),
                    verbal_coop: count(r.get(3)?),
                    material_coop: count(r.get(4)?),
                    verbal_conflict: count(r.get(5)?),
                    material_conflict: count(r.get(6)?),
                    goldstein: r.get(7)?,
                    avg_tone: r.get(8)?,
                    mentions: count(r.get(9)?),
                    articles: count(r.get(10)?),
                })
            })
            .map_err(&err)?;
        out.dyads = rows.collect::<rusqlite::Result<Vec<_>>>().map_err(&err)?;
        Ok(out)
    }

    /// GDELT's tone toward `country` (ISO alpha-3) per day of `[from, to)`: the events whose
    /// Actor2 is the country, with the sums of their AvgTone and GoldsteinScale.
    pub fn gdelt_target_tone(
        &self,
        country: &str,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Vec<GdeltToneDay>> {
        let (from, to) = (day_bound(from.as_ref()), day_bound(to.as_ref()));
        let err = sql(&self.path);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT day, count(*), SUM(avg_tone), SUM(goldstein) FROM gdelt_events \
                 WHERE actor2_country = ?1 \
                   AND (?2 IS NULL OR day >= ?2) AND (?3 IS NULL OR day < ?3) \
                 GROUP BY day ORDER BY day",
            )
            .map_err(&err)?;
        let rows = stmt
            .query_map(params![country.to_ascii_uppercase(), from, to], |r| {
                let day: String = r.get(0)?;
                Ok((day, count(r.get(1)?), r.get::<_, f64>(2)?, r.get::<_, f64>(3)?))
            })
            .map_err(&err)?;
        let mut out = Vec::new();
        for row in rows {
            let (day, events, tone_sum, goldstein_sum) = row.map_err(&err)?;
            if let Ok(day) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
                out.push(GdeltToneDay { day, events, tone_sum, goldstein_sum });
            }
        }
        Ok(out)
    }

    /// The stored documents whose canonical URL GDELT cites (an event's SOURCEURL or a web
    /// mention's MentionIdentifier) for an event of the days `[from, to)`, each with GDELT's
    /// events and citra's coded, non-negated events of the document, by document id.
    pub fn gdelt_articles(
        &self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Vec<GdeltArticle>> {
        let (from, to) = (day_bound(from.as_ref()), day_bound(to.as_ref()));
        let err = sql(&self.path);
        let mut stmt = self
            .conn
            .prepare_cached(
                // Each branch walks the documents with a URL and looks GDELT's rows up by the
                // canonical-URL indexes; UNION drops an event cited twice by one article.
                "SELECT d.id, d.canonical_url, e.event_id, e.actor1_country, e.actor2_country, \
                   e.event_code, e.quad, e.day \
                 FROM docs d JOIN gdelt_events e ON e.canonical_url = d.canonical_url \
                 WHERE d.canonical_url IS NOT NULL \
                   AND (?1 IS NULL OR e.day >= ?1) AND (?2 IS NULL OR e.day < ?2) \
                 UNION \
                 SELECT d.id, d.canonical_url, e.event_id, e.actor1_country, e.actor2_country, \
                   e.event_code, e.quad, e.day \
                 FROM docs d JOIN gdelt_mentions m ON m.canonical_url = d.canonical_url \
                 JOIN gdelt_events e ON e.event_id = m.event_id \
                 WHERE d.canonical_url IS NOT NULL \
                   AND (?1 IS NULL OR e.day >= ?1) AND (?2 IS NULL OR e.day < ?2) \
                 ORDER BY 1, 3",
            )
            .map_err(&err)?;
        let rows = stmt
            .query_map(params![from, to], |r| {
                let day: String = r.get(7)?;
                let quad: String = r.get(6)?;
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    GdeltCoded {
                        event_id: r.get(2)?,
                        source: r.get(3)?,
                        target: r.get(4)?,
                        code: r.get(5)?,
                        quad: quad_of(&quad),
                        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or_default(),
                    },
                ))
            })
            .map_err(&err)?;
        let mut by_doc: BTreeMap<i64, GdeltArticle> = BTreeMap::new();
        for row in rows {
            let (doc_id, url, coded) = row.map_err(&err)?;
            by_doc
                .entry(doc_id)
                .or_insert_with(|| GdeltArticle { doc_id, url, gdelt: vec![], citra: vec![] })
                .gdelt
                .push(coded);
        }
        let mut ev = self
            .conn
            .prepare_cached(
                "SELECT source, target, code, quad FROM events \
                 WHERE doc_id = ?1 AND negated = 0 ORDER BY id",
            )
            .map_err(&err)?;
        for a in by_doc.values_mut() {
            let rows = ev
                .query_map([a.doc_id], |r| {
                    let quad: String = r.get(3)?;
                    Ok(CitraCoded {
                        source: r.get(0)?,
                        target: r.get(1)?,
                        code: r.get(2)?,
                        quad: quad_of(&quad),
                    })
                })
                .map_err(&err)?;
            a.citra = rows.collect::<rusqlite::Result<Vec<_>>>().map_err(&err)?;
        }
        Ok(by_doc.into_values().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use citra_model::gdelt::{GdeltActor, GdeltEvent};

    fn event(id: i64, day: &str, a1: Option<&str>, a2: Option<&str>, quad: Quad) -> GdeltRow {
        let actor = |c: Option<&str>| GdeltActor {
            country: c.map(str::to_owned),
            country_raw: c.map(str::to_owned),
            ..GdeltActor::default()
        };
        GdeltRow::Event(Box::new(GdeltEvent {
            id,
            day: NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
            actor1: actor(a1),
            actor2: actor(a2),
            is_root: true,
            code: "043".into(),
            base_code: "043".into(),
            root_code: "04".into(),
            quad,
            goldstein: if quad.is_coop() { 2.0 } else { -4.0 },
            num_mentions: 3,
            num_sources: 1,
            num_articles: 3,
            avg_tone: -1.5,
            action_country: None,
            added: "2019-06-07T00:15:00Z".parse().unwrap(),
            source_url: Some(format!("https://Example.com/a/{id}/?utm_source=x")),
        }))
    }

    fn file(name: &str) -> GdeltFile {
        GdeltFile { name: name.into(), kind: GdeltKind::Events, path: format!("x/{name}.zip") }
    }

    fn rows() -> Vec<std::result::Result<GdeltRow, Rejected>> {
        vec![
            Ok(event(1, "2019-06-07", Some("IDN"), Some("MEX"), Quad::VerbalCoop)),
            Ok(event(2, "2019-06-07", Some("IDN"), Some("MEX"), Quad::MaterialConflict)),
            Ok(event(3, "2019-06-06", Some("USA"), Some("MEX"), Quad::VerbalConflict)),
            Ok(event(4, "2019-06-07", Some("USA"), Some("USA"), Quad::VerbalCoop)),
            Ok(event(5, "2019-06-07", None, Some("IDN"), Quad::VerbalCoop)),
            Err(Rejected {
                source_path: "x/a.zip".into(),
                line: 7,
                reason: "expected 61 tab-separated columns".into(),
                raw: "1\t2".into(),
            }),
        ]
    }

    #[test]
    fn gdelt010_load_once_then_skip() {
        let mut store = Store::open_in_memory().unwrap();
        let mut shown = 0;
        let n = store.load_gdelt(&file("a"), rows(), |_| shown += 1, || true).unwrap();
        assert_eq!(
            n,
            GdeltLoad {
                read: 6,
                stored: 5,
                duplicates: 0,
                rejected: 1,
                skipped: false,
                done: true
            }
        );
        assert_eq!(shown, 1);
        assert!(store.gdelt_file_done("a").unwrap());
        // The same file again: skipped without reading.
        let again = store.load_gdelt(&file("a"), rows(), |_| {}, || true).unwrap();
        assert!(again.skipped && again.read == 0);
        // The same rows under another name: all duplicates (the rejection is kept once).
        let other = store.load_gdelt(&file("b"), rows(), |_| {}, || true).unwrap();
        assert_eq!((other.stored, other.duplicates, other.rejected), (0, 5, 1));
        assert_eq!(store.gdelt_counts().unwrap(), (5, 0, 0, 2));
        assert_eq!(store.counts().unwrap().rejected, 1);
        // A damaged file stores its rows but is not marked done.
        let damaged = store.load_gdelt(&file("c"), rows(), |_| {}, || false).unwrap();
        assert!(!damaged.done);
        assert!(!store.gdelt_file_done("c").unwrap());
    }

    #[test]
    fn gdelt020_dyads_by_range() {
        let mut store = Store::open_in_memory().unwrap();
        store.load_gdelt(&file("a"), rows(), |_| {}, || true).unwrap();
        let day = |s: &str| Some(format!("{s}T00:00:00Z").parse::<DateTime<Utc>>().unwrap());
        let g = store.gdelt_dyads(None, None, false).unwrap();
        assert_eq!((g.events, g.without_countries, g.self_pairs), (5, 1, 1));
        let pairs: Vec<(&str, &str, u64, u64, u64)> = g
            .dyads
            .iter()
            .map(|d| {
                (d.source.as_str(), d.target.as_str(), d.events, d.verbal_coop, d.material_conflict)
            })
            .collect();
        assert_eq!(pairs, [("IDN", "MEX", 2, 1, 1), ("USA", "MEX", 1, 0, 0)]);
        assert_eq!(g.dyads[0].goldstein, -1.0);
        assert_eq!(g.dyads[0].avg_tone, -1.5);
        let g = store.gdelt_dyads(day("2019-06-07"), day("2019-06-08"), true).unwrap();
        assert_eq!((g.events, g.self_pairs), (4, 0));
        assert!(g.dyads.iter().any(|d| d.source == "USA" && d.target == "USA"));
        assert!(!g.dyads.iter().any(|d| d.source == "USA" && d.target == "MEX"));
        let tone = store.gdelt_target_tone("mex", None, None).unwrap();
        assert_eq!(tone.iter().map(|t| t.events).collect::<Vec<_>>(), [1, 2]);
    }
}
