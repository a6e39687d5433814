//! citra's report (`citra report`): one self-contained HTML file (inline CSS, charts as
//! inline SVG drawn here, no script, nothing fetched from elsewhere) with, per country, the image chart with its shocks,
//! what moved each shock, and the actor leaderboard; then the relations graph with its
//! cooperation/conflict split. In English or Bahasa Indonesia.
//!
//! It is a face of the query layer, like the CLI and the API, and reads the store only through
//! its answers: the series are `citra_query::image`'s, the change points are the answer
//! of `citra_query::shocks` (PELT, BIC, at least 5 mentions a bin), the evidence of each is that
//! of `citra explain --shock` (28 days from the change against the 28 before;
//! `citra_query::explain`), the actors and the relations graph come from `citra_query::actors`
//! and `citra_query::relations`; parameters and their errors are the query layer's.
#![deny(missing_docs)]

mod html;
mod i18n;
mod svg;

pub use i18n::Lang;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use citra_analytics::{
    ActorSort, ActorStats, IndexPoint, Period, RelationGraph, RelationOptions, Shock, ShockOptions,
    snippet,
};
use citra_mentions::{Country, Gazetteer};
use citra_pipeline::counting::{Authors, Counting, Voice, VoiceFilter};
use citra_query::params::Split;
use citra_query::{Params, QueryError, Range};
use citra_store::Store;
use html::{esc, marked_sentence, table};
use i18n::Labels;
use std::fmt::Write as _;
use std::sync::Arc;

/// Rows of each explain table.
const TOP_ROWS: usize = 5;
/// Actors in each leaderboard.
const TOP_ACTORS: usize = 10;
/// Countries drawn on the relations graph.
const GRAPH_NODES: usize = 14;
/// Edges in the relations table.
const TOP_EDGES: usize = 25;
/// `citra explain --shock`'s default window, in days.
const EXPLAIN_DAYS: i64 = 28;
/// `citra shocks`' default minimum volume per bin.
const MIN_MENTIONS: u64 = 5;

/// What one country's section shows.
struct CountrySection {
    country: &'static Country,
    /// The chart's period.
    period: Period,
    points: Vec<IndexPoint>,
    /// The foreign and the domestic voice's series.
    voices: Vec<(Voice, Vec<IndexPoint>)>,
    report: citra_query::shocks::Answer,
    /// The period of the change points.
    shock_period: Period,
    /// Shocks explained, with their number in the report (S1, S2, …).
    explained: Vec<(usize, Shock, Explained)>,
    actors: Vec<ActorStats>,
    /// Attacks on the country by other countries' officials and its answers
    /// (`citra rebuttals`).
    rebuttals: citra_query::reactions::RebuttalAnswer,
    /// The index by year with every post, without coordinated accounts and with each story
    /// once, and the clusters and stories about the country.
    honest: Honest,
}

/// Coordination and copies for one country (`citra image --exclude coordinated`,
/// `--dedupe story`, `citra coordination --country`, `citra stories --country`).
struct Honest {
    all: Vec<IndexPoint>,
    without: citra_query::image::Answer,
    once: citra_query::image::Answer,
    clusters: citra_query::coordination::Answer,
    stories: citra_query::stories::Answer,
}

/// Clusters and stories listed per country.
const TOP_COPIES: usize = 5;

/// The coordination network and the stories of the report's range (defaults of `citra
/// coordination` and `citra stories`), found once: they do not depend on the country.
struct Copies {
    network: citra_coordination::Network,
    posts: Vec<citra_model::Post>,
    stories: citra_stories::Stories,
}

/// Attacks listed per country.
const TOP_ATTACKS: usize = 8;

/// A change point explained: the answer of `citra explain --shock DATE`.
type Explained = citra_query::explain::Answer;

/// What a report shows.
#[derive(Debug, Clone)]
pub struct Options {
    /// The countries (codes or names in any supported language); empty: the store's
    /// [`DEFAULT_COUNTRIES`] most mentioned.
    pub countries: Vec<String>,
    /// `from`, `to` (days, both inclusive), `leaders` and `voice`, as the query layer reads them.
    pub params: Params,
    /// The author → country table (`--authors`), when given.
    pub authors: Option<Arc<Authors>>,
    /// The language of the page.
    pub lang: Lang,
    /// At most this many change points explained per country (the largest).
    pub max_shocks: usize,
    /// The store's name, shown on the page.
    pub store_name: String,
}

