//! `citra stories`: near-duplicate stories, posts whose texts are copies of each other (see
//! `citra_query::stories`).

use crate::args::{Format, StoriesArgs};
use crate::output::{Table, delay, emit, fixed};
use anyhow::Result;
use citra_analytics::snippet;
use citra_query::{Params, stories};
use std::io::Write;
use std::path::Path;

/// Stories whose first posts the posts table shows.
const STORIES_WITH_POSTS: usize = 3;
/// Posts shown per story in the posts table.
const POSTS_SHOWN: usize = 8;

pub(crate) fn run(db: &Path, args: StoriesArgs) -> Result<()> {
    let mut p = Params {
        country: args.country.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        top: Some(args.top.to_string()),
        ..Params::default()
    };
    super::story_params(&args.story, &mut p);
    let req = super::q(stories::Request::from_params(&p))?;
    let store = super::open_existing_store(db)?;
    let answer = super::q(stories::answer(&store, &req))?;
    if args.format == Format::Table {
        eprintln!(
            "stories: similarity ≥ {} (Jaccard of word 3-shingles; links, handles and hashtags \
             removed), texts of at least {} words; {} posts, {} compared, {} candidate pairs \
             checked; {} stories hold {} posts ({} would be merged)",
            answer.threshold,
            answer.min_words,
            answer.posts,
            answer.compared,
            answer.candidates,
            answer.stories_total,
            answer.in_stories,
            answer.merged
        );
        if answer.posts == 0 {
            eprintln!("no posts in {} for this range", db.display());
        } else if answer.matching == 0 {
            eprintln!(
                "no story{}: try a lower --threshold",
                answer.country.map(|c| format!(" mentions {c}")).unwrap_or_default()
            );
        }
    }
    match args.format {
        Format::Json => emit(args.format, &Table::new([""; 0]), &serde_json::to_value(&answer)?),
        Format::Csv => emit(args.format, &stories_table(&answer, true), &serde_json::Value::Null),
        Format::Table => {
            if answer.stories.is_empty() {
                return Ok(());
            }
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            stories_table(&answer, false).write_text(&mut out)?;
            writeln!(out)?;
            posts_table(&answer).write_text(&mut out)?;
            out.flush()?;
            Ok(())
        }
    }
}

fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default()
}

fn stories_table(a: &stories::Answer, csv: bool) -> Table {
    let mut t = Table::new([
        "story",
        "copies",
        "authors",
        "first poster",
        "first",
        "spread",
        "engagement",
        "countries: docs",
        "langs",
        "min sim",
        "text",
    ]);
    for s in &a.stories {
        let first = s.posts.first();
        t.push(vec![
            s.id.to_string(),
            s.copies.to_string(),
            s.authors.to_string(),
            first.and_then(|p| p.author.clone()).unwrap_or_default(),
            time(s.first),
            if csv { s.spread_s.to_string() } else { delay(s.spread_s) },
            s.engagement.to_string(),
            s.countries
                .iter()
                .take(if csv { usize::MAX } else { 4 })
                .map(|c| format!("{} {}", c.country, c.docs))
                .collect::<Vec<_>>()
                .join(", "),
            s.langs.join(","),
            fixed(s.min_similarity, 2),
            if csv { s.text.clone() } else { snippet(&s.text, 60) },
        ]);
    }
    t
}

fn posts_table(a: &stories::Answer) -> Table {
    let mut t = Table::new(["story", "post", "author", "time", "after", "engagement", "lang"]);
    for s in a.stories.iter().take(STORIES_WITH_POSTS) {
        for p in s.posts.iter().take(POSTS_SHOWN) {
            t.push(vec![
                s.id.to_string(),
                p.native_id.clone().unwrap_or_else(|| format!("#{}", p.doc)),
                p.author.clone().unwrap_or_default(),
                time(p.time),
                delay(p.after_s),
                p.engagement.to_string(),
                p.lang.clone(),
            ]);
        }
        if s.copies > POSTS_SHOWN {
            t.push(vec![
                s.id.to_string(),
                format!("… {} more", s.copies - POSTS_SHOWN),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
    }
    t
}
