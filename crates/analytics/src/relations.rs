//! Relations: the directed graph of who talks about whom, with volume and tone per pair, and
//! writers for Gephi (GraphML and GEXF).
//!
//! - Country → country: the source of a document is the country of its author as the actor
//!   registry knows it at the document's date (the caller's `source_of`, given each mention row);
//!   the targets are the countries it mentions.
//!   Documents whose author's country is unknown are left out of this graph and counted in
//!   [`RelationGraph::unattributed_docs`]; they still appear in the actor → country graph.
//!   A country talking about itself (domestic talk) is left out unless asked for, and counted.
//! - Actor → country: the source is the author handle itself.
//! - Co-mentions: undirected pairs of countries named in the same document.
//!
//! Per pair, the statistics are the citra index's over the whole range (see the crate docs):
//! the unit is a (document, target) pair, weighted `1 + ln(1 + engagement)`; `tone` is the
//! reach-weighted mean, `positive` and `negative` the weighted label shares. Only mentions the
//! tone stage scored count.
//!
//! Cooperation and conflict: [`add_actions`] puts on each edge the coded events (CAMEO quad
//! classes and mean Goldstein intensity, from the actions stage) whose source actor acts on the
//! edge's target, in the same range. Tone says how a source *speaks of* a target; the quad
//! counts say what the posts report the source *doing* to it (threats, aid, visits).

use crate::index::image_index_by;
use crate::period::Period;
use crate::rows::MentionRow;
use chrono::{TimeZone, Utc};
use citra_model::{Lang, Observation};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// One directed edge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Source node id (alpha-3 or author handle).
    pub source: String,
    /// Target node id (alpha-3).
    pub target: String,
    /// Documents from the source that mention the target.
    pub docs: u64,
    /// Mentions of the target in them.
    pub mentions: u64,
    /// Sum of document weights.
    pub reach: f64,
    /// Reach-weighted mean tone, in [-1, 1].
    pub tone: f64,
    /// Lower end of the 95% interval of `tone`.
    pub ci_low: f64,
    /// Upper end of the 95% interval of `tone`.
    pub ci_high: f64,
    /// Weighted share of positive mentions.
    pub positive: f64,
    /// Weighted share of negative mentions.
    pub negative: f64,
    /// Coded verbal-cooperation events of the source toward the target (see [`add_actions`]).
    pub verbal_coop: u64,
    /// Coded material-cooperation events.
    pub material_coop: u64,
    /// Coded verbal-conflict events.
    pub verbal_conflict: u64,
    /// Coded material-conflict events.
    pub material_conflict: u64,
    /// Mean Goldstein intensity of those events in [-10, 10] (`None` without events).
    pub goldstein: Option<f64>,
}

impl Edge {
    /// Coded events of the pair (all four quad classes).
    pub fn events(&self) -> u64 {
        self.verbal_coop + self.material_coop + self.verbal_conflict + self.material_conflict
    }

    /// Share of the pair's coded events that are cooperation (`None` without events).
    pub fn coop_share(&self) -> Option<f64> {
        let n = self.events();
        (n > 0).then(|| (self.verbal_coop + self.material_coop) as f64 / n as f64)
    }
}

/// Cooperation and conflict of one (source, target) pair: counts of coded, non-negated events
/// per quad class and their summed Goldstein intensity, as the store's event table gives them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DyadActions {
    /// Acting actor (alpha-3).
    pub source: String,
    /// Target (alpha-3).
    pub target: String,
    /// Verbal-cooperation events.
    pub verbal_coop: u64,
    /// Material-cooperation events.
    pub material_coop: u64,
    /// Verbal-conflict events.
    pub verbal_conflict: u64,
    /// Material-conflict events.
    pub material_conflict: u64,
    /// Sum of the events' Goldstein intensities.
    pub goldstein_sum: f64,
}