/// A written report.
#[derive(Debug, Clone)]
pub struct Report {
    /// The page.
    pub html: String,
    /// Countries it has a section for.
    pub countries: usize,
    /// True when the store has no dated mention in the range (the page says so).
    pub empty: bool,
}

/// Countries in the report when none is given: the store's most mentioned.
pub const DEFAULT_COUNTRIES: usize = 3;

/// Builds the report from the store.
pub fn build(store: &Store, opts: &Options) -> Result<Report, QueryError> {
    let lang = opts.lang;
    let mut asked: Vec<&'static Country> = Vec::new();
    for c in &opts.countries {
        let p = Params { country: Some(c.clone()), ..Params::default() };
        asked.push(p.country()?);
    }
    let range = opts.params.range()?;
    let counting = opts.params.counting(opts.authors.clone())?;
    let countries = if asked.is_empty() {
        // The store's most mentioned, as `GET /api/v1/countries` lists them.
        citra_query::countries::answer(store)?
            .countries
            .into_iter()
            .filter_map(|c| Gazetteer::shared().country_by_alpha3(&c.code))
            .take(DEFAULT_COUNTRIES)
            .collect()
    } else {
        let mut seen = Vec::new();
        for c in asked {
            if !seen.iter().any(|s: &&Country| s.alpha3 == c.alpha3) {
                seen.push(c);
            }
        }
        seen
    };

    // The relations graph as `citra relations` answers it.
    let relations = citra_query::relations::answer(
        store,
        &citra_query::relations::Request {
            range,
            options: RelationOptions { min_docs: 1, self_loops: false },
            nodes: citra_query::relations::Nodes::Country,
            counting: counting.clone(),
            coder: citra_query::relations::Coder::Citra,
        },
    )?;
    let empty = relations.mention_rows == 0;
    let graph = relations.graph;

    // The leaderboards as `citra actors --country` answers them, the posts read once.
    let req = citra_query::actors::Request {
        country: None,
        of: None,
        range,
        top: TOP_ACTORS,
        sort: ActorSort::Engagement,
        coordination: None,
    };
    let asked: Vec<_> = countries.iter().map(|&c| Some(c)).collect();
    let boards = citra_query::actors::answer_each(store, &req, &asked)?;
    let (posts, stories) =
        citra_query::stories::stories(store, range, &citra_stories::Options::default())?;
    let copies = Copies {
        network: citra_query::coordination::network(
            store,
            range,
            &citra_coordination::Options::default(),
        )?,
        posts,
        stories,
    };
    let mut sections = Vec::new();
    for (c, board) in countries.into_iter().zip(boards) {
        sections.push(section(store, opts, &counting, c, range, board.actors, &copies)?);
    }
    let html = render(lang, opts, &counting, &sections, &graph, empty);
    Ok(Report { html, countries: sections.len(), empty })
}

/// The period of the change points: days over a range of up to three months, else weeks (as
/// `citra shocks` by default).
fn shock_period(first: DateTime<Utc>, last: DateTime<Utc>) -> Period {
    if (last - first).num_days() <= 92 { Period::Day } else { Period::Week }
}

/// The period of a country's chart: the finest of day (ranges up to three months), week and
/// month with at most 400 periods and on average at least two posts a period; else the coarsest
/// with at least eight periods.
fn chart_period(first: DateTime<Utc>, last: DateTime<Utc>, docs: u64) -> Period {
    let span = (last - first).num_days().max(0) as f64;
    let periods = |p: Period| {
        span / match p {
            Period::Day => 1.0,
            Period::Week => 7.0,
            _ => 30.44,
        } + 1.0
    };
    let candidates: &[Period] = if span <= 92.0 {
        &[Period::Day, Period::Week, Period::Month]
    } else {
        &[Period::Week, Period::Month]
    };
    candidates
        .iter()
        .copied()
        .find(|&p| periods(p) <= 400.0 && docs as f64 / periods(p) >= 2.0)
        .or_else(|| candidates.iter().rev().copied().find(|&p| periods(p) >= 8.0))
        .unwrap_or(candidates[0])
}

fn day_start(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).map(|t| t.and_utc()).unwrap_or_default()
}

