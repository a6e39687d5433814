//! `citra cascades`: diffusion cascades from reshare, quote and reply ids, or reach from counts
//! where the store has no such ids.

use crate::args::{CascadesArgs, Format};
use crate::output::{Table, emit, fixed};
use anyhow::Result;
use citra_query::cascades::Mode;
use citra_query::{Params, cascades};
use std::path::Path;

/// `45s`, `12m`, `3.2h`, `4.1d`; `-` when unknown.
pub(crate) fn duration(secs: Option<i64>) -> String {
    match secs {
        None => "-".to_owned(),
        Some(s) if s < 60 => format!("{s}s"),
        Some(s) if s < 3600 => format!("{}m", s / 60),
        Some(s) if s < 86_400 => format!("{}h", fixed(s as f64 / 3600.0, 1)),
        Some(s) => format!("{}d", fixed(s as f64 / 86_400.0, 1)),
    }
}

/// `en 5, es 1` (at most `max` items, then `…`).
pub(crate) fn counts_list(items: &[(String, usize)], max: usize, sep: &str) -> String {
    let mut parts: Vec<String> =
        items.iter().take(max).map(|(k, n)| format!("{k}{sep}{n}")).collect();
    if items.len() > max {
        parts.push("…".to_owned());
    }
    parts.join(if sep == ":" { ";" } else { ", " })
}

fn day(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "-".to_owned())
}

fn opt(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_else(|| "-".to_owned())
}

pub(crate) fn run(db: &Path, args: CascadesArgs) -> Result<()> {
    let p = Params {
        country: args.country.clone(),
        actor: args.actor.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        top: Some(args.top.to_string()),
        min_size: Some(args.min_size.to_string()),
        infer: Some(args.infer.to_string()),
        ..Params::default()
    };
    let req = super::q(cascades::Request::from_params(&p, None))?;
    let store = super::open_existing_store(db)?;
    let answer = super::q(cascades::answer(&store, &req))?;
    let scope = match (answer.country, &answer.actor) {
        (None, None) => String::new(),
        (c, a) => {
            let mut s = String::from(" (");
            if let Some(c) = c {
                s.push_str(&format!("root mentions {c}"));
            }
            if let Some(a) = a {
                s.push_str(&format!("{}root by @{a}", if c.is_some() { ", " } else { "" }));
            }
            s.push(')');
            s
        }
    };
    if answer.posts == 0 {
        eprintln!("no posts in {} for this range", db.display());
    }
    if answer.mode == Mode::ReachFromCounts {
        if answer.posts > 0 {
            eprintln!(
                "this store has no reshare ids (nor quote or reply ids): reach from counts, as the \
             platform counted reshares, likes and replies, for the top posts{scope}. Pass --infer \
             to link `RT @user:` posts and identical texts to their originals (marked inferred)."
            );
            if !answer.any_counts {
                eprintln!("these posts carry no engagement counts either: nothing to rank");
            }
        }
        return print_counts(&answer, args.format);
    }
    if args.format == Format::Table && answer.posts > 0 {
        let l = &answer.links;
        eprintln!(
            "{} posts; links: {} reshare, {} quote, {} reply, {} inferred ({} from `RT @user:` \
             posts, {} from identical texts{}); {} links to posts not \
             in the store (those posts are roots), {} cycles broken; {} cascades of {}+ posts{}, \
             showing {}. Countries are those the cascade's posts mention: the data has no \
             audience location.",
            answer.posts,
            l.reshare,
            l.quote,
            l.reply,
            l.inferred(),
            l.inferred_retweet,
            l.inferred_copy,
            own_note(&answer),
            answer.missing_parents,
            answer.cycles_broken,
            answer.matching,
            answer.min_size,
            scope,
            answer.cascades.len()
        );
    }
    let csv = args.format == Format::Csv;
    let mut table = if csv {
        Table::new([
            "root_id",
            "root_native_id",
            "author",
            "created_at",
            "size",
            "depth",
            "max_breadth",
            "structural_virality",
            "time_to_50_s",
            "time_to_90_s",
            "reshares",
            "quotes",
            "replies",
            "inferred_retweet",
            "inferred_copy",
            "languages",
            "countries_mentioned",
            "parent_missing",
        ])
    } else {
        Table::new([
            "root",
            "author",
            "date",
            "size",
            "depth",
            "breadth",
            "virality",
            "t50",
            "t90",
            "links r/q/p/i",
            "languages",
            "countries mentioned",
        ])
    };
    for c in &answer.cascades {
        let l = c.links;
        table.push(if csv {
            vec![
                c.root.to_string(),
                c.root_native_id.clone().unwrap_or_default(),
                c.author.clone().unwrap_or_default(),
                c.created_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                c.stats.size.to_string(),
                c.stats.depth.to_string(),
                c.stats.max_breadth.to_string(),
                fixed(c.stats.structural_virality, 4),
                c.time_to_50_s.map(|s| s.to_string()).unwrap_or_default(),
                c.time_to_90_s.map(|s| s.to_string()).unwrap_or_default(),
                l.reshare.to_string(),
                l.quote.to_string(),
                l.reply.to_string(),
                l.inferred_retweet.to_string(),
                l.inferred_copy.to_string(),
                counts_list(&c.languages, usize::MAX, ":"),
                counts_list(&c.countries_mentioned, usize::MAX, ":"),
                c.parent_missing.to_string(),
            ]
        } else {
            vec![
                c.root_native_id.clone().unwrap_or_else(|| format!("#{}", c.root)),
                c.author.clone().unwrap_or_else(|| "-".to_owned()),
                day(c.created_at),
                c.stats.size.to_string(),
                c.stats.depth.to_string(),
                c.stats.max_breadth.to_string(),
                fixed(c.stats.structural_virality, 2),
                duration(c.time_to_50_s),
                duration(c.time_to_90_s),
                format!("{}/{}/{}/{}", l.reshare, l.quote, l.reply, l.inferred()),
                counts_list(&c.languages, 3, " "),
                counts_list(&c.countries_mentioned, 4, " "),
            ]
        });
    }
    emit(args.format, &table, &serde_json::to_value(&answer)?)
}

