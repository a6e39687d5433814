//! The exported tables: their columns (documented one by one in `docs/EXPORT.md`) and the
//! conversion of each source row (the store's export rows, the analytics' index points, edges
//! and change points) into values in column order.

use crate::{Column, Table, Type, Value};
use chrono::NaiveDate;
use citra_analytics::{Edge, IndexPoint, Shock, doc_weight};
use citra_mentions::Gazetteer;
use citra_store::export::{EventExport, MentionExport, PostExport};

const fn req(name: &'static str, ty: Type) -> Column {
    Column { name, ty, nullable: false }
}

const fn opt(name: &'static str, ty: Type) -> Column {
    Column { name, ty, nullable: true }
}

use Type::{Bool, Date, Float64 as F64, Int64 as I64, Str, Timestamp as Ts};

/// `posts`: one row per stored post or article.
pub static POSTS: Table = Table {
    name: "posts",
    columns: &[
        req("doc_key", Str),
        opt("native_id", Str),
        req("platform", Str),
        opt("author", Str),
        opt("author_name", Str),
        opt("author_followers", I64),
        opt("created_at", Ts),
        opt("day", Date),
        req("lang", Str),
        req("lang_conf", F64),
        opt("title", Str),
        req("text", Str),
        opt("url", Str),
        opt("canonical_url", Str),
        opt("reshares", I64),
        opt("likes", I64),
        opt("replies", I64),
        opt("quotes", I64),
        req("engagement", I64),
        req("weight", F64),
        opt("reply_to", Str),
        opt("reshare_of", Str),
        opt("quote_of", Str),
        opt("tone_score", F64),
        opt("tone_label", Str),
        req("source_path", Str),
        req("source_line", I64),
    ],
};

/// `mentions`: one row per country or actor mention, with its span and tone.
pub static MENTIONS: Table = Table {
    name: "mentions",
    columns: &[
        req("mention_id", I64),
        req("doc_key", Str),
        opt("created_at", Ts),
        opt("day", Date),
        req("country", Str),
        opt("actor", Str),
        req("kind", Str),
        req("surface", Str),
        req("byte_start", I64),
        req("byte_end", I64),
        opt("char_start", I64),
        opt("char_end", I64),
        req("confidence", F64),
        opt("tone_score", F64),
        opt("tone_label", Str),
        opt("themes", Str),
    ],
};

/// `events`: one row per coded action.
pub static EVENTS: Table = Table {
    name: "events",
    columns: &[
        req("event_id", I64),
        req("doc_key", Str),
        opt("created_at", Ts),
        opt("day", Date),
        req("source", Str),
        opt("source_country", Str),
        req("target", Str),
        opt("target_country", Str),
        req("cameo_code", Str),
        req("cameo_root", I64),
        req("quad_class", I64),
        req("quad", Str),
        opt("plover_event_type", Str),
        req("goldstein", F64),
        req("negated", Bool),
        req("sentence_start", I64),
        req("sentence_end", I64),
        req("trigger_start", I64),
        req("trigger_end", I64),
        opt("sentence", Str),
        opt("mention_id", I64),
        opt("themes", Str),
        opt("url", Str),
    ],
};

/// `image`: the citra index per country and day (the columns of `citra image --format csv`).
pub static IMAGE: Table = Table {
    name: "image",
    columns: &[
        req("country", Str),
        req("period", Date),
        req("mentions", I64),
        req("docs", I64),
        req("reach", F64),
        req("tone", F64),
        req("ci_low", F64),
        req("ci_high", F64),
        req("positive", F64),
        req("negative", F64),
        req("net_favourability", F64),
    ],
};