fn section(
    store: &Store,
    opts: &Options,
    counting: &Counting,
    country: &'static Country,
    range: Range,
    actors: Vec<ActorStats>,
    copies: &Copies,
) -> Result<CountrySection, QueryError> {
    let max_shocks = opts.max_shocks;
    // The series as `citra image` answers them: by day first, to choose the chart's period.
    let image = |period: Period, counting: &Counting, split: Option<Split>| {
        citra_query::image::answer(
            store,
            &citra_query::image::Request {
                country,
                range,
                period,
                theme: None,
                action: None,
                split,
                counting: counting.clone(),
                coder: citra_query::params::Coder::Citra,
                exclude: None,
                dedupe: None,
            },
        )
    };
    // By year three ways, as `citra image --by year` with `--exclude coordinated` and
    // `--dedupe story` answer them (their defaults).
    let found = citra_query::image::Found {
        network: Some(&copies.network),
        stories: Some(&copies.stories),
    };
    let by_year = |exclude, dedupe| {
        citra_query::image::answer_using(
            store,
            &citra_query::image::Request {
                country,
                range,
                period: Period::Year,
                theme: None,
                action: None,
                split: None,
                counting: counting.clone(),
                coder: citra_query::params::Coder::Citra,
                exclude,
                dedupe,
            },
            found,
        )
    };
    let honest = Honest {
        all: by_year(None, None)?.points,
        without: by_year(Some(citra_coordination::Options::default()), None)?,
        once: by_year(None, Some(citra_stories::Options::default()))?,
        clusters: citra_query::coordination::answer_from(
            &copies.network,
            &citra_query::coordination::Request {
                country: Some(country),
                range,
                options: citra_coordination::Options::default(),
                top: TOP_COPIES,
            },
        ),
        stories: citra_query::stories::answer_from(
            &copies.posts,
            &copies.stories,
            &citra_query::stories::Request {
                country: Some(country),
                range,
                options: citra_stories::Options::default(),
                top: TOP_COPIES,
            },
        ),
    };
    let daily = image(Period::Day, counting, None)?;
    let docs: u64 = daily.points.iter().map(|p| p.docs).sum();
    let (period, shock_period) = match (daily.points.first(), daily.points.last()) {
        (Some(a), Some(b)) => {
            let (a, b) = (day_start(a.period), day_start(b.period));
            (chart_period(a, b, docs), shock_period(a, b))
        }
        _ => (Period::Week, Period::Week),
    };
    let points =
        if period == Period::Day { daily.points } else { image(period, counting, None)?.points };
    // The foreign and domestic lines: the same rules, every voice, split by voice.
    let mut all_voices = counting.clone();
    all_voices.voice = VoiceFilter::All;
    let mut by_voice = image(period, &all_voices, Some(Split::Voice))?.voices.unwrap_or_default();
    let voices = [Voice::Foreign, Voice::Domestic]
        .map(|v| {
            let at = by_voice.iter().position(|x| x.voice == v.as_str());
            (v, at.map(|i| by_voice.swap_remove(i).points).unwrap_or_default())
        })
        .to_vec();
    // The change points as `citra shocks` answers them (its request, with the report's period).
    let shocks_req = citra_query::shocks::Request {
        country,
        range,
        options: ShockOptions {
            period: shock_period,
            min_mentions: MIN_MENTIONS,
            penalty: Default::default(),
        },
        top: None,
        counting: counting.clone(),
    };
    let report = citra_query::shocks::answer(store, &shocks_req)?;
    let shock_period = shocks_req.options.period;
    let mut chosen: Vec<Shock> = report.shocks.clone();
    chosen.sort_by(|a, b| b.size.abs().total_cmp(&a.size.abs()));
    chosen.truncate(max_shocks);
    chosen.sort_by_key(|s| s.date);
    let mut explained = Vec::new();
    for (i, s) in chosen.into_iter().enumerate() {
        // As `citra explain --shock DATE`: the window from the date, the baseline before it.
        let start = day_start(s.date);
        let window = (start, start + Duration::days(EXPLAIN_DAYS));
        let baseline = (start - Duration::days(EXPLAIN_DAYS), start);
        let req = citra_query::explain::Request {
            country,
            window,
            baseline,
            top: TOP_ROWS,
            counting: counting.clone(),
        };
        explained.push((i + 1, s, citra_query::explain::answer(store, &req)?));
    }
    // Attacks and answers as `citra rebuttals` answers them (its defaults).
    let rebuttals = citra_query::reactions::rebuttals(
        store,
        &citra_query::reactions::RebuttalRequest {
            country,
            range,
            within: Duration::hours(citra_analytics::DEFAULT_WITHIN_H),
            min_tone: citra_analytics::DEFAULT_MIN_TONE,
            baseline_days: citra_analytics::DEFAULT_BASELINE_DAYS,
            counting: counting.clone(),
            top: TOP_ATTACKS,
        },
    )?;
    Ok(CountrySection {
        country,
        period,
        points,
        voices,
        report,
        shock_period,
        explained,
        actors,
        rebuttals,
        honest,
    })
}