fn print_counts(answer: &cascades::Answer, format: Format) -> Result<()> {
    let csv = format == Format::Csv;
    let mut table = if csv {
        Table::new([
            "id",
            "native_id",
            "author",
            "created_at",
            "reshares",
            "likes",
            "replies",
            "quotes",
            "engagement",
            "countries",
            "text",
        ])
    } else {
        Table::new(["post", "author", "date", "reshares", "likes", "replies", "countries", "text"])
    };
    for r in &answer.counts {
        table.push(if csv {
            vec![
                r.id.to_string(),
                r.native_id.clone().unwrap_or_default(),
                r.author.clone().unwrap_or_default(),
                r.created_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                r.reshares.map(|n| n.to_string()).unwrap_or_default(),
                r.likes.map(|n| n.to_string()).unwrap_or_default(),
                r.replies.map(|n| n.to_string()).unwrap_or_default(),
                r.quotes.map(|n| n.to_string()).unwrap_or_default(),
                r.engagement.to_string(),
                r.countries.join(";"),
                r.snippet.clone(),
            ]
        } else {
            vec![
                r.native_id.clone().unwrap_or_else(|| format!("#{}", r.id)),
                r.author.clone().unwrap_or_else(|| "-".to_owned()),
                day(r.created_at),
                opt(r.reshares),
                opt(r.likes),
                opt(r.replies),
                r.countries.join(" "),
                citra_analytics::snippet(&r.snippet, 50),
            ]
        });
    }
    emit(format, &table, &serde_json::to_value(answer)?)
}

/// Why fewer links were inferred than a user may expect: an author's reshares of their own
/// posts are skipped by design (`--infer` only).
fn own_note(answer: &cascades::Answer) -> String {
    if !answer.inferred_links {
        return String::new();
    }
    format!(
        "; {} posts not linked because they would link an author to themself (an `RT @user:` \
         post by that user, or a copy of their own earlier text: skipped by design, a \
         self-reshare is no spread)",
        answer.inferred_own_skipped
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duration010() {
        let rows = [
            (None, "-"),
            (Some(0), "0s"),
            (Some(59), "59s"),
            (Some(60), "1m"),
            (Some(3599), "59m"),
            (Some(5400), "1.5h"),
            (Some(86_400 * 3), "3.0d"),
        ];
        for (secs, want) in rows {
            assert_eq!(duration(secs), want, "{secs:?}");
        }
    }

    #[test]
    fn counts_list010() {
        let items = vec![("en".to_owned(), 5), ("es".to_owned(), 1), ("id".to_owned(), 1)];
        assert_eq!(counts_list(&items, 2, " "), "en 5, es 1, …");
        assert_eq!(counts_list(&items, 9, ":"), "en:5;es:1;id:1");
        assert_eq!(counts_list(&[], 3, " "), "");
    }
}