/// Puts the cooperation/conflict counts of `dyads` on the edges with the same (source, target)
/// (codes compared case-insensitively; several rows for one pair add up). Edges without events
/// keep zeros and no Goldstein mean; dyads without an edge are not added (the graph's edges are
/// who speaks of whom). Returns how many dyad rows matched an edge.
pub fn add_actions(g: &mut RelationGraph, dyads: &[DyadActions]) -> usize {
    let key = |a: &str, b: &str| (a.trim().to_uppercase(), b.trim().to_uppercase());
    // (verbal coop, material coop, verbal conflict, material conflict, Goldstein sum) per pair.
    type Sums = (u64, u64, u64, u64, f64);
    let mut by: BTreeMap<(String, String), Sums> = BTreeMap::new();
    for d in dyads {
        let e = by.entry(key(&d.source, &d.target)).or_default();
        e.0 += d.verbal_coop;
        e.1 += d.material_coop;
        e.2 += d.verbal_conflict;
        e.3 += d.material_conflict;
        e.4 += if d.goldstein_sum.is_finite() { d.goldstein_sum } else { 0.0 };
    }
    let mut matched = BTreeSet::new();
    for e in &mut g.edges {
        let k = key(&e.source, &e.target);
        let Some(&(vc, mc, vx, mx, sum)) = by.get(&k) else { continue };
        e.verbal_coop = vc;
        e.material_coop = mc;
        e.verbal_conflict = vx;
        e.material_conflict = mx;
        let n = e.events();
        e.goldstein = (n > 0).then(|| sum / n as f64);
        matched.insert(k);
    }
    dyads.iter().filter(|d| matched.contains(&key(&d.source, &d.target))).count()
}

/// A node of the graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// Id (alpha-3 or author handle).
    pub id: String,
    /// Label for people (country name, actor name).
    pub label: String,
    /// `country` or `actor`.
    pub kind: String,
}

/// A directed graph with its edges, heaviest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationGraph {
    /// Nodes that appear in an edge, by id.
    pub nodes: Vec<Node>,
    /// Edges with at least the minimum documents, most documents first (ties by source, target).
    pub edges: Vec<Edge>,
    /// Documents that gave at least one edge (before the minimum).
    pub attributed_docs: u64,
    /// Documents with scored mentions whose source is unknown (left out).
    pub unattributed_docs: u64,
    /// (document, country) pairs left out because the source talks about itself.
    pub self_pairs_left_out: u64,
}

/// Options of [`relations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelationOptions {
    /// Keep only edges with at least this many documents.
    pub min_docs: u64,
    /// Keep a source's talk about itself (country → same country).
    pub self_loops: bool,
}

impl Default for RelationOptions {
    fn default() -> Self {
        RelationOptions { min_docs: 1, self_loops: false }
    }
}

/// The directed graph of the mentions, with the source of each document given by `source_of`
/// (author handle → source node id; `None` leaves the document out), and node labels and kinds
/// from `label` (node id → label) for sources (`source_kind`) and targets (`country`). See
/// [`relations_by`] for a source that depends on the document's date.
pub fn relations(
    mentions: &[MentionRow],
    source_of: impl Fn(&str) -> Option<String>,
    source_kind: &str,
    label: impl Fn(&str) -> String,
    opts: RelationOptions,
) -> RelationGraph {
    relations_by(mentions, |m| m.author.as_deref().and_then(&source_of), source_kind, label, opts)
}