fn country_name(alpha3: &str, lang: Lang) -> String {
    Gazetteer::shared().country_by_alpha3(alpha3).map_or_else(
        || alpha3.to_owned(),
        |c| match lang {
            Lang::En => c.name_en.to_owned(),
            Lang::Id => c.name_id.to_owned(),
        },
    )
}

fn f2(x: f64) -> String {
    format!("{x:.2}")
}

fn pct(x: Option<f64>) -> String {
    x.map_or("–".into(), |s| format!("{:.0}%", 100.0 * s))
}

fn tone_cell(t: f64) -> String {
    let class = if t < -0.05 {
        "neg"
    } else if t > 0.05 {
        "pos"
    } else {
        ""
    };
    format!("<span class=\"{class}\">{}</span>", svg::fmt_signed(t))
}

fn render(
    lang: Lang,
    opts: &Options,
    counting: &Counting,
    sections: &[CountrySection],
    graph: &RelationGraph,
    empty: bool,
) -> String {
    let l = lang.labels();
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"citra {}\">\n<title>{}</title>\n<style>{}</style>\n\
         </head>\n<body>\n<main>\n<h1>{}</h1>\n",
        lang.code(),
        env!("CARGO_PKG_VERSION"),
        esc(l.title),
        html::CSS,
        esc(l.title)
    );
    let given = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    let range = match (given(&opts.params.from), given(&opts.params.to)) {
        (None, None) => l.all_data.to_owned(),
        (Some(f), None) => l.range_from.replace("{}", &f),
        (None, Some(t)) => l.range_until.replace("{}", &t),
        (Some(f), Some(t)) => format!("{f} … {t}"),
    };
    let file = &opts.store_name;
    let _ = writeln!(
        s,
        "<p class=\"meta\"><b>{}</b>: {} · <b>{}</b>: {} · <b>{}</b>: {} · <b>{}</b>: {} · \
         <b>{}</b>: --leaders {} --voice {}</p>",
        esc(l.store),
        esc(file),
        esc(l.range),
        esc(&range),
        esc(l.generated),
        Utc::now().format("%Y-%m-%d %H:%M UTC"),
        esc(l.version),
        env!("CARGO_PKG_VERSION"),
        esc(l.counted),
        counting.leaders.as_str(),
        counting.voice.as_str(),
    );
    let _ = writeln!(
        s,
        "<section class=\"howto\"><h2>{}</h2><p>{}</p></section>",
        esc(l.how_to_read),
        esc(l.how_to_read_text)
    );
    if empty {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", esc(l.empty_store));
    }
    // Contents.
    let _ = write!(s, "<nav><b>{}</b><ul>", esc(l.contents));
    for sec in sections {
        let _ = write!(
            s,
            "<li><a href=\"#c-{}\">{} {}</a></li>",
            esc(sec.country.alpha3),
            esc(l.image_of),
            esc(&country_name(sec.country.alpha3, lang))
        );
    }
    let _ = writeln!(s, "<li><a href=\"#relations\">{}</a></li></ul></nav>", esc(l.relations));

    for sec in sections {
        country_html(&mut s, sec, lang);
    }
    relations_html(&mut s, graph, lang);
    let _ = write!(
        s,
        "<footer>{} · citra {}</footer>\n</main>\n</body>\n</html>\n",
        esc(l.footer),
        env!("CARGO_PKG_VERSION")
    );
    s
}

