//! Where citra's coding and GDELT's agree on the same articles: `citra compare-gdelt`.
//!
//! The articles are the stored documents whose canonical URL GDELT cites for an event of the
//! range (an event's SOURCEURL or a web mention's MentionIdentifier, both through
//! `citra_store::canonical_url`). On each, GDELT's events (Actor1 country → Actor2 country,
//! QuadClass) are matched one to one with citra's coded, non-negated events of the document
//! (source → target, quad class): first the pairs with the same dyad and the same quad class,
//! then, among the rest, the same dyad with another quad class; what is left is only GDELT's or
//! only citra's. Events without a country on one side (GDELT's regions and empty actors,
//! citra's `---`) cannot be compared and are counted apart.

use crate::error::QueryError;
use crate::params::{Params, Range};
use citra_model::Quad;
use citra_store::{GdeltArticle, Store};
use serde::Serialize;

/// How the two codings are matched, in words.
pub const METHOD: &str = "per article GDELT also cites (SOURCEURL or MentionIdentifier = the \
    document's canonical URL), GDELT's events (Actor1 country → Actor2 country, QuadClass) are \
    matched one to one with citra's coded, non-negated events of the document: same dyad and quad \
    class first, then same dyad with another quad class; the rest is only_gdelt or only_citra; \
    events without a country on one side are not compared";

/// A compare-gdelt question.
#[derive(Debug, Clone)]
pub struct Request {
    /// GDELT's SQLDATE days (`from`, `to`).
    pub range: Range,
}

impl Request {
    /// The question from its parameters: `from`, `to`.
    pub fn from_params(p: &Params) -> Result<Request, QueryError> {
        Ok(Request { range: p.range()? })
    }
}

/// One coded event, as compared.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Dyad {
    /// Who acts (ISO alpha-3, or citra's actor code).
    pub source: String,
    /// Toward whom.
    pub target: String,
    /// The quad class.
    pub quad: Quad,
}

/// Agreement counts (of one article, one quad class, or all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Agreement {
    /// GDELT's comparable events.
    pub gdelt: u64,
    /// citra's comparable events.
    pub citra: u64,
    /// Matched with the same dyad (whatever the quad class).
    pub same_dyad: u64,
    /// Matched with the same dyad and the same quad class.
    pub same_dyad_quad: u64,
    /// GDELT's events left unmatched.
    pub only_gdelt: u64,
    /// citra's events left unmatched.
    pub only_citra: u64,
}

impl Agreement {
    fn add(&mut self, o: &Agreement) {
        self.gdelt += o.gdelt;
        self.citra += o.citra;
        self.same_dyad += o.same_dyad;
        self.same_dyad_quad += o.same_dyad_quad;
        self.only_gdelt += o.only_gdelt;
        self.only_citra += o.only_citra;
    }
}

/// One article both coded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// Store id of the document.
    pub doc_id: i64,
    /// Its canonical URL.
    pub url: String,
    /// GDELT's comparable events (sorted).
    pub gdelt: Vec<Dyad>,
    /// citra's comparable events (sorted).
    pub citra: Vec<Dyad>,
    /// How they match.
    pub agreement: Agreement,
    /// GDELT events of the article without both countries (not compared).
    pub gdelt_not_comparable: u64,
    /// citra events of the article with an unknown side (not compared).
    pub citra_not_comparable: u64,
}

/// Agreement within one quad class: GDELT's and citra's events of the class, and the matches
/// of the same dyad and class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuadRow {
    /// The quad class.
    pub quad: Quad,
    /// GDELT's comparable events of the class.
    pub gdelt: u64,
    /// citra's comparable events of the class.
    pub citra: u64,
    /// Matches of the same dyad and this class.
    pub same_dyad_quad: u64,
}

/// The comparison over the range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// How the codings are matched ([`METHOD`]).
    pub method: &'static str,
    /// Articles both in the store and cited by GDELT for an event of the range.
    pub articles: u64,
    /// The counts over all articles.
    pub total: Agreement,
    /// Per quad class, cooperation first.
    pub by_quad: Vec<QuadRow>,
    /// GDELT events of those articles without both countries (not compared).
    pub gdelt_not_comparable: u64,
    /// citra events of those articles with an unknown side (not compared).
    pub citra_not_comparable: u64,
    /// Each article, by document id.
    pub per_article: Vec<Article>,
}

/// Matches two sorted lists of dyads one to one; returns the agreement and, per quad, the
/// matches of the same dyad and quad.
fn matches(gdelt: &[Dyad], citra: &[Dyad]) -> (Agreement, [u64; 4]) {
    let mut g: Vec<Option<&Dyad>> = gdelt.iter().map(Some).collect();
    let mut c: Vec<Option<&Dyad>> = citra.iter().map(Some).collect();
    let mut a =
        Agreement { gdelt: gdelt.len() as u64, citra: citra.len() as u64, ..Agreement::default() };
    let mut per_quad = [0u64; 4];
    let quad_index = |q: Quad| Quad::ALL.iter().position(|x| *x == q).unwrap_or(0);
    // Same dyad and quad first, then same dyad alone.
    for same_quad in [true, false] {
        for gi in g.iter_mut() {
            let Some(gd) = *gi else { continue };
            let hit = c.iter_mut().find(|ci| {
                ci.is_some_and(|cd| {
                    cd.source == gd.source
                        && cd.target == gd.target
                        && (!same_quad || cd.quad == gd.quad)
                })
            });
            if let Some(ci) = hit {
                *ci = None;
                *gi = None;
                a.same_dyad += 1;
                if same_quad {
                    a.same_dyad_quad += 1;
                    if let Some(n) = per_quad.get_mut(quad_index(gd.quad)) {
                        *n += 1;
                    }
                }
            }
        }
    }
    a.only_gdelt = g.iter().filter(|x| x.is_some()).count() as u64;
    a.only_citra = c.iter().filter(|x| x.is_some()).count() as u64;
    (a, per_quad)
}