/// [`relations`] with the source computed from the whole mention row (author and time: a
/// handle speaks for a country between dates).
pub fn relations_by(
    mentions: &[MentionRow],
    source_of: impl Fn(&MentionRow) -> Option<String>,
    source_kind: &str,
    label: impl Fn(&str) -> String,
    opts: RelationOptions,
) -> RelationGraph {
    let epoch = Utc.timestamp_opt(0, 0).single().unwrap_or_default();
    let mut obs = Vec::new();
    let mut unattributed: BTreeSet<i64> = BTreeSet::new();
    let mut attributed: BTreeSet<i64> = BTreeSet::new();
    let mut self_pairs: BTreeSet<(i64, String)> = BTreeSet::new();
    for m in mentions {
        let Some(score) = m.score.filter(|s| s.is_finite()) else { continue };
        let source = source_of(m);
        let Some(source) = source else {
            unattributed.insert(m.doc_id);
            continue;
        };
        let target = m.country.trim().to_uppercase();
        if !opts.self_loops && source.eq_ignore_ascii_case(&target) {
            self_pairs.insert((m.doc_id, target));
            continue;
        }
        attributed.insert(m.doc_id);
        obs.push(Observation {
            doc_id: m.doc_id,
            mention_id: 0,
            // One period for the whole range.
            time: epoch,
            country: target,
            score,
            label: m.label,
            confidence: 1.0,
            engagement: m.engagement,
            lang: Lang::Und,
            author: Some(source),
            kind: citra_model::MentionKind::Name,
            actor: None,
        });
    }
    // The source rides in `author`: the index groups by (source, target) over one period.
    let by = image_index_by(&obs, Period::Year, |o| {
        (o.author.clone().unwrap_or_default(), o.country.clone())
    });
    let mut edges: Vec<Edge> = by
        .into_iter()
        .filter_map(|((source, target), points)| {
            let p = points.into_iter().next()?;
            (p.docs >= opts.min_docs).then_some(Edge {
                source,
                target,
                docs: p.docs,
                mentions: p.mentions,
                reach: p.reach,
                tone: p.tone,
                ci_low: p.ci_low,
                ci_high: p.ci_high,
                positive: p.positive,
                negative: p.negative,
                verbal_coop: 0,
                material_coop: 0,
                verbal_conflict: 0,
                material_conflict: 0,
                goldstein: None,
            })
        })
        .collect();
    edges.sort_by(|a, b| {
        b.docs.cmp(&a.docs).then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
    });
    let mut nodes: BTreeMap<&str, &str> = BTreeMap::new();
    for e in &edges {
        nodes.insert(&e.source, source_kind);
        nodes.entry(&e.target).or_insert("country");
    }
    let nodes = nodes
        .into_iter()
        .map(|(id, kind)| Node { id: id.to_owned(), label: label(id), kind: kind.to_owned() })
        .collect();
    let unattributed_docs = unattributed.difference(&attributed).count() as u64;
    RelationGraph {
        nodes,
        edges,
        attributed_docs: attributed.len() as u64,
        unattributed_docs,
        self_pairs_left_out: self_pairs.len() as u64,
    }
}

/// An undirected pair of countries named in the same documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoMention {
    /// The first country (alpha-3, alphabetical).
    pub a: String,
    /// The second country.
    pub b: String,
    /// Documents that name both.
    pub docs: u64,
}

/// Pairs of countries named together in at least `min_docs` documents, most first.
pub fn co_mentions(mentions: &[MentionRow], min_docs: u64) -> Vec<CoMention> {
    let mut per_doc: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for m in mentions {
        per_doc.entry(m.doc_id).or_default().insert(m.country.trim().to_uppercase());
    }
    let mut pairs: BTreeMap<(String, String), u64> = BTreeMap::new();
    for set in per_doc.values() {
        let v: Vec<&String> = set.iter().collect();
        for (i, a) in v.iter().enumerate() {
            for b in v.iter().skip(i + 1) {
                *pairs.entry(((*a).clone(), (*b).clone())).or_default() += 1;
            }
        }
    }
    let mut out: Vec<CoMention> = pairs
        .into_iter()
        .filter(|(_, n)| *n >= min_docs)
        .map(|((a, b), docs)| CoMention { a, b, docs })
        .collect();
    out.sort_by(|x, y| y.docs.cmp(&x.docs).then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b))));
    out
}

/// Text made safe for XML 1.0 content and attribute values: `& < > " '` escaped, characters
/// XML 1.0 forbids (controls other than tab, newline and carriage return; U+FFFE, U+FFFF)
/// replaced with U+FFFD.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A finite number for XML attributes (NaN and infinities as 0).
fn num(x: f64) -> String {
    if x.is_finite() { format!("{x:.6}") } else { "0".to_owned() }
}

/// The cooperation/conflict attributes of an edge, each written by `item(key, value)`; the
/// Goldstein mean only when the pair has events.
fn action_data(e: &Edge, item: impl Fn(&str, String) -> String) -> String {
    let mut s = String::new();
    for (k, v) in [
        ("verbal_coop", e.verbal_coop),
        ("material_coop", e.material_coop),
        ("verbal_conflict", e.verbal_conflict),
        ("material_conflict", e.material_conflict),
    ] {
        s.push_str(&item(k, v.to_string()));
    }
    if let Some(g) = e.goldstein {
        s.push_str(&item("goldstein", num(g)));
    }
    s
}