fn country_html(s: &mut String, sec: &CountrySection, lang: Lang) {
    let l = lang.labels();
    let alpha3 = sec.country.alpha3;
    let name = country_name(alpha3, lang);
    let _ = write!(
        s,
        "<section id=\"c-{}\">\n<h2>{} {} ({})</h2>\n",
        esc(alpha3),
        esc(l.image_of),
        esc(&name),
        esc(alpha3)
    );
    if sec.points.is_empty() {
        let _ = write!(s, "<p class=\"note\">{}</p>\n</section>\n", esc(l.no_data));
        return;
    }
    let numbered: Vec<(usize, &Shock)> = sec.explained.iter().map(|(i, sh, _)| (*i, sh)).collect();
    let docs: u64 = sec.points.iter().map(|p| p.docs).sum();
    let mentions: u64 = sec.points.iter().map(|p| p.mentions).sum();
    let _ = writeln!(
        s,
        "<figure><div class=\"scroll\">{}</div><figcaption>{} ({}; {} {}, {} {})</figcaption></figure>",
        svg::image_chart(
            &name,
            sec.period,
            sec.shock_period,
            svg::Lines { index: &sec.points, voices: &sec.voices },
            &sec.report.segments,
            &numbered,
            l
        ),
        esc(l.chart_caption),
        esc(l.period_name(sec.period)),
        docs,
        esc(l.docs),
        mentions,
        esc(l.mentions)
    );
    let _ = writeln!(s, "<p class=\"note\">{}</p>", esc(l.counting_note));
    // Shocks.
    let _ = write!(
        s,
        "<h3>{}</h3>\n<p class=\"note\">{} ({})</p>\n",
        esc(l.shocks),
        esc(l.shocks_method),
        esc(l.period_name(sec.shock_period))
    );
    if sec.explained.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", esc(l.no_shocks));
    } else {
        let total = sec.report.shocks.len();
        if total > sec.explained.len() {
            let note = l
                .shocks_shown
                .replace("{shown}", &sec.explained.len().to_string())
                .replace("{total}", &total.to_string())
                .replace("{code}", sec.country.alpha3);
            let _ = writeln!(s, "<p class=\"note shocks-shown\">{}</p>", esc(&note));
        }
        let rows: Vec<Vec<String>> = sec
            .explained
            .iter()
            .map(|(i, sh, _)| {
                vec![
                    format!("<a href=\"#s-{}-{i}\">S{i}</a>", esc(alpha3)),
                    sh.date.to_string(),
                    f2(sh.before),
                    f2(sh.after),
                    tone_cell(sh.size),
                    format!("[{}, {}]", f2(sh.ci_low), f2(sh.ci_high)),
                    sh.docs_after.to_string(),
                    sh.mentions_after.to_string(),
                ]
            })
            .collect();
        s.push_str(&table(
            &["", l.date, l.before, l.after, l.change, l.ci95, l.docs_after, l.mentions],
            "ttnnnnnn",
            &rows,
        ));
    }
    for (i, sh, ex) in &sec.explained {
        explain_html(s, alpha3, *i, sh, ex, l);
    }
    // Leaderboard.
    let _ = write!(
        s,
        "<h3>{}</h3>\n<p class=\"note\">{}</p>\n",
        esc(l.leaderboard),
        esc(l.leaderboard_note)
    );
    if sec.actors.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", esc(l.no_actors));
    } else {
        let rows: Vec<Vec<String>> = sec
            .actors
            .iter()
            .map(|r| {
                let reg = r.registry.as_ref();
                let about = r.talks_about.iter().find(|t| t.country == alpha3);
                let actor = match reg {
                    Some(a) => {
                        format!(
                            "{}<br><span class=\"note\">@{}</span>",
                            esc(&a.name),
                            esc(&r.author)
                        )
                    }
                    None => format!("@{}", esc(&r.author)),
                };
                let top = r.top_post.as_ref().map(|t| {
                    let day =
                        t.created_at.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
                    format!(
                        "{} · {}<q>{}</q>",
                        esc(&day),
                        t.engagement,
                        esc(&snippet(&citra_normalize::for_display(&t.snippet), 120))
                    )
                });
                vec![
                    actor,
                    esc(reg.map_or("–", |a| a.country.as_str())),
                    r.posts.to_string(),
                    r.engagement.to_string(),
                    format!("{:.0}", r.engagement_per_post),
                    about.map_or("0".into(), |t| t.docs.to_string()),
                    about.map_or("–".into(), |t| tone_cell(t.tone)),
                    esc(&r
                        .languages
                        .iter()
                        .take(3)
                        .map(|(l, _)| l.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")),
                    top.unwrap_or_default(),
                ]
            })
            .collect();
        s.push_str(&table(
            &[
                l.actor,
                l.country,
                l.posts,
                l.engagement,
                l.per_post,
                l.about_country,
                l.tone_given,
                l.languages,
                l.top_post,
            ],
            "ttnnnnntw",
            &rows,
        ));
    }
    rebuttals_html(s, &sec.rebuttals, l);
    honest_html(s, &sec.honest, l);
    s.push_str("</section>\n");
}

/// Seconds as `3d 4h` over two days, else `7h 05m`.
fn spread_cell(s: i64) -> String {
    if s >= 2 * 86_400 {
        format!("{}d {}h", s / 86_400, s % 86_400 / 3600)
    } else {
        format!("{}h {:02}m", s / 3600, s % 3600 / 60)
    }
}

fn honest_html(s: &mut String, h: &Honest, l: &Labels) {
    let _ = write!(s, "<h3>{}</h3>\n<p class=\"note\">{}</p>\n", esc(l.honest), esc(l.honest_note));
    let cell = |p: Option<&IndexPoint>| {
        p.map_or_else(
            || "–".to_owned(),
            |p| format!("{} · {} [{}, {}]", p.docs, tone_cell(p.tone), f2(p.ci_low), f2(p.ci_high)),
        )
    };
    let find = |v: &[IndexPoint], d: NaiveDate| v.iter().find(|p| p.period == d).cloned();
    let rows: Vec<Vec<String>> = h
        .all
        .iter()
        .map(|p| {
            vec![
                p.period.format("%Y").to_string(),
                cell(Some(p)),
                cell(find(&h.without.points, p.period).as_ref()),
                cell(find(&h.once.points, p.period).as_ref()),
            ]
        })
        .collect();
    let head = format!("{} ({} · {})", l.counted_as, l.docs, l.tone);
    s.push_str(&table(
        &[l.year, &format!("{}: {head}", l.all_posts), l.without_coordinated, l.each_story_once],
        "tnnn",
        &rows,
    ));
    let left = |what: &str, docs: usize, mentions: usize| {
        format!(
            "<p>{}: {} — {docs} {}, {mentions} {}</p>\n",
            esc(l.left_out),
            esc(what),
            esc(l.docs),
            esc(l.mentions)
        )
    };
    if let Some(x) = &h.without.excluded {
        s.push_str(&left(l.without_coordinated, x.docs, x.mentions));
    }
    if let Some(x) = &h.once.deduped {
        s.push_str(&left(l.each_story_once, x.docs, x.mentions));
    }
    if h.clusters.clusters.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", esc(l.no_clusters));
    } else {
        let rows: Vec<Vec<String>> = h
            .clusters
            .clusters
            .iter()
            .map(|c| {
                let c = &c.cluster;
                let names: Vec<&str> =
                    c.accounts.iter().take(6).map(|a| a.account.as_str()).collect();
                let example = c.objects.first().map(|o| o.example.as_str()).unwrap_or_default();
                vec![
                    c.id.to_string(),
                    format!("{} / {:.1}", c.gaps.min_s, c.gaps.median_s),
                    format!("{} · {}", c.accounts.len(), esc(&names.join(", "))),
                    format!(
                        "<q>{}</q>",
                        esc(&snippet(&citra_normalize::for_display(example), 120))
                    ),
                ]
            })
            .collect();
        s.push_str(&table(&[l.cluster, l.seconds_apart, l.accounts, l.example], "nntw", &rows));
    }
    if h.stories.stories.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", esc(l.no_stories));
    } else {
        let rows: Vec<Vec<String>> = h
            .stories
            .stories
            .iter()
            .map(|st| {
                let first = st.posts.first().and_then(|p| p.author.as_deref()).unwrap_or("?");
                vec![
                    st.id.to_string(),
                    st.copies.to_string(),
                    esc(&format!("@{first}")),
                    st.first.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default(),
                    spread_cell(st.spread_s),
                    format!(
                        "<q>{}</q>",
                        esc(&snippet(&citra_normalize::for_display(&st.text), 120))
                    ),
                ]
            })
            .collect();
        s.push_str(&table(
            &[l.story, l.copies, l.first_poster, l.date, l.spread, l.example],
            "nnttnw",
            &rows,
        ));
    }
}

