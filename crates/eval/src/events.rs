//! Scoring of coded events against gold events.

use crate::gold::GoldEvent;
use citra_model::Quad;
use std::collections::BTreeSet;

/// One event citra coded, reduced to what is scored.
pub(crate) struct Got {
    pub(crate) source: String,
    pub(crate) target: String,
    pub(crate) root: u8,
    pub(crate) quad: Quad,
}

/// What citra did on one gold line of the events task.
pub(crate) struct EventOutcome {
    pub(crate) n_gold: u64,
    pub(crate) quad_hits: u64,
    pub(crate) root_hits: u64,
    pub(crate) dyad_hits: u64,
    pub(crate) tp: u64,
    pub(crate) fp: u64,
    pub(crate) fn_: u64,
    pub(crate) gold_str: String,
    pub(crate) got_str: String,
}

/// CAMEO country codes that differ from ISO 3166-1 alpha-3, read as ISO.
const CAMEO_TO_ISO: &[(&str, &str)] = &[
    ("JAP", "JPN"),
    ("ITL", "ITA"),
    ("KUW", "KWT"),
    ("NZE", "NZL"),
    ("ZBW", "ZWE"),
    ("ROM", "ROU"),
    ("INS", "IDN"),
    ("LEB", "LBN"),
    ("ZAM", "ZMB"),
    ("IVO", "CIV"),
    ("BUL", "BGR"),
    ("LTH", "LTU"),
    ("MOM", "OMN"),
    ("UAR", "EGY"),
];

/// The country part of an actor code: its first three letters, CAMEO codes read as ISO, and
/// unresolved actors (empty, `---`, quoted text) as `---`.
pub(crate) fn country(code: &str) -> String {
    let c = code.trim();
    if c.is_empty() || c.starts_with('"') || c.starts_with('-') {
        return "---".to_owned();
    }
    let head: String = c.chars().take(3).collect::<String>().to_ascii_uppercase();
    CAMEO_TO_ISO.iter().find(|(k, _)| *k == head).map_or(head, |(_, v)| (*v).to_owned())
}

fn root_of(code: &str) -> u8 {
    code.get(..2).and_then(|r| r.parse().ok()).unwrap_or(0)
}

pub(crate) fn outcome(gold: &[GoldEvent], got: Vec<Got>) -> EventOutcome {
    let mut o = EventOutcome {
        n_gold: gold.len() as u64,
        quad_hits: 0,
        root_hits: 0,
        dyad_hits: 0,
        tp: 0,
        fp: 0,
        fn_: 0,
        gold_str: String::new(),
        got_str: String::new(),
    };
    let mut gold_triples = BTreeSet::new();
    let mut gs = Vec::new();
    for g in gold {
        let root = root_of(&g.code);
        let quad = g.quad.as_deref().and_then(Quad::parse).or_else(|| Quad::of_root(root));
        let (src, tgt) = (country(&g.source), country(&g.target));
        o.quad_hits += u64::from(got.iter().any(|e| Some(e.quad) == quad));
        o.root_hits += u64::from(got.iter().any(|e| e.root == root));
        o.dyad_hits += u64::from(
            got.iter().any(|e| Some(e.quad) == quad && e.source == src && e.target == tgt),
        );
        gs.push(format!("{src}>{tgt}:{:02}", root));
        gold_triples.insert((src, tgt, root));
    }
    let got_triples: BTreeSet<(String, String, u8)> =
        got.iter().map(|e| (e.source.clone(), e.target.clone(), e.root)).collect();
    o.tp = gold_triples.intersection(&got_triples).count() as u64;
    o.fp = got_triples.difference(&gold_triples).count() as u64;
    o.fn_ = gold_triples.difference(&got_triples).count() as u64;
    o.gold_str = gs.join(" ");
    o.got_str = if got.is_empty() {
        "-".to_owned()
    } else {
        got.iter()
            .map(|e| format!("{}>{}:{:02}", e.source, e.target, e.root))
            .collect::<Vec<_>>()
            .join(" ")
    };
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country010() {
        let rows = [
            ("USAGOV", "USA"),
            ("JAP", "JPN"),
            ("", "---"),
            ("---GOV", "---"),
            ("\"Greeks\"", "---"),
            ("igo", "IGO"),
        ];
        for (code, want) in rows {
            assert_eq!(country(code), want, "{code}");
        }
    }

    #[test]
    fn outcome010() {
        let gold = vec![
            GoldEvent {
                source: "ARN".into(),
                target: "GONGOV".into(),
                code: "064".into(),
                quad: None,
            },
            GoldEvent {
                source: "ARN".into(),
                target: "GON".into(),
                code: "023".into(),
                quad: None,
            },
        ];
        let got = vec![Got {
            source: "ARN".into(),
            target: "GON".into(),
            root: 6,
            quad: Quad::MaterialCoop,
        }];
        let o = outcome(&gold, got);
        assert_eq!((o.n_gold, o.quad_hits, o.root_hits, o.dyad_hits), (2, 1, 1, 1));
        assert_eq!((o.tp, o.fp, o.fn_), (1, 0, 1));
    }
}
