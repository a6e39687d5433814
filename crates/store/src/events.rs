//! Reads of the actions stage's output: events and themes per mention.

use crate::{ObsQuery, Result, Store, sql, time};
use citra_model::{Event, Quad, Span};
use rusqlite::params;
use serde::Serialize;
use std::collections::BTreeMap;

/// The themes of a mention and the actions coded about it (events whose mention it is, not
/// negated), for splitting the index by theme or action.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MentionFacets {
    /// Theme names (`trade`, `migration`, …).
    pub themes: Vec<String>,
    /// Quad classes of the events about the mention.
    pub quads: Vec<Quad>,
    /// CAMEO roots (1–20) of the events about the mention.
    pub roots: Vec<u8>,
    /// Mean Goldstein intensity of those events, if any.
    pub goldstein: Option<f32>,
}

/// Cooperation and conflict between a source and a target over a time range: counts of coded,
/// non-negated events per quad class and their Goldstein intensities (for the relations graph).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DyadWeights {
    /// Acting actor code (alpha-3, `IGO`, `---` …).
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// Events of each quad class: verbal and material cooperation, verbal and material conflict.
    pub verbal_coop: u64,
    /// Material cooperation events.
    pub material_coop: u64,
    /// Verbal conflict events.
    pub verbal_conflict: u64,
    /// Material conflict events.
    pub material_conflict: u64,
    /// Sum of the Goldstein intensities (cooperation positive, conflict negative).
    pub goldstein_sum: f64,
    /// Mean Goldstein intensity.
    pub goldstein_mean: f64,
}

fn span(a: i64, b: i64) -> Span {
    Span::new(usize::try_from(a).unwrap_or(0), usize::try_from(b).unwrap_or(0))
}