fn level_cell(lv: &citra_analytics::Level) -> String {
    lv.index.as_ref().map_or_else(
        || "–".to_owned(),
        |p| format!("{} [{}, {}]", tone_cell(p.tone), f2(p.ci_low), f2(p.ci_high)),
    )
}

fn rebuttals_html(s: &mut String, r: &citra_query::reactions::RebuttalAnswer, l: &Labels) {
    let _ = write!(
        s,
        "<h3>{}</h3>\n<p class=\"note\">{}</p>\n",
        esc(l.rebuttals),
        esc(l.rebuttals_note)
    );
    if r.attacks.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", esc(l.no_attacks));
        return;
    }
    let who = |p: &citra_analytics::ReactionPost| {
        esc(&match (&p.official, &p.author) {
            (Some(o), _) => format!("{} ({})", o.name, o.country),
            (None, Some(a)) => format!("@{a}"),
            (None, None) => "?".to_owned(),
        })
    };
    let rows: Vec<Vec<String>> = r
        .attacks
        .iter()
        .map(|a| {
            let first = a.rebuttals.first();
            let recovered = match (first, a.recovery.recovered) {
                (None, _) => l.unanswered,
                (Some(_), citra_analytics::Recovered::Yes) => l.yes_no_unclear[0],
                (Some(_), citra_analytics::Recovered::No) => l.yes_no_unclear[1],
                (Some(_), citra_analytics::Recovered::Unclear) => l.yes_no_unclear[2],
            };
            vec![
                esc(&a.act.time.format("%Y-%m-%d %H:%M").to_string()),
                format!(
                    "{}<q>{}</q>",
                    who(&a.act),
                    esc(&snippet(&citra_normalize::for_display(&a.act.text), 120))
                ),
                first.map_or_else(|| "–".to_owned(), |x| who(&x.post)),
                a.first_delay_s.map_or_else(
                    || "–".to_owned(),
                    |d| format!("{}h {:02}m", d / 3600, d % 3600 / 60),
                ),
                level_cell(&a.recovery.before),
                level_cell(&a.recovery.low),
                level_cell(&a.recovery.after),
                esc(recovered),
            ]
        })
        .collect();
    s.push_str(&table(
        &[l.date, l.attacked_by, l.first_answer, l.delay, l.before, l.low, l.after, l.recovered],
        "twttnnnt",
        &rows,
    ));
}