fn article(a: GdeltArticle) -> (Article, [u64; 4]) {
    let mut gdelt = Vec::new();
    let mut gdelt_not = 0;
    for e in a.gdelt {
        match (e.source, e.target) {
            (Some(source), Some(target)) => gdelt.push(Dyad { source, target, quad: e.quad }),
            _ => gdelt_not += 1,
        }
    }
    let mut citra = Vec::new();
    let mut citra_not = 0;
    for e in a.citra {
        if e.source == "---" || e.target == "---" || e.source.is_empty() || e.target.is_empty() {
            citra_not += 1;
        } else {
            citra.push(Dyad {
                source: e.source.to_ascii_uppercase(),
                target: e.target.to_ascii_uppercase(),
                quad: e.quad,
            });
        }
    }
    gdelt.sort();
    citra.sort();
    let (agreement, per_quad) = matches(&gdelt, &citra);
    (
        Article {
            doc_id: a.doc_id,
            url: a.url,
            gdelt,
            citra,
            agreement,
            gdelt_not_comparable: gdelt_not,
            citra_not_comparable: citra_not,
        },
        per_quad,
    )
}

/// Answers a compare-gdelt question from the store.
pub fn answer(store: &Store, req: &Request) -> Result<Answer, QueryError> {
    let rows = store.gdelt_articles(req.range.0, req.range.1)?;
    let mut total = Agreement::default();
    let mut by_quad: Vec<QuadRow> = Quad::ALL
        .iter()
        .map(|q| QuadRow { quad: *q, gdelt: 0, citra: 0, same_dyad_quad: 0 })
        .collect();
    let mut per_article = Vec::new();
    let (mut gdelt_not, mut citra_not) = (0, 0);
    for a in rows {
        let (art, per_quad) = article(a);
        total.add(&art.agreement);
        gdelt_not += art.gdelt_not_comparable;
        citra_not += art.citra_not_comparable;
        for (row, agree) in by_quad.iter_mut().zip(per_quad) {
            row.gdelt += art.gdelt.iter().filter(|d| d.quad == row.quad).count() as u64;
            row.citra += art.citra.iter().filter(|d| d.quad == row.quad).count() as u64;
            row.same_dyad_quad += agree;
        }
        per_article.push(art);
    }
    Ok(Answer {
        method: METHOD,
        articles: per_article.len() as u64,
        total,
        by_quad,
        gdelt_not_comparable: gdelt_not,
        citra_not_comparable: citra_not,
        per_article,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str, t: &str, q: Quad) -> Dyad {
        Dyad { source: s.into(), target: t.into(), quad: q }
    }

    #[test]
    fn compare010_one_to_one_matching() {
        use Quad::*;
        type Row = (&'static str, Vec<Dyad>, Vec<Dyad>, (u64, u64, u64, u64));
        let rows: Vec<Row> = vec![
            (
                "same",
                vec![d("IDN", "MEX", VerbalCoop)],
                vec![d("IDN", "MEX", VerbalCoop)],
                (1, 1, 0, 0),
            ),
            (
                "other quad",
                vec![d("IDN", "MEX", VerbalCoop)],
                vec![d("IDN", "MEX", MaterialConflict)],
                (1, 0, 0, 0),
            ),
            (
                "reversed",
                vec![d("IDN", "MEX", VerbalCoop)],
                vec![d("MEX", "IDN", VerbalCoop)],
                (0, 0, 1, 1),
            ),
            (
                "quad match wins over dyad match",
                vec![d("USA", "MEX", VerbalConflict), d("USA", "MEX", VerbalCoop)],
                vec![d("USA", "MEX", VerbalCoop)],
                (1, 1, 1, 0),
            ),
            (
                "twice against once",
                vec![d("USA", "CHN", VerbalConflict); 2],
                vec![d("USA", "CHN", VerbalConflict)],
                (1, 1, 1, 0),
            ),
            ("nothing", vec![], vec![d("USA", "CHN", VerbalConflict)], (0, 0, 0, 1)),
        ];
        for (name, mut g, mut c, want) in rows {
            g.sort();
            c.sort();
            let (a, _) = matches(&g, &c);
            assert_eq!((a.same_dyad, a.same_dyad_quad, a.only_gdelt, a.only_citra), want, "{name}");
            assert_eq!(a.same_dyad + a.only_gdelt, a.gdelt, "{name}");
            assert_eq!(a.same_dyad + a.only_citra, a.citra, "{name}");
        }
    }
}
