//! Relations: who talks about whom with what tone, as a directed graph of countries (the
//! author's country) or of actors (the author's handle) to the countries they mention, with the
//! coded cooperation and conflict of each country pair (see `citra_analytics::relations_by` and
//! `add_actions`); and the co-mentions, undirected pairs of countries named together.
//! `citra relations`, `GET /api/v1/relations`, the report.

use crate::actors::registry;
use crate::error::{QueryError, param};
pub use crate::params::Coder;
use crate::params::{Params, Range};
use citra_analytics::{
    CoMention, DyadActions, MentionRow, RelationGraph, RelationOptions, add_actions, co_mentions,
    relations_by,
};
use citra_mentions::Gazetteer;
use citra_pipeline::counting::{Authors, Counting};
use citra_store::{PostQuery, Store};
use serde::Serialize;
use std::sync::Arc;

/// How each document is weighted on an edge.
pub const WEIGHT: &str = "1 + ln(1 + engagement)";

/// What the action counts of an edge are, in words.
pub const ACTIONS: &str = "verbal_coop, material_coop, verbal_conflict, material_conflict: \
    coded, non-negated events (CAMEO quad classes) whose source acts on the target, in any \
    document of the range; goldstein: their mean intensity in [-10, 10] (null without events); \
    country graph only";

/// The source of a country graph's edges, in words.
pub const COUNTRY_SOURCE: &str = "country (authors file, then actor registry)";

/// The source of an actor graph's edges.
pub const ACTOR_SOURCE: &str = "actor";

/// Least documents per edge when `min_docs` is not given.
pub const DEFAULT_MIN_DOCS: u64 = 1;

/// The source of a GDELT graph's edges, in words.
pub const GDELT_SOURCE: &str = "GDELT 2.0 events: Actor1CountryCode → Actor2CountryCode (CAMEO \
    country codes mapped to ISO 3166 alpha-3; regions and events without both countries left out)";

/// What a GDELT edge's numbers are, in words.
pub const GDELT_ACTIONS: &str = "events: GDELT events of the pair whose SQLDATE is in the range; \
    verbal_coop, material_coop, verbal_conflict, material_conflict: of them, by GDELT's QuadClass \
    (1–4); goldstein: their mean GoldsteinScale in [-10, 10]; mentions, articles: sums of \
    NumMentions and NumArticles";

/// What a GDELT edge's tone is, in words: GDELT's, not citra's.
pub const GDELT_TONE: &str = "avg_tone: the mean AvgTone of the pair's events, GDELT's tone of the \
    articles that report them, on GDELT's scale (-100 to 100, most within -10..10); not citra's \
    index (-1 to 1)";

/// What the graph's sources are (`nodes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Nodes {
    /// Countries: the author's country at the document's date (the face's author table, then
    /// the actor registry); authors of unknown country are left out and counted.
    #[default]
    Country,
    /// Actors: the author handle itself, known to the registry or not.
    Actor,
}

/// A relations question.
#[derive(Debug, Clone)]
pub struct Request {
    /// Days of the documents read (`from`, `to`).
    pub range: Range,
    /// Least documents per edge and whether a source's talk about itself is kept (`min_docs`,
    /// default [`DEFAULT_MIN_DOCS`]; `self_loops`, default false).
    pub options: RelationOptions,
    /// Country or actor sources (`nodes`, default country).
    pub nodes: Nodes,
    /// The face's author table (authors' countries, before the registry).
    pub counting: Counting,
    /// Whose coding (`coder`, default citra); with gdelt, `min_docs` is the least events per
    /// edge and `nodes` must be country.
    pub coder: Coder,
}

impl Request {
    /// The question from its parameters: `from`, `to`, `min_docs`, `self_loops`, `nodes`, with
    /// the face's author → country table.
    pub fn from_params(p: &Params, authors: Option<Arc<Authors>>) -> Result<Request, QueryError> {
        let nodes = match p.nodes.as_deref().map(str::trim).unwrap_or("") {
            "" | "country" | "countries" => Nodes::Country,
            "actor" | "actors" => Nodes::Actor,
            other => {
                return Err(QueryError::bad_request(
                    "bad_nodes",
                    format!("unknown {} '{other}': use country or actor", param("nodes")),
                ));
            }
        };
        let counting = match authors {
            Some(a) => Counting::default().with_authors(a),
            None => Counting::default(),
        };
        let coder = Coder::from_params(p)?;
        if coder == Coder::Gdelt && nodes == Nodes::Actor {
            return Err(QueryError::bad_request(
                "bad_nodes",
                format!(
                    "{} actor needs citra's coding: GDELT's graph is country → country (leave \
                     out {} or use {} citra)",
                    param("nodes"),
                    param("nodes"),
                    param("coder")
                ),
            ));
        }
        Ok(Request {
            range: p.range()?,
            options: RelationOptions {
                min_docs: p.min_docs(DEFAULT_MIN_DOCS)?,
                self_loops: p.self_loops()?,
            },
            nodes,
            counting,
            coder,
        })
    }
}