fn explain_html(s: &mut String, alpha3: &str, i: usize, sh: &Shock, ex: &Explained, l: &Labels) {
    let a = ex;
    let _ = writeln!(
        s,
        "<h4 id=\"s-{}-{i}\">S{i} · {} · {}: {} {} ({} … {}, {} {}) → {} {} ({} … {}, {} {}) · {} {}</h4>",
        esc(alpha3),
        sh.date,
        esc(l.what_moved),
        esc(l.baseline),
        if a.baseline_docs == 0 { "–".into() } else { f2(a.baseline_index) },
        ex.baseline.from,
        ex.baseline.to,
        a.baseline_docs,
        esc(l.docs),
        esc(l.window),
        a.window_index.map_or("–".into(), f2),
        ex.window.from,
        ex.window.to,
        a.window_docs,
        esc(l.docs),
        esc(l.change),
        a.change.map_or("–".into(), svg::fmt_signed),
    );
    let unknown = || esc(l.unknown);
    let rows: Vec<Vec<String>> = a
        .actors
        .iter()
        .take(TOP_ROWS)
        .map(|c| {
            vec![
                c.author.as_deref().map_or_else(unknown, |x| format!("@{}", esc(x))),
                c.posts.to_string(),
                pct(c.share),
                format!("{:.1}", c.reach),
                c.engagement.to_string(),
                tone_cell(c.tone),
            ]
        })
        .collect();
    if !rows.is_empty() {
        let _ = write!(s, "<p class=\"note\">{}</p>", esc(l.top_actors));
        s.push_str(&table(
            &[l.actor, l.posts, l.share, l.reach, l.engagement, l.tone],
            "tnnnnn",
            &rows,
        ));
    }
    let rows: Vec<Vec<String>> = a
        .posts
        .iter()
        .take(TOP_ROWS)
        .map(|x| {
            let p = &x.post;
            let sentence = strongest(&x.evidence)
                .map(|m| {
                    let mention = (m.byte_start, m.byte_end);
                    let sp = match (m.sentence_byte_start, m.sentence_byte_end) {
                        (Some(a), Some(b)) => (a, b),
                        _ => mention,
                    };
                    marked_sentence(&x.text, sp, mention)
                })
                .unwrap_or_default();
            let url = x
                .url
                .as_deref()
                .map(|u| format!("<code class=\"url\">{}</code>", esc(u)))
                .unwrap_or_default();
            vec![
                p.time.format("%Y-%m-%d").to_string(),
                p.author.as_deref().map_or_else(unknown, |x| format!("@{}", esc(x))),
                pct(p.share),
                tone_cell(p.tone),
                format!("{:.1}", p.weight),
                p.engagement.to_string(),
                format!("<q>{sentence}</q>{url}"),
            ]
        })
        .collect();
    if !rows.is_empty() {
        let _ = write!(s, "<p class=\"note\">{}</p>", esc(l.top_posts));
        s.push_str(&table(
            &[l.date, l.actor, l.share, l.tone, l.reach, l.engagement, l.sentence],
            "ttnnnnw",
            &rows,
        ));
    }
    let shown = a.actors.iter().take(TOP_ROWS).map(|c| c.share);
    let shown = shown.chain(a.posts.iter().take(TOP_ROWS).map(|p| p.post.share));
    if shown.flatten().any(|x| !(0.0..=1.0).contains(&x)) {
        let _ = writeln!(s, "<p class=\"note share-note\">{}</p>", esc(l.share_note));
    }
}