/// The graph as GraphML (readable by Gephi, yEd, networkx, igraph): nodes with `label` and
/// `kind`, edges with `weight` (= documents), `docs`, `mentions`, `tone`, `positive`,
/// `negative`, and the cooperation/conflict counts `verbal_coop`, `material_coop`,
/// `verbal_conflict`, `material_conflict` with the mean `goldstein` (see [`add_actions`]).
pub fn to_graphml(g: &RelationGraph) -> String {
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (id, for_, ty) in [
        ("label", "node", "string"),
        ("kind", "node", "string"),
        ("weight", "edge", "double"),
        ("docs", "edge", "long"),
        ("mentions", "edge", "long"),
        ("tone", "edge", "double"),
        ("positive", "edge", "double"),
        ("negative", "edge", "double"),
        ("verbal_coop", "edge", "long"),
        ("material_coop", "edge", "long"),
        ("verbal_conflict", "edge", "long"),
        ("material_conflict", "edge", "long"),
        ("goldstein", "edge", "double"),
    ] {
        let _ = writeln!(
            s,
            "  <key id=\"{id}\" for=\"{for_}\" attr.name=\"{id}\" attr.type=\"{ty}\"/>"
        );
    }
    s.push_str("  <graph id=\"citra\" edgedefault=\"directed\">\n");
    for n in &g.nodes {
        let _ = writeln!(
            s,
            "    <node id=\"{}\"><data key=\"label\">{}</data><data key=\"kind\">{}</data></node>",
            xml_escape(&n.id),
            xml_escape(&n.label),
            xml_escape(&n.kind)
        );
    }
    for (i, e) in g.edges.iter().enumerate() {
        let _ = writeln!(
            s,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\"><data key=\"weight\">{}</data>\
             <data key=\"docs\">{}</data><data key=\"mentions\">{}</data>\
             <data key=\"tone\">{}</data><data key=\"positive\">{}</data>\
             <data key=\"negative\">{}</data>{}</edge>",
            xml_escape(&e.source),
            xml_escape(&e.target),
            e.docs,
            e.docs,
            e.mentions,
            num(e.tone),
            num(e.positive),
            num(e.negative),
            action_data(e, |k, v| format!("<data key=\"{k}\">{v}</data>"))
        );
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}

/// The graph as GEXF 1.3 (Gephi's own format): the same attributes as [`to_graphml`], with
/// the edge weight in GEXF's `weight` attribute.
pub fn to_gexf(g: &RelationGraph, description: &str) -> String {
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n");
    let _ = writeln!(
        s,
        "  <meta><creator>citra</creator><description>{}</description></meta>",
        xml_escape(description)
    );
    s.push_str("  <graph mode=\"static\" defaultedgetype=\"directed\">\n");
    s.push_str(
        "    <attributes class=\"node\">\n      <attribute id=\"kind\" title=\"kind\" \
         type=\"string\"/>\n    </attributes>\n",
    );
    s.push_str("    <attributes class=\"edge\">\n");
    for (id, ty) in [
        ("docs", "long"),
        ("mentions", "long"),
        ("tone", "double"),
        ("positive", "double"),
        ("negative", "double"),
        ("verbal_coop", "long"),
        ("material_coop", "long"),
        ("verbal_conflict", "long"),
        ("material_conflict", "long"),
        ("goldstein", "double"),
    ] {
        let _ = writeln!(s, "      <attribute id=\"{id}\" title=\"{id}\" type=\"{ty}\"/>");
    }
    s.push_str("    </attributes>\n    <nodes>\n");
    for n in &g.nodes {
        let _ = writeln!(
            s,
            "      <node id=\"{}\" label=\"{}\"><attvalues><attvalue for=\"kind\" \
             value=\"{}\"/></attvalues></node>",
            xml_escape(&n.id),
            xml_escape(&n.label),
            xml_escape(&n.kind)
        );
    }
    s.push_str("    </nodes>\n    <edges>\n");
    for (i, e) in g.edges.iter().enumerate() {
        let _ = writeln!(
            s,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{}\"><attvalues>\
             <attvalue for=\"docs\" value=\"{}\"/><attvalue for=\"mentions\" value=\"{}\"/>\
             <attvalue for=\"tone\" value=\"{}\"/><attvalue for=\"positive\" value=\"{}\"/>\
             <attvalue for=\"negative\" value=\"{}\"/>{}</attvalues></edge>",
            xml_escape(&e.source),
            xml_escape(&e.target),
            e.docs,
            e.docs,
            e.mentions,
            num(e.tone),
            num(e.positive),
            num(e.negative),
            action_data(e, |k, v| format!("<attvalue for=\"{k}\" value=\"{v}\"/>"))
        );
    }
    s.push_str("    </edges>\n  </graph>\n</gexf>\n");
    s
}

#[cfg(test)]
mod tests;
