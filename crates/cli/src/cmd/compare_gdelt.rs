//! `citra compare-gdelt`: citra's coded events against GDELT's on the articles both coded.

use crate::args::{CompareGdeltArgs, Format};
use crate::output::{Table, emit};
use anyhow::Result;
use citra_query::Params;
use citra_query::compare_gdelt::{self, Dyad};
use std::path::Path;

fn dyads(list: &[Dyad]) -> String {
    list.iter()
        .map(|d| format!("{}→{} {}", d.source, d.target, d.quad.as_str()))
        .collect::<Vec<_>>()
        .join("; ")
}

pub(crate) fn run(db: &Path, args: CompareGdeltArgs) -> Result<()> {
    let p = Params { from: args.from.clone(), to: args.to.clone(), ..Params::default() };
    let req = super::q(compare_gdelt::Request::from_params(&p))?;
    let store = super::open_existing_store(db)?;
    let answer = super::q(compare_gdelt::answer(&store, &req))?;
    let mut table = Table::new([
        "doc_id",
        "url",
        "gdelt",
        "citra",
        "same_dyad",
        "same_dyad_quad",
        "only_gdelt",
        "only_citra",
    ]);
    for a in &answer.per_article {
        let g = &a.agreement;
        table.push(vec![
            a.doc_id.to_string(),
            a.url.clone(),
            dyads(&a.gdelt),
            dyads(&a.citra),
            g.same_dyad.to_string(),
            g.same_dyad_quad.to_string(),
            g.only_gdelt.to_string(),
            g.only_citra.to_string(),
        ]);
    }
    let json = serde_json::to_value(&answer)?;
    if args.format != Format::Table {
        return emit(args.format, &table, &json);
    }
    if answer.articles == 0 {
        eprintln!(
            "no stored document has the URL of a GDELT event or mention of this range: ingest \
             the articles (with their URLs) and the GDELT files of the same days"
        );
    }
    let t = &answer.total;
    println!(
        "{} articles both coded: GDELT {} events, citra {}; same dyad {}, same dyad and quad class \
         {}, only GDELT {}, only citra {} (not comparable: GDELT {}, citra {})",
        answer.articles,
        t.gdelt,
        t.citra,
        t.same_dyad,
        t.same_dyad_quad,
        t.only_gdelt,
        t.only_citra,
        answer.gdelt_not_comparable,
        answer.citra_not_comparable,
    );
    let mut quads = Table::new(["quad", "gdelt", "citra", "same_dyad_quad"]);
    for q in &answer.by_quad {
        quads.push(vec![
            q.quad.as_str().to_owned(),
            q.gdelt.to_string(),
            q.citra.to_string(),
            q.same_dyad_quad.to_string(),
        ]);
    }
    println!();
    emit(Format::Table, &quads, &json)?;
    println!();
    emit(Format::Table, &table, &json)
}