/// The mention that carries the post's tone most: the largest |tone|, first in the text on ties.
fn strongest(ev: &[citra_query::explain::Evidence]) -> Option<&citra_query::explain::Evidence> {
    ev.iter().filter(|e| e.tone.is_some()).max_by(|a, b| {
        let score = |e: &citra_query::explain::Evidence| e.tone.map_or(0.0, |t| t.score.abs());
        score(a).total_cmp(&score(b)).then(b.byte_start.cmp(&a.byte_start))
    })
}

fn relations_html(s: &mut String, g: &RelationGraph, lang: Lang) {
    let l = lang.labels();
    let _ = write!(
        s,
        "<section id=\"relations\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n",
        esc(l.relations),
        esc(l.relations_note)
    );
    let edges: Vec<_> = g.edges.iter().filter(|e| e.source != e.target).collect();
    if edges.is_empty() {
        let _ = write!(s, "<p>{}</p>\n</section>\n", esc(l.no_relations));
        return;
    }
    let _ = writeln!(
        s,
        "<figure><div class=\"scroll\">{}</div></figure>",
        svg::relations_graph(&g.edges, |id| country_name(id, lang), GRAPH_NODES, l)
    );
    // Legend of the quad bar.
    s.push_str("<p class=\"note\">");
    for (name, colour) in [l.verbal_coop, l.material_coop, l.verbal_conflict, l.material_conflict]
        .iter()
        .zip(svg::QUAD_COLOURS)
    {
        let _ = write!(
            s,
            "<span style=\"display:inline-block;width:0.9em;height:0.9em;background:{colour};\
             vertical-align:middle;margin:0 0.25em 0 0.6em\"></span>{}",
            esc(name)
        );
    }
    s.push_str("</p>\n");
    let rows: Vec<Vec<String>> = edges
        .iter()
        .take(TOP_EDGES)
        .map(|e| {
            vec![
                esc(&e.source),
                esc(&e.target),
                e.docs.to_string(),
                tone_cell(e.tone),
                e.verbal_coop.to_string(),
                e.material_coop.to_string(),
                e.verbal_conflict.to_string(),
                e.material_conflict.to_string(),
                e.goldstein.map_or("–".into(), |g| format!("{g:+.1}")),
                svg::quad_bar(e),
            ]
        })
        .collect();
    s.push_str(&table(
        &[
            l.source,
            l.target,
            l.docs,
            l.tone,
            l.verbal_coop,
            l.material_coop,
            l.verbal_conflict,
            l.material_conflict,
            l.goldstein,
            l.coop_conflict,
        ],
        "ttnnnnnnnt",
        &rows,
    ));
    s.push_str("</section>\n");
}