/// The relations graph, with what its numbers mean.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// What the sources are: [`COUNTRY_SOURCE`] or [`ACTOR_SOURCE`].
    pub source: &'static str,
    /// Each document's weight on an edge ([`WEIGHT`]).
    pub weight: &'static str,
    /// What the action counts of an edge are ([`ACTIONS`]).
    pub actions: &'static str,
    /// Least documents per edge.
    pub min_docs: u64,
    /// Whether a source's talk about itself (USA → USA) is kept.
    pub self_loops: bool,
    /// The graph: `nodes` (id, label, kind), `edges` (source → target with docs, mentions,
    /// reach, tone and its 95% interval, positive and negative shares, the coded actions),
    /// `attributed_docs`, `unattributed_docs`, `self_pairs_left_out`.
    #[serde(flatten)]
    pub graph: RelationGraph,
    /// Scored mention rows read in the range (shown by the CLI; not part of the JSON).
    #[serde(skip)]
    pub mention_rows: usize,
}

/// The mention rows of the range, without the authors' mentions of their own names.
fn mentions(
    store: &Store,
    range: Range,
    counting: &Counting,
) -> Result<Vec<MentionRow>, QueryError> {
    let q = PostQuery { from: range.0, to: range.1, with_text: false };
    Ok(counting.without_own_names(store.mention_facts(&q)?))
}

/// The graph of `mentions` with `nodes` sources, labelled (country names; actors by their
/// registry name and handle); a country graph carries the store's coded events of `range` on
/// its edges ([`Store::dyad_weights`]). The report draws this graph.
pub fn graph(
    store: &Store,
    range: Range,
    mentions: &[MentionRow],
    nodes: Nodes,
    opts: RelationOptions,
    counting: &Counting,
) -> Result<RelationGraph, QueryError> {
    let mut g = match nodes {
        Nodes::Actor => relations_by(mentions, |m| m.author.clone(), "actor", str::to_owned, opts),
        Nodes::Country => {
            // The author's country at the document's date: the author table, then the actor
            // registry (the same source as the voice of the index).
            let source = |m: &MentionRow| {
                counting
                    .author_country(m.author.as_deref(), Some(m.time.date_naive()))
                    .map(|(c, _)| c.to_owned())
            };
            let mut g = relations_by(mentions, source, "country", str::to_owned, opts);
            let dyads: Vec<DyadActions> = store
                .dyad_weights(range.0, range.1)?
                .into_iter()
                .map(|d| DyadActions {
                    source: d.source,
                    target: d.target,
                    verbal_coop: d.verbal_coop,
                    material_coop: d.material_coop,
                    verbal_conflict: d.verbal_conflict,
                    material_conflict: d.material_conflict,
                    goldstein_sum: d.goldstein_sum,
                })
                .collect();
            add_actions(&mut g, &dyads);
            g
        }
    };
    let gaz = Gazetteer::shared();
    for n in &mut g.nodes {
        n.label = if n.kind == "actor" {
            match registry(&n.id, None) {
                Some(a) => format!("{} (@{})", a.name, n.id),
                None => format!("@{}", n.id),
            }
        } else {
            gaz.country_by_alpha3(&n.id).map_or_else(|| n.id.clone(), |c| c.name_en.to_owned())
        };
    }
    Ok(g)
}

/// Answers a relations question from the store.
pub fn answer(store: &Store, req: &Request) -> Result<Answer, QueryError> {
    let rows = mentions(store, req.range, &req.counting)?;
    let g = graph(store, req.range, &rows, req.nodes, req.options, &req.counting)?;
    Ok(Answer {
        source: match req.nodes {
            Nodes::Country => COUNTRY_SOURCE,
            Nodes::Actor => ACTOR_SOURCE,
        },
        weight: WEIGHT,
        actions: ACTIONS,
        min_docs: req.options.min_docs,
        self_loops: req.options.self_loops,
        graph: g,
        mention_rows: rows.len(),
    })
}

/// A node of GDELT's graph: a country.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GdeltNode {
    /// ISO 3166 alpha-3.
    pub id: String,
    /// The country's English name (the code when the gazetteer does not know it).
    pub label: String,
}

/// GDELT's country graph over a range: the answer of `citra relations --coder gdelt` and of
/// `GET /api/v1/relations?coder=gdelt`.
#[derive(Debug, Clone, Serialize)]
pub struct GdeltAnswer {
    /// Always `gdelt`.
    pub coder: &'static str,
    /// What the sources and targets are ([`GDELT_SOURCE`]).
    pub source: &'static str,
    /// What an edge's counts are ([`GDELT_ACTIONS`]).
    pub actions: &'static str,
    /// What an edge's tone is ([`GDELT_TONE`]).
    pub tone: &'static str,
    /// Least events per edge (`min_docs`).
    pub min_events: u64,
    /// Whether a country's events toward itself are kept.
    pub self_loops: bool,
    /// The countries on an edge, by id.
    pub nodes: Vec<GdeltNode>,
    /// Actor1 country → Actor2 country, most events first.
    pub edges: Vec<citra_store::GdeltDyad>,
    /// GDELT events in the range.
    pub events: u64,
    /// Events of the range without a country on one side or both.
    pub without_countries: u64,
    /// Events of a country toward itself, left out (0 with `self_loops`).
    pub self_pairs_left_out: u64,
    /// Events of pairs with fewer than `min_events` events, left out.
    pub below_min_events: u64,
}

