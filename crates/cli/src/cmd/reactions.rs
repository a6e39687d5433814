//! `citra reactions` and `citra rebuttals`: other countries' officials answering a post with
//! reach, and whether an attacked country's index recovered (see `citra_query::reactions`).

use crate::args::{Format, ReactionsArgs, RebuttalsArgs};
use crate::output::{Table, delay, emit, fixed};
use anyhow::Result;
use citra_analytics::{Level, Reaction, ReactionPost, snippet};
use citra_query::{Params, reactions};
use std::path::Path;

/// A day as `--to` takes it with `--actor`: `YYYY-MM-DD`.
fn is_day(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").is_ok()
}

pub(crate) fn run(db: &Path, args: ReactionsArgs) -> Result<()> {
    // `--to` is the act's id, or with --actor (or when it reads as a day) the last day.
    let (post, to) = match (&args.post, &args.to, &args.actor) {
        (Some(p), to, _) => (Some(p.clone()), to.clone()),
        (None, Some(t), None) if !is_day(t) => (Some(t.clone()), None),
        (None, to, _) => (None, to.clone()),
    };
    let p = Params {
        post,
        actor: args.actor.clone(),
        from: args.from.clone(),
        to,
        within: Some(args.within.clone()),
        min_tone: Some(args.min_tone.to_string()),
        top: Some(args.top.to_string()),
        ..Params::default()
    };
    let req = super::q(reactions::Request::from_params(&p))?;
    let store = super::open_existing_store(db)?;
    let answer = super::q(reactions::answer(&store, &req))?;
    if args.format == Format::Table {
        eprintln!(
            "{} act{} ({} answered) within {} h; {} posts read",
            answer.acts_total,
            if answer.acts_total == 1 { "" } else { "s" },
            answer.acts_answered,
            fixed(answer.within_h, 1),
            answer.posts_read
        );
        for a in &answer.acts {
            eprintln!(
                "act {} by {} at {}: targets {}, attacks {}, engagement {}: {}",
                post_id(&a.act),
                who(&a.act),
                a.act.time.format("%Y-%m-%d %H:%M:%S UTC"),
                list(&a.targets),
                list(&a.attacked),
                a.act.engagement,
                a.act.text
            );
        }
    }
    let mut table = Table::new([
        "act",
        "act_time",
        "answer",
        "answer_time",
        "delay",
        "country",
        "official",
        "how",
        "tone",
        "actions",
        "reach_ratio",
        "rebuttal",
        "text",
    ]);
    for a in &answer.acts {
        for r in &a.reactions {
            table.push(reaction_row(&a.act, r, args.format));
        }
    }
    emit(args.format, &table, &serde_json::to_value(&answer)?)
}

fn reaction_row(act: &ReactionPost, r: &Reaction, format: Format) -> Vec<String> {
    let csv = format == Format::Csv;
    vec![
        post_id(act),
        act.time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        post_id(&r.post),
        r.post.time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        if csv { r.delay_s.to_string() } else { delay(r.delay_s) },
        r.country.clone(),
        who(&r.post),
        r.how.iter().map(|h| h.as_str()).collect::<Vec<_>>().join(","),
        r.about
            .iter()
            .map(|a| match a.tone {
                Some(t) => format!("{} {}", a.country, fixed(t, 2)),
                None => format!("{} -", a.country),
            })
            .collect::<Vec<_>>()
            .join(", "),
        r.post
            .actions
            .iter()
            .filter(|e| !e.negated)
            .map(|e| format!("{}→{} {} {}", e.source, e.target, e.code, e.quad))
            .collect::<Vec<_>>()
            .join("; "),
        r.reach_ratio.map_or_else(|| "-".to_owned(), |x| fixed(x, 3)),
        if r.rebuttal { "yes" } else { "no" }.to_owned(),
        if csv { r.post.text.clone() } else { snippet(&r.post.text, 80) },
    ]
}