/// `relations`: the directed country → country series, one row per (day, source, target).
pub static RELATIONS: Table = Table {
    name: "relations",
    columns: &[
        req("date", Date),
        req("source", Str),
        req("target", Str),
        req("docs", I64),
        req("mentions", I64),
        req("reach", F64),
        req("tone", F64),
        req("ci_low", F64),
        req("ci_high", F64),
        req("positive", F64),
        req("negative", F64),
        req("verbal_coop", I64),
        req("material_coop", I64),
        req("verbal_conflict", I64),
        req("material_conflict", I64),
        opt("goldstein", F64),
    ],
};

/// `shocks`: the change points of each country's index (`citra shocks`' defaults).
pub static SHOCKS: Table = Table {
    name: "shocks",
    columns: &[
        req("country", Str),
        req("period", Str),
        req("date", Date),
        req("last_before", Date),
        req("before", F64),
        req("after", F64),
        req("size", F64),
        req("ci_low", F64),
        req("ci_high", F64),
        req("docs_before", I64),
        req("docs_after", I64),
        req("mentions_before", I64),
        req("mentions_after", I64),
        req("score", F64),
        req("p_value", F64),
    ],
};

/// Every table of the `csv`/`jsonl`/`parquet` formats, by name.
pub static ALL: [&Table; 6] = [&POSTS, &MENTIONS, &EVENTS, &IMAGE, &RELATIONS, &SHOCKS];

fn int(v: u64) -> Value {
    Value::Int(i64::try_from(v).unwrap_or(i64::MAX))
}

/// A post's row of [`POSTS`].
pub fn post(p: &PostExport) -> Vec<Value> {
    vec![
        Value::Str(p.doc_key.clone()),
        Value::str_opt(p.native_id.as_deref()),
        Value::Str(p.platform.clone()),
        Value::str_opt(p.author.as_deref()),
        Value::str_opt(p.author_name.as_deref()),
        Value::opt(p.author_followers, Value::Int),
        Value::opt(p.created_at, Value::Time),
        Value::opt(p.created_at, |t| Value::Date(t.date_naive())),
        Value::Str(p.lang.clone()),
        Value::Float(p.lang_conf),
        Value::str_opt(p.title.as_deref()),
        Value::Str(p.text.clone()),
        Value::str_opt(p.url.as_deref()),
        Value::str_opt(p.canonical_url.as_deref()),
        Value::opt(p.reshares, Value::Int),
        Value::opt(p.likes, Value::Int),
        Value::opt(p.replies, Value::Int),
        Value::opt(p.quotes, Value::Int),
        Value::Int(p.engagement),
        Value::Float(doc_weight(u64::try_from(p.engagement).unwrap_or(0))),
        Value::str_opt(p.reply_to.as_deref()),
        Value::str_opt(p.reshare_of.as_deref()),
        Value::str_opt(p.quote_of.as_deref()),
        Value::opt(p.tone_score, Value::Float),
        Value::str_opt(p.tone_label.as_deref()),
        Value::Str(p.source_path.clone()),
        Value::Int(p.source_line),
    ]
}

/// A mention's row of [`MENTIONS`].
pub fn mention(m: &MentionExport) -> Vec<Value> {
    vec![
        Value::Int(m.mention_id),
        Value::Str(m.doc_key.clone()),
        Value::opt(m.created_at, Value::Time),
        Value::opt(m.created_at, |t| Value::Date(t.date_naive())),
        Value::Str(m.country.clone()),
        Value::str_opt(m.actor.as_deref()),
        Value::Str(m.kind.clone()),
        Value::Str(m.surface.clone()),
        Value::Int(m.byte_start),
        Value::Int(m.byte_end),
        Value::opt(m.char_start, Value::Int),
        Value::opt(m.char_end, Value::Int),
        Value::Float(m.confidence),
        Value::opt(m.tone_score, Value::Float),
        Value::str_opt(m.tone_label.as_deref()),
        Value::str_opt(m.themes.as_deref()),
    ]
}