/// GDELT's country graph of the question's range ([`Store::gdelt_dyads`]), with its
/// `min_docs` as the least events per edge.
pub fn gdelt_answer(store: &Store, req: &Request) -> Result<GdeltAnswer, QueryError> {
    let rows = store.gdelt_dyads(req.range.0, req.range.1, req.options.self_loops)?;
    let min = req.options.min_docs;
    let (edges, below): (Vec<_>, Vec<_>) = rows.dyads.into_iter().partition(|d| d.events >= min);
    let gaz = Gazetteer::shared();
    let mut ids: Vec<&str> =
        edges.iter().flat_map(|e| [e.source.as_str(), e.target.as_str()]).collect();
    ids.sort_unstable();
    ids.dedup();
    let nodes = ids
        .into_iter()
        .map(|id| GdeltNode {
            id: id.to_owned(),
            label: gaz
                .country_by_alpha3(id)
                .map_or_else(|| id.to_owned(), |c| c.name_en.to_owned()),
        })
        .collect();
    Ok(GdeltAnswer {
        coder: Coder::Gdelt.as_str(),
        source: GDELT_SOURCE,
        actions: GDELT_ACTIONS,
        tone: GDELT_TONE,
        min_events: min,
        self_loops: req.options.self_loops,
        nodes,
        edges,
        events: rows.events,
        without_countries: rows.without_countries,
        self_pairs_left_out: rows.self_pairs,
        below_min_events: below.iter().map(|d| d.events).sum(),
    })
}

/// The co-mentions of a range.
#[derive(Debug, Clone, Serialize)]
pub struct CoMentions {
    /// Undirected pairs of countries (`a` < `b`) named in the same documents, with at least
    /// `min_docs` documents.
    pub co_mentions: Vec<CoMention>,
    /// Scored mention rows read in the range (shown by the CLI; not part of the JSON).
    #[serde(skip)]
    pub mention_rows: usize,
}

/// The co-mentions of the question's range (its `min_docs`; `nodes` and `self_loops` do not
/// apply): `citra relations --co-mentions`.
pub fn co_mentioned(store: &Store, req: &Request) -> Result<CoMentions, QueryError> {
    let rows = mentions(store, req.range, &req.counting)?;
    Ok(CoMentions {
        co_mentions: co_mentions(&rows, req.options.min_docs),
        mention_rows: rows.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations010_request_from_params() {
        let req = Request::from_params(&Params::default(), None).unwrap();
        assert_eq!(req.nodes, Nodes::Country);
        assert_eq!(req.options, RelationOptions { min_docs: DEFAULT_MIN_DOCS, self_loops: false });
        let p = Params {
            nodes: Some("actor".into()),
            min_docs: Some("3".into()),
            self_loops: Some("true".into()),
            ..Params::default()
        };
        let req = Request::from_params(&p, None).unwrap();
        assert_eq!(req.nodes, Nodes::Actor);
        assert_eq!(req.options, RelationOptions { min_docs: 3, self_loops: true });
        let e = Request::from_params(&Params { nodes: Some("planets".into()), ..p.clone() }, None)
            .unwrap_err();
        assert_eq!(
            (e.code, e.message().as_str()),
            ("bad_nodes", "unknown nodes 'planets': use country or actor")
        );
    }

    #[test]
    fn relations020_coder() {
        type Row<'a> = (Option<&'a str>, Option<&'a str>, Result<Coder, &'a str>);
        let rows: &[Row<'_>] = &[
            (None, None, Ok(Coder::Citra)),
            (Some("citra"), None, Ok(Coder::Citra)),
            (Some("gdelt"), None, Ok(Coder::Gdelt)),
            (Some("gdelt"), Some("country"), Ok(Coder::Gdelt)),
            (Some("phoenix"), None, Err("unknown coder 'phoenix': use citra or gdelt")),
            (Some("gdelt"), Some("actor"), Err("nodes actor needs citra's coding")),
        ];
        for (coder, nodes, want) in rows {
            let p = Params {
                coder: coder.map(str::to_owned),
                nodes: nodes.map(str::to_owned),
                ..Params::default()
            };
            match (Request::from_params(&p, None), want) {
                (Ok(r), Ok(c)) => assert_eq!(r.coder, *c, "{coder:?}"),
                (Err(e), Err(m)) => assert!(e.message().starts_with(m), "{}", e.message()),
                (got, want) => panic!("{coder:?} {nodes:?}: {got:?} vs {want:?}"),
            }
        }
    }
}
