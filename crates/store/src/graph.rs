//! Reads for the diffusion, actor and relation analytics: posts with their platform links and
//! the countries they mention, and mentions with their document's author and engagement.

use crate::{Result, Store, sql, time, uint};
use chrono::{DateTime, Utc};
use citra_model::{Engagement, Lang, MentionRow, Post, ToneLabel};
use rusqlite::params;
use serde::Serialize;

/// Which documents [`Store::posts`] and [`Store::mention_facts`] return.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostQuery {
    /// Earliest publication time, inclusive. With a bound, undated documents are left out.
    pub from: Option<DateTime<Utc>>,
    /// Latest publication time, exclusive.
    pub to: Option<DateTime<Utc>>,
    /// Read each document's text (for snippets and inferred links); otherwise it is empty.
    pub with_text: bool,
}

/// A coded event of a dated document (for reactions).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocEvent {
    /// Store id of the document.
    pub doc_id: i64,
    /// Acting actor code (alpha-3, an actor code, `---` when unknown).
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// CAMEO event code.
    pub code: String,
    /// Quad class (`verbal_coop`, `material_coop`, `verbal_conflict`, `material_conflict`).
    pub quad: String,
    /// Goldstein intensity.
    pub goldstein: f64,
    /// The action is negated (it did not happen).
    pub negated: bool,
}

/// A document found by its id ([`Store::find_posts`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoundPost {
    /// Store id.
    pub id: i64,
    /// Platform.
    pub platform: String,
    /// The platform's id.
    pub native_id: Option<String>,
    /// Publication time.
    pub time: Option<DateTime<Utc>>,
}

/// How many documents carry each kind of platform link.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LinkIdCounts {
    /// Documents.
    pub docs: u64,
    /// Documents with a reshare id.
    pub reshare_of: u64,
    /// Documents with a quote id.
    pub quote_of: u64,
    /// Documents with a reply id.
    pub reply_to: u64,
    /// Documents with any reshare, like, reply or quote count.
    pub with_counts: u64,
}