impl Store {
    /// Themes and actions of the mentions of `q.country` in documents published in
    /// `[q.from, q.to)`, keyed by mention id (the ids of [`Store::observations`]).
    pub fn mention_facets(&self, q: &ObsQuery) -> Result<BTreeMap<i64, MentionFacets>> {
        let from = time::lower(q.from.as_ref());
        let to = time::upper(q.to.as_ref());
        let mut out: BTreeMap<i64, MentionFacets> = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT m.id, m.themes FROM mentions m JOIN docs d ON d.id = m.doc_id \
                 WHERE m.country = ?1 AND d.created_at IS NOT NULL \
                   AND (?2 IS NULL OR d.created_at >= ?2) AND (?3 IS NULL OR d.created_at < ?3)",
            )
            .map_err(sql(&self.path))?;
        let rows = stmt
            .query_map(params![q.country.trim(), from, to], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))
            })
            .map_err(sql(&self.path))?;
        for row in rows {
            let (id, themes) = row.map_err(sql(&self.path))?;
            let themes = themes
                .unwrap_or_default()
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect();
            out.insert(id, MentionFacets { themes, ..MentionFacets::default() });
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT e.mention_id, e.quad, e.root, e.goldstein FROM events e \
                 JOIN mentions m ON m.id = e.mention_id JOIN docs d ON d.id = m.doc_id \
                 WHERE m.country = ?1 AND e.negated = 0 AND d.created_at IS NOT NULL \
                   AND (?2 IS NULL OR d.created_at >= ?2) AND (?3 IS NULL OR d.created_at < ?3) \
                 ORDER BY e.id",
            )
            .map_err(sql(&self.path))?;
        let rows = stmt
            .query_map(params![q.country.trim(), from, to], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, f32>(3)?,
                ))
            })
            .map_err(sql(&self.path))?;
        let mut sums: BTreeMap<i64, (f32, u32)> = BTreeMap::new();
        for row in rows {
            let (id, quad, root, g) = row.map_err(sql(&self.path))?;
            let f = out.entry(id).or_default();
            if let Some(q) = Quad::parse(&quad) {
                f.quads.push(q);
            }
            f.roots.push(u8::try_from(root).unwrap_or(0));
            let s = sums.entry(id).or_default();
            s.0 += g;
            s.1 += 1;
        }
        for (id, (sum, n)) in sums {
            if let Some(f) = out.get_mut(&id) {
                f.goldstein = Some(sum / n as f32);
            }
        }
        Ok(out)
    }

    /// Cooperation/conflict weights of every (source, target) pair with coded, non-negated
    /// events in documents published in `[from, to)`, most events first. Unknown actors (`---`)
    /// and an actor acting on itself are left out.
    pub fn dyad_weights(
        &self,
        from: Option<chrono::DateTime<chrono::Utc>>,
        to: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<Vec<DyadWeights>> {
        let from = time::lower(from.as_ref());
        let to = time::upper(to.as_ref());
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT e.source, e.target, \
                   SUM(e.quad = 'verbal_coop'), SUM(e.quad = 'material_coop'), \
                   SUM(e.quad = 'verbal_conflict'), SUM(e.quad = 'material_conflict'), \
                   SUM(e.goldstein), COUNT(*) \
                 FROM events e JOIN docs d ON d.id = e.doc_id \
                 WHERE e.negated = 0 AND e.source != '---' AND e.target != '---' \
                   AND e.source != e.target AND d.created_at IS NOT NULL \
                   AND (?1 IS NULL OR d.created_at >= ?1) AND (?2 IS NULL OR d.created_at < ?2) \
                 GROUP BY e.source, e.target ORDER BY COUNT(*) DESC, e.source, e.target",
            )
            .map_err(sql(&self.path))?;
        let rows = stmt
            .query_map(params![from, to], |r| {
                let n: i64 = r.get(7)?;
                let sum: f64 = r.get(6)?;
                let c = |i: usize| r.get::<_, i64>(i).map(|v| u64::try_from(v).unwrap_or(0));
                Ok(DyadWeights {
                    source: r.get(0)?,
                    target: r.get(1)?,
                    verbal_coop: c(2)?,
                    material_coop: c(3)?,
                    verbal_conflict: c(4)?,
                    material_conflict: c(5)?,
                    goldstein_sum: sum,
                    goldstein_mean: if n > 0 { sum / n as f64 } else { 0.0 },
                })
            })
            .map_err(sql(&self.path))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(sql(&self.path))
    }

    /// The events of a document, in text order, with `mention` as the index of the mention in
    /// [`Store::mentions_of_doc`]'s order.
    pub fn events_of_doc(&self, doc_id: i64) -> Result<Vec<Event>> {
        let mention_ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM mentions WHERE doc_id = ?1 ORDER BY byte_start, id")
            .map_err(sql(&self.path))?
            .query_map([doc_id], |r| r.get(0))
            .map_err(sql(&self.path))?
            .collect::<rusqlite::Result<_>>()
            .map_err(sql(&self.path))?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT mention_id, source, target, code, root, quad, goldstein, negated, \
                        sentence_start, sentence_end, trigger_start, trigger_end \
                 FROM events WHERE doc_id = ?1 ORDER BY trigger_start, id",
            )
            .map_err(sql(&self.path))?;
        let rows = stmt
            .query_map([doc_id], |r| {
                let mention: Option<i64> = r.get(0)?;
                let quad: String = r.get(5)?;
                Ok((
                    mention,
                    quad,
                    Event {
                        source: r.get(1)?,
                        target: r.get(2)?,
                        code: r.get(3)?,
                        root: u8::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
                        quad: Quad::VerbalCoop,
                        goldstein: r.get(6)?,
                        negated: r.get(7)?,
                        sentence: span(r.get(8)?, r.get(9)?),
                        trigger: span(r.get(10)?, r.get(11)?),
                        mention: None,
                    },
                ))
            })
            .map_err(sql(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (mention, quad, mut e) = row.map_err(sql(&self.path))?;
            e.quad = Quad::parse(&quad).or_else(|| Quad::of_root(e.root)).ok_or_else(|| {
                self.corrupt(format!("document {doc_id} has an event with quad {quad:?}"))
            })?;
            e.mention = mention.and_then(|m| mention_ids.iter().position(|&x| x == m));
            out.push(e);
        }
        Ok(out)
    }
}