/// The ISO 3166-1 alpha-3 country of an actor code: the code itself when it is a country, else
/// its first three letters when they are one (CAMEO actor codes start with the country:
/// `USAGOV`); `None` for `---`, `IGO` and other codes without a country.
pub fn country_of(code: &str) -> Option<&'static str> {
    let code = code.trim();
    let gaz = Gazetteer::shared();
    let head = code.get(..3)?;
    gaz.country_by_alpha3(head).map(|c| c.alpha3)
}

/// The CAMEO quad class as a number, as ICEWS and GDELT write it: 1 verbal cooperation,
/// 2 material cooperation, 3 verbal conflict, 4 material conflict (0 for an unknown name).
pub fn quad_class(quad: &str) -> i64 {
    match quad {
        "verbal_coop" => 1,
        "material_coop" => 2,
        "verbal_conflict" => 3,
        "material_conflict" => 4,
        _ => 0,
    }
}

/// An event's row of [`EVENTS`].
pub fn event(e: &EventExport) -> Vec<Value> {
    let root = u8::try_from(e.root).unwrap_or(0);
    vec![
        Value::Int(e.event_id),
        Value::Str(e.doc_key.clone()),
        Value::opt(e.created_at, Value::Time),
        Value::opt(e.created_at, |t| Value::Date(t.date_naive())),
        Value::Str(e.source.clone()),
        Value::str_opt(country_of(&e.source)),
        Value::Str(e.target.clone()),
        Value::str_opt(country_of(&e.target)),
        Value::Str(e.code.clone()),
        Value::Int(e.root),
        Value::Int(quad_class(&e.quad)),
        Value::Str(e.quad.clone()),
        Value::str_opt(crate::plover::event_type(&e.code, root)),
        Value::Float(e.goldstein),
        Value::Bool(e.negated),
        Value::Int(e.sentence_start),
        Value::Int(e.sentence_end),
        Value::Int(e.trigger_start),
        Value::Int(e.trigger_end),
        Value::str_opt(e.sentence.as_deref()),
        Value::opt(e.mention_id, Value::Int),
        Value::str_opt(e.themes.as_deref()),
        Value::str_opt(e.url.as_deref()),
    ]
}

/// A point of a country's index, as a row of [`IMAGE`].
pub fn image(country: &str, p: &IndexPoint) -> Vec<Value> {
    vec![
        Value::Str(country.to_owned()),
        Value::Date(p.period),
        int(p.mentions),
        int(p.docs),
        Value::Float(p.reach),
        Value::Float(p.tone),
        Value::Float(p.ci_low),
        Value::Float(p.ci_high),
        Value::Float(p.positive),
        Value::Float(p.negative),
        Value::Float(p.net_favourability),
    ]
}

/// An edge of one day's relations graph, as a row of [`RELATIONS`].
pub fn relation(date: NaiveDate, e: &Edge) -> Vec<Value> {
    vec![
        Value::Date(date),
        Value::Str(e.source.clone()),
        Value::Str(e.target.clone()),
        int(e.docs),
        int(e.mentions),
        Value::Float(e.reach),
        Value::Float(e.tone),
        Value::Float(e.ci_low),
        Value::Float(e.ci_high),
        Value::Float(e.positive),
        Value::Float(e.negative),
        int(e.verbal_coop),
        int(e.material_coop),
        int(e.verbal_conflict),
        int(e.material_conflict),
        Value::opt(e.goldstein, Value::Float),
    ]
}

/// A change point of a country's index (on `period`s), as a row of [`SHOCKS`].
pub fn shock(country: &str, period: &str, s: &Shock) -> Vec<Value> {
    vec![
        Value::Str(country.to_owned()),
        Value::Str(period.to_owned()),
        Value::Date(s.date),
        Value::Date(s.last_before),
        Value::Float(s.before),
        Value::Float(s.after),
        Value::Float(s.size),
        Value::Float(s.ci_low),
        Value::Float(s.ci_high),
        int(s.docs_before),
        int(s.docs_after),
        int(s.mentions_before),
        int(s.mentions_after),
        Value::Float(s.score),
        Value::Float(s.p_value),
    ]
}
