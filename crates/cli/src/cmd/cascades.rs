//! `citra cascades`: diffusion cascades from reshare, quote and reply ids, or reach from counts
//! where the store has no such ids.

use crate::args::{CascadesArgs, Format};
use crate::output::{Table, emit, fixed};
use anyhow::Result;
use citra_analytics::{
    Cascade, CascadeOptions, CountReach, Post, build_cascades, reach_from_counts,
};
use citra_store::PostQuery;
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
    let country = args.country.as_deref().map(super::resolve_country).transpose()?;
    let (from, to) = super::parse_range(args.from.as_deref(), args.to.as_deref())?;
    let store = super::open_existing_store(db)?;
    let ids = store.link_id_counts()?;
    let posts: Vec<Post> = store.posts(&PostQuery { from, to, with_text: true })?;
    let actor = args.actor.as_deref().map(|a| a.trim().trim_start_matches('@').to_lowercase());
    let keep = |author: Option<&str>, countries: &[String]| {
        actor.as_ref().is_none_or(|a| author.is_some_and(|x| x.to_lowercase() == *a))
            && country.is_none_or(|c| countries.iter().any(|x| x.eq_ignore_ascii_case(c.alpha3)))
    };
    let scope = match (country, &actor) {
        (None, None) => String::new(),
        (c, a) => {
            let mut s = String::from(" (");
            if let Some(c) = c {
                s.push_str(&format!("root mentions {}", c.alpha3));
            }
            if let Some(a) = a {
                s.push_str(&format!("{}root by @{a}", if c.is_some() { ", " } else { "" }));
            }
            s.push(')');
            s
        }
    };
    if posts.is_empty() {
        eprintln!("no posts in {} for this range", db.display());
    }

    let has_ids = ids.reshare_of + ids.quote_of + ids.reply_to > 0;
    if !has_ids && !args.infer {
        if !posts.is_empty() {
            eprintln!(
                "this store has no reshare ids (nor quote or reply ids): reach from counts, as the \
             platform counted reshares, likes and replies, for the top posts{scope}. Pass --infer \
             to link `RT @user:` posts and identical texts to their originals (marked inferred)."
            );
        }
        let mut rows = reach_from_counts(&posts, usize::MAX);
        rows.retain(|r| keep(r.author.as_deref(), &r.countries));
        rows.truncate(args.top);
        if posts.iter().all(|p| p.engagement == citra_model::Engagement::default())
            && !posts.is_empty()
        {
            eprintln!("these posts carry no engagement counts either: nothing to rank");
        }
        return print_counts(&rows, args.format);
    }

    let set = build_cascades(&posts, CascadeOptions { infer: args.infer, min_size: args.min_size });
    let mut cascades: Vec<&Cascade> =
        set.cascades.iter().filter(|c| keep(c.author.as_deref(), &c.root_countries)).collect();
    let total = cascades.len();
    cascades.truncate(args.top);
    if args.format == Format::Table && !posts.is_empty() {
        eprintln!(
            "{} posts; links: {} reshare, {} quote, {} reply, {} inferred ({} from `RT @user:` \
             posts, {} from identical texts{}); {} links to posts not \
             in the store (those posts are roots), {} cycles broken; {} cascades of {}+ posts{}, \
             showing {}. Countries are those the cascade's posts mention: the data has no \
             audience location.",
            set.posts,
            set.links.reshare,
            set.links.quote,
            set.links.reply,
            set.links.inferred(),
            set.links.inferred_retweet,
            set.links.inferred_copy,
            own_note(&set, args.infer),
            set.missing_parents,
            set.cycles_broken,
            total,
            args.min_size.max(1),
            scope,
            cascades.len()
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
    for c in &cascades {
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
    let json = serde_json::json!({
        "mode": "cascades",
        "inferred_links": args.infer,
        "posts": set.posts,
        "links": set.links,
        "missing_parents": set.missing_parents,
        "cycles_broken": set.cycles_broken,
        "inferred_own_skipped": set.inferred_own_skipped,
        "matching": total,
        "note": "countries_mentioned are the countries the cascade's posts mention; the data has \
                 no audience location",
        "cascades": cascades,
    });
    emit(args.format, &table, &json)
}

fn print_counts(rows: &[CountReach], format: Format) -> Result<()> {
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
    for r in rows {
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
    let json = serde_json::json!({
        "mode": "reach_from_counts",
        "note": "this store has no reshare ids: reach from counts",
        "posts": rows,
    });
    emit(format, &table, &json)
}

/// Why fewer links were inferred than a user may expect: an author's reshares of their own
/// posts are skipped by design (`--infer` only).
fn own_note(set: &citra_analytics::CascadeSet, infer: bool) -> String {
    if !infer {
        return String::new();
    }
    format!(
        "; {} posts not linked because they would link an author to themself (an `RT @user:` \
         post by that user, or a copy of their own earlier text: skipped by design, a \
         self-reshare is no spread)",
        set.inferred_own_skipped
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