impl Store {
    /// Posts published in `[q.from, q.to)` (all posts when both are open), by store id.
    pub fn posts(&self, q: &PostQuery) -> Result<Vec<Post>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.platform, d.native_id, d.author, d.created_at, d.lang, d.reply_to, \
                        d.reshare_of, d.quote_of, CASE WHEN ?3 THEN d.text ELSE '' END, \
                        d.reshares, d.likes, d.replies, d.quotes, \
                        (SELECT group_concat(c, ',') FROM (SELECT DISTINCT upper(m.country) AS c \
                           FROM mentions m WHERE m.doc_id = d.id ORDER BY c)) \
                 FROM docs d \
                 WHERE (?1 IS NULL OR d.created_at >= ?1) AND (?2 IS NULL OR d.created_at < ?2) \
                 ORDER BY d.id",
            )
            .map_err(sql(&self.path))?;
        let from = time::lower(q.from.as_ref());
        let to = time::upper(q.to.as_ref());
        let rows = stmt
            .query_map(params![from, to, q.with_text], |r| {
                let count = |i: usize| -> rusqlite::Result<Option<u64>> {
                    Ok(r.get::<_, Option<i64>>(i)?.map(uint))
                };
                Ok((
                    Post {
                        id: r.get(0)?,
                        platform: r.get(1)?,
                        native_id: r.get(2)?,
                        author: r.get(3)?,
                        time: None,
                        lang: Lang::from_code(&r.get::<_, String>(5)?),
                        reply_to: r.get(6)?,
                        reshare_of: r.get(7)?,
                        quote_of: r.get(8)?,
                        text: r.get(9)?,
                        engagement: Engagement {
                            reshares: count(10)?,
                            likes: count(11)?,
                            replies: count(12)?,
                            quotes: count(13)?,
                        },
                        countries: r
                            .get::<_, Option<String>>(14)?
                            .map(|s| s.split(',').map(str::to_owned).collect())
                            .unwrap_or_default(),
                    },
                    r.get::<_, Option<String>>(4)?,
                ))
            })
            .map_err(sql(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (mut post, created) = row.map_err(sql(&self.path))?;
            if let Some(c) = created {
                post.time = Some(time::from_db(&c).ok_or_else(|| {
                    self.corrupt(format!("document {} has an unreadable created_at {c:?}", post.id))
                })?);
            }
            out.push(post);
        }
        Ok(out)
    }

    /// Every mention in dated documents published in `[q.from, q.to)`, scored or not, by
    /// document then mention id (`q.with_text` is ignored).
    pub fn mention_facts(&self, q: &PostQuery) -> Result<Vec<MentionRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.author, d.created_at, upper(m.country), m.actor, m.tone_score, \
                        m.tone_label, d.engagement \
                 FROM mentions m JOIN docs d ON d.id = m.doc_id \
                 WHERE d.created_at IS NOT NULL \
                   AND (?1 IS NULL OR d.created_at >= ?1) AND (?2 IS NULL OR d.created_at < ?2) \
                 ORDER BY d.id, m.id",
            )
            .map_err(sql(&self.path))?;
        let from = time::lower(q.from.as_ref());
        let to = time::upper(q.to.as_ref());
        let rows = stmt
            .query_map(params![from, to], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<f32>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            })
            .map_err(sql(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (doc_id, author, created, country, actor, score, label, eng) =
                row.map_err(sql(&self.path))?;
            let time = time::from_db(&created).ok_or_else(|| {
                self.corrupt(format!("document {doc_id} has an unreadable created_at {created:?}"))
            })?;
            out.push(MentionRow {
                doc_id,
                author,
                time,
                country,
                actor,
                score,
                label: label.as_deref().and_then(ToneLabel::parse).unwrap_or(ToneLabel::Neutral),
                engagement: uint(eng),
            });
        }
        Ok(out)
    }

    /// The coded events of dated documents published in `[q.from, q.to)`, by document then
    /// event id (`q.with_text` is ignored).
    pub fn doc_events(&self, q: &PostQuery) -> Result<Vec<DocEvent>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT e.doc_id, e.source, e.target, e.code, e.quad, e.goldstein, e.negated \
                 FROM events e JOIN docs d ON d.id = e.doc_id \
                 WHERE d.created_at IS NOT NULL \
                   AND (?1 IS NULL OR d.created_at >= ?1) AND (?2 IS NULL OR d.created_at < ?2) \
                 ORDER BY e.doc_id, e.id",
            )
            .map_err(sql(&self.path))?;
        let from = time::lower(q.from.as_ref());
        let to = time::upper(q.to.as_ref());
        let rows = stmt
            .query_map(params![from, to], |r| {
                Ok(DocEvent {
                    doc_id: r.get(0)?,
                    source: r.get(1)?,
                    target: r.get(2)?,
                    code: r.get(3)?,
                    quad: r.get(4)?,
                    goldstein: r.get(5)?,
                    negated: r.get(6)?,
                })
            })
            .map_err(sql(&self.path))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(sql(&self.path))
    }

    /// The documents a person's id names: a store id (`#123`), a platform's id on any platform
    /// (`938517073508163584`) or on one (`twitter:938517073508163584`), or a document key.
    pub fn find_posts(&self, id: &str) -> Result<Vec<FoundPost>> {
        let id = id.trim();
        let (platform, native) = match id.split_once(':') {
            Some((p, n)) if !p.is_empty() && !n.is_empty() && !p.contains('/') => (Some(p), n),
            _ => (None, id),
        };
        let store_id: Option<i64> = id.strip_prefix('#').and_then(|n| n.parse().ok());
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, platform, native_id, created_at FROM docs \
                 WHERE id = ?1 OR doc_key = ?2 \
                    OR (native_id = ?3 AND (?4 IS NULL OR platform = ?4)) \
                 ORDER BY id LIMIT 20",
            )
            .map_err(sql(&self.path))?;
        let rows = stmt
            .query_map(params![store_id, id, native, platform], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .map_err(sql(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, platform, native_id, created) = row.map_err(sql(&self.path))?;
            let time = match created {
                None => None,
                Some(c) => Some(time::from_db(&c).ok_or_else(|| {
                    self.corrupt(format!("document {id} has an unreadable created_at {c:?}"))
                })?),
            };
            out.push(FoundPost { id, platform, native_id, time });
        }
        Ok(out)
    }

    /// How many documents carry platform link ids and engagement counts: whether cascades can
    /// be built from ids, or only reach from counts.
    pub fn link_id_counts(&self) -> Result<LinkIdCounts> {
        self.conn
            .query_row(
                "SELECT count(*), count(reshare_of), count(quote_of), count(reply_to), \
                        count(coalesce(reshares, likes, replies, quotes)) FROM docs",
                [],
                |r| {
                    Ok(LinkIdCounts {
                        docs: uint(r.get(0)?),
                        reshare_of: uint(r.get(1)?),
                        quote_of: uint(r.get(2)?),
                        reply_to: uint(r.get(3)?),
                        with_counts: uint(r.get(4)?),
                    })
                },
            )
            .map_err(sql(&self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use citra_model::{Annotation, LangGuess, Mention, MentionKind, RawDoc, Span, Tone};

    fn doc(id: &str, author: &str, day: u32, text: &str) -> RawDoc {
        RawDoc {
            platform: "twitter".into(),
            native_id: Some(id.into()),
            author: Some(author.into()),
            created_at: Some(format!("2019-05-{day:02}T12:00:00Z").parse().unwrap()),
            text: text.into(),
            ..RawDoc::default()
        }
    }

    fn ann(text: &str, mentions: &[(&str, Option<&str>, f32)]) -> Annotation {
        Annotation {
            normalized: text.into(),
            lang: LangGuess { lang: Lang::Eng, confidence: 0.9 },
            mentions: mentions
                .iter()
                .map(|&(c, actor, s)| Mention {
                    country: c.into(),
                    actor: actor.map(Into::into),
                    surface: c.into(),
                    span: Span::new(0, 1),
                    norm_span: Span::new(0, 1),
                    kind: MentionKind::Name,
                    confidence: 0.9,
                    tone: Some(Tone {
                        score: s,
                        label: if s < 0.0 { ToneLabel::Negative } else { ToneLabel::Positive },
                        confidence: 0.8,
                    }),
                })
                .collect(),
            tone: Tone::neutral(0.5),
            diagnostics: vec![],
            events: vec![],
            themes: vec![],
        }
    }

    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let mut b = store.batch().unwrap();
        let mut d1 = doc("1", "realDonaldTrump", 30, "Mexico tariffs");
        d1.engagement = Engagement { reshares: Some(10), likes: Some(5), ..Engagement::default() };
        b.insert(
            &d1,
            &ann("Mexico tariffs", &[("mex", None, -0.5), ("MEX", None, -0.7), ("USA", None, 0.2)]),
        )
        .unwrap();
        let mut d2 = doc("2", "someone", 31, "RT");
        d2.reshare_of = Some("1".into());
        b.insert(&d2, &ann("RT", &[("USA", Some("usa-trump"), -0.1)])).unwrap();
        let mut d3 = doc("3", "other", 29, "reply");
        d3.reply_to = Some("1".into());
        d3.created_at = None;
        b.insert(&d3, &ann("reply", &[("CHN", None, 0.3)])).unwrap();
        b.commit().unwrap();
        store
    }

    #[test]
    fn posts010() {
        let s = store();
        let all = s.posts(&PostQuery { with_text: true, ..PostQuery::default() }).unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].countries, vec!["MEX".to_owned(), "USA".to_owned()]);
        assert_eq!(all[0].engagement.reshares, Some(10));
        assert_eq!(all[0].engagement.total(), 15);
        assert_eq!(all[0].text, "Mexico tariffs");
        assert_eq!(all[1].reshare_of.as_deref(), Some("1"));
        assert_eq!(all[2].reply_to.as_deref(), Some("1"));
        assert_eq!(all[2].time, None);
        let no_text = s.posts(&PostQuery::default()).unwrap();
        assert!(no_text.iter().all(|p| p.text.is_empty()));
        // A range leaves undated documents out.
        let q = PostQuery {
            from: Some("2019-05-31T00:00:00Z".parse().unwrap()),
            to: None,
            with_text: false,
        };
        let ids: Vec<i64> = s.posts(&q).unwrap().iter().map(|p| p.id).collect();
        assert_eq!(ids, vec![all[1].id]);
    }

    #[test]
    fn mentions010() {
        let s = store();
        let m = s.mention_facts(&PostQuery::default()).unwrap();
        // The undated reply's mention is left out.
        assert_eq!(m.len(), 4);
        assert_eq!(m[0].country, "MEX");
        assert_eq!(m[0].engagement, 15);
        assert_eq!(m[0].label, ToneLabel::Negative);
        assert_eq!(m[3].actor.as_deref(), Some("usa-trump"));
        let counts = s.link_id_counts().unwrap();
        assert_eq!(
            counts,
            LinkIdCounts { docs: 3, reshare_of: 1, quote_of: 0, reply_to: 1, with_counts: 1 }
        );
        let empty = Store::open_in_memory().unwrap();
        assert!(empty.posts(&PostQuery::default()).unwrap().is_empty());
        assert_eq!(empty.link_id_counts().unwrap(), LinkIdCounts::default());
    }
}