fn post_id(p: &ReactionPost) -> String {
    match &p.native_id {
        Some(n) => format!("{}:{n}", p.platform),
        None => format!("#{}", p.id),
    }
}

fn who(p: &ReactionPost) -> String {
    let handle = p.author.as_deref().unwrap_or("?");
    match &p.official {
        Some(o) if o.role == "-" => format!("@{handle} ({}, {})", o.name, o.country),
        Some(o) => format!("@{handle} ({}, {} {})", o.name, o.country, o.role),
        None => format!("@{handle}"),
    }
}

fn list(v: &[String]) -> String {
    if v.is_empty() { "none".to_owned() } else { v.join(",") }
}

fn level(l: &Level) -> String {
    match &l.index {
        Some(p) => format!(
            "{} [{}, {}] n={}",
            fixed(p.tone, 3),
            fixed(p.ci_low, 3),
            fixed(p.ci_high, 3),
            p.docs
        ),
        None => "no posts".to_owned(),
    }
}

pub(crate) fn run_rebuttals(db: &Path, args: RebuttalsArgs) -> Result<()> {
    let mut p = Params {
        country: Some(args.country.clone()),
        from: args.from.clone(),
        to: args.to.clone(),
        within: Some(args.within.clone()),
        min_tone: Some(args.min_tone.to_string()),
        baseline_days: Some(args.baseline_days.to_string()),
        top: Some(args.top.to_string()),
        ..Params::default()
    };
    super::count_params(&args.count, &mut p);
    let req = super::q(reactions::RebuttalRequest::from_params(&p, super::authors(&args.count)?))?;
    let store = super::open_existing_store(db)?;
    let answer = super::q(reactions::rebuttals(&store, &req))?;
    if args.format == Format::Table {
        eprintln!("{}", req.counting.describe(&answer.tally));
        eprintln!(
            "{} attack{} on {} ({}) by other countries' officials, {} answered by its officials \
             within {} h; recovered after the answer: {}",
            answer.attacks_total,
            if answer.attacks_total == 1 { "" } else { "s" },
            answer.name,
            answer.country,
            answer.answered,
            fixed(answer.within_h, 1),
            if answer.recovered.is_empty() {
                "-".to_owned()
            } else {
                answer
                    .recovered
                    .iter()
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
    }
    let csv = args.format == Format::Csv;
    let mut table = Table::new([
        "attack",
        "attack_time",
        "by",
        "first_answer",
        "delay",
        "answers",
        "before",
        "low",
        "low_day",
        "after",
        "change",
        "recovered",
        "text",
    ]);
    for a in &answer.attacks {
        let first = a.rebuttals.first();
        table.push(vec![
            post_id(&a.act),
            a.act.time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            who(&a.act),
            first.map_or_else(|| "-".to_owned(), |r| post_id(&r.post)),
            a.first_delay_s
                .map_or_else(|| "-".to_owned(), |s| if csv { s.to_string() } else { delay(s) }),
            a.rebuttals.len().to_string(),
            level(&a.recovery.before),
            level(&a.recovery.low),
            a.recovery.low.from.to_string(),
            level(&a.recovery.after),
            a.recovery.change.map_or_else(|| "-".to_owned(), |c| fixed(c, 3)),
            if first.is_some() { a.recovery.recovered.as_str() } else { "unanswered" }.to_owned(),
            if csv { a.act.text.clone() } else { snippet(&a.act.text, 60) },
        ]);
    }
    emit(args.format, &table, &serde_json::to_value(&answer)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_read_as_people_write_them() {
        for (s, want) in [
            (0, "0m 00s"),
            (59, "0m 59s"),
            (28_327, "7h 52m 07s"),
            (86_400 + 3600 * 3 + 60 * 5, "1d 3h 05m"),
        ] {
            assert_eq!(delay(s), want);
        }
    }

    #[test]
    fn to_is_a_day_or_a_post() {
        assert!(is_day("2017-12-06"));
        assert!(!is_day("938517073508163584"));
        assert!(!is_day("twitter:938517073508163584"));
    }
}
