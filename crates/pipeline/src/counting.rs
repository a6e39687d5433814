//! What counts toward a country's image, and whose voice it is.
//!
//! The store keeps every mention with its kind, its actor (a registry id) and its document's
//! author and date; [`Counting`] decides at query time, with the actor registry, which of a
//! country's [`Observation`]s count and in which voice:
//!
//! 1. **Own name.** A mention of the post's own author (their name, title, handle or hashtag:
//!    "Trump", "@realDonaldTrump", "#Trump" in a post by `realDonaldTrump`) is never a mention
//!    of anything. The author is the registry actor whose account is the post's author handle
//!    (on the post's date, else at any date), or whose name or a name variant is the handle
//!    written without spaces and punctuation (`jokowi` → "Jokowi").
//! 2. **Leaders.** A mention of an actor (any kind but those of [`crate::COUNTRY_KINDS`]:
//!    `leader`, `handle` and `capital`, or any mention with an actor) stands for the country
//!    only with [`Leaders::Include`], and then only while the actor holds a role for that
//!    country on the post's date; a candidate or a former holder never does. Seats of power
//!    without an actor ("Kremlin", a capital used for its government: "Washington said") count
//!    with `Include`. The default is [`Leaders::Exclude`]: the project's labelling guideline
//!    does not count leaders' names, @handles and capitals as mentions of their country.
//! 3. **Voice.** [`Voice::Domestic`] when the author's country is the target, [`Voice::Foreign`]
//!    when it is another, [`Voice::Unknown`] when the author's country is not known. The
//!    author's country comes, in this order, from the user's author file ([`Authors`]:
//!    `handle<TAB>ISO3`) and from the actor registry (the post's author handle is an account
//!    valid on the post's date; the actor's country on that date). No weaker cue is used (not
//!    the post's language, nor a profile's location): an author known to neither is `unknown`.
//!    A country's *international* image is its foreign voice.
//!
//! ```
//! use citra_pipeline::counting::{Counting, Leaders, Voice, VoiceFilter};
//! let c = Counting::new(Leaders::Exclude, VoiceFilter::All);
//! let day = chrono::NaiveDate::from_ymd_opt(2018, 6, 1).unwrap();
//! assert_eq!(c.author_country(Some("realDonaldTrump"), Some(day)).map(|(c, _)| c), Some("USA"));
//! assert_eq!(c.voice_of(Some("jokowi"), Some(day), "USA"), Voice::Foreign);
//! assert_eq!(c.voice_of(Some("jokowi"), Some(day), "IDN"), Voice::Domestic);
//! assert_eq!(c.voice_of(Some("someone"), Some(day), "IDN"), Voice::Unknown);
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use citra_mentions::{Actor, Gazetteer};
use citra_model::{MentionKind, MentionRow, Observation};
use serde::Serialize;

/// Whether mentions of leaders and officials count toward their country's image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Leaders {
    /// Actor mentions count while the actor holds office for the country on the post's date.
    Include,
    /// Actor mentions never count (the default).
    #[default]
    Exclude,
}

impl Leaders {
    /// `include` or `exclude`.
    pub fn as_str(self) -> &'static str {
        match self {
            Leaders::Include => "include",
            Leaders::Exclude => "exclude",
        }
    }

    /// Parses `include` or `exclude` (case-insensitive); the error says what to write.
    pub fn parse(s: &str) -> Result<Leaders, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "include" => Ok(Leaders::Include),
            "exclude" => Ok(Leaders::Exclude),
            other => Err(format!("unknown leaders mode '{other}': use include or exclude")),
        }
    }
}

/// Whose voice a mention is in, relative to the country it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Voice {
    /// The author's country is another country: the international image.
    Foreign,
    /// The author's country is the target.
    Domestic,
    /// The author's country is not known.
    Unknown,
}

impl Voice {
    /// `foreign`, `domestic` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Voice::Foreign => "foreign",
            Voice::Domestic => "domestic",
            Voice::Unknown => "unknown",
        }
    }

    /// Every voice, in output order.
    pub const ALL: [Voice; 3] = [Voice::Foreign, Voice::Domestic, Voice::Unknown];
}

/// Which voices count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VoiceFilter {
    /// Every voice (the default).
    #[default]
    All,
    /// Only this voice.
    Only(Voice),
}

impl VoiceFilter {
    /// `all`, `foreign`, `domestic` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            VoiceFilter::All => "all",
            VoiceFilter::Only(v) => v.as_str(),
        }
    }

    /// Parses `all`, `foreign`, `domestic` or `unknown` (case-insensitive).
    pub fn parse(s: &str) -> Result<VoiceFilter, String> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "all" => VoiceFilter::All,
            "foreign" => VoiceFilter::Only(Voice::Foreign),
            "domestic" => VoiceFilter::Only(Voice::Domestic),
            "unknown" => VoiceFilter::Only(Voice::Unknown),
            other => {
                return Err(format!(
                    "unknown voice '{other}': use foreign (authors of another country: the \
                     international image), domestic (of the country itself), unknown or all"
                ));
            }
        })
    }

    /// True when `v` passes.
    pub fn admits(self, v: Voice) -> bool {
        match self {
            VoiceFilter::All => true,
            VoiceFilter::Only(w) => w == v,
        }
    }
}

/// Where an author's country came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VoiceSource {
    /// The user's author file (`--authors`).
    AuthorsFile,
    /// An account of the actor registry, valid on the post's date.
    Registry,
}

/// A line of an author file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorsError {
    /// The file.
    pub file: PathBuf,
    /// 1-based line number (0 when the file itself could not be read).
    pub line: usize,
    /// The field at fault: `handle`, `country`, `row` or `file`.
    pub field: &'static str,
    /// What is wrong and what to do.
    pub message: String,
}

impl std::fmt::Display for AuthorsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(
                f,
                "{}:{}: field `{}`: {}",
                self.file.display(),
                self.line,
                self.field,
                self.message
            )
        }
    }
}

impl std::error::Error for AuthorsError {}

/// The user's author → country table: lines `handle<TAB>ISO3`, `#` comments and blank lines
/// skipped; handles compared without case and without a leading `@`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Authors {
    map: HashMap<String, &'static str>,
}

impl Authors {
    /// No entries.
    pub fn empty() -> Authors {
        Authors::default()
    }

    /// Reads an author file; every bad line is reported with the file, line and field.
    pub fn from_file(path: &Path) -> Result<Authors, Vec<AuthorsError>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![AuthorsError {
                file: path.to_owned(),
                line: 0,
                field: "file",
                message: format!("cannot read the author file ({e}): check the path"),
            }]
        })?;
        Authors::parse(path, &text, Gazetteer::shared())
    }

    /// Parses an author file's text (`path` names it in errors); countries are checked against
    /// the gazetteer's ISO 3166-1 alpha-3 codes.
    pub fn parse(path: &Path, text: &str, g: &Gazetteer) -> Result<Authors, Vec<AuthorsError>> {
        let mut map: HashMap<String, &'static str> = HashMap::new();
        let mut errors = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let mut err = |field: &'static str, message: String| {
                errors.push(AuthorsError { file: path.to_owned(), line: n, field, message })
            };
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [handle, country] = fields[..] else {
                err(
                    "row",
                    format!(
                        "expected 2 tab-separated fields (handle, ISO 3166-1 alpha-3 country), \
                         found {}: write e.g. `jokowi<TAB>IDN`",
                        fields.len()
                    ),
                );
                continue;
            };
            let h = handle.trim_start_matches('@');
            if h.is_empty() || !h.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
            {
                err(
                    "handle",
                    format!(
                        "`{handle}` is not a handle: use letters, digits, '_' and '.', \
                         e.g. realDonaldTrump"
                    ),
                );
                continue;
            }
            let code = if country.len() == 3 {
                g.country_by_alpha3(country).filter(|_| country == country.to_ascii_uppercase())
            } else {
                None
            };
            let Some(code) = code else {
                err(
                    "country",
                    format!(
                        "`{country}` is not an ISO 3166-1 alpha-3 code: write one in capitals, \
                         e.g. USA, IDN, MEX"
                    ),
                );
                continue;
            };
            let key = h.to_ascii_lowercase();
            if let Some(&first) = seen.get(&key)
                && map.get(&key) != Some(&code.alpha3)
            {
                err(
                    "handle",
                    format!(
                        "`{h}` was given another country on line {first}: keep one line per \
                         handle"
                    ),
                );
                continue;
            }
            seen.insert(key.clone(), n);
            map.insert(key, code.alpha3);
        }
        if errors.is_empty() { Ok(Authors { map }) } else { Err(errors) }
    }

    /// The country the file gives this handle.
    pub fn get(&self, handle: &str) -> Option<&'static str> {
        self.map.get(&handle.trim().trim_start_matches('@').to_ascii_lowercase()).copied()
    }

    /// Number of handles.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when the file listed no handle.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Why an observation does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Excluded {
    /// The author's own name, title or handle.
    OwnName,
    /// An actor mention, and leaders are excluded.
    Leader,
    /// An actor mention of someone who did not hold office for the country on the post's date.
    NotInOffice,
    /// Another voice than the one asked for.
    Voice,
}

/// How many observations were left out, and why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Observations that count.
    pub counted: u64,
    /// The author's own name, title or handle.
    pub own_name: u64,
    /// Actor mentions left out by `leaders = exclude`.
    pub leader: u64,
    /// Actor mentions of someone not in office for the country on the post's date.
    pub not_in_office: u64,
    /// Other voices than the one asked for.
    pub voice: u64,
}

impl Tally {
    fn add(&mut self, why: Option<Excluded>) {
        match why {
            None => self.counted += 1,
            Some(Excluded::OwnName) => self.own_name += 1,
            Some(Excluded::Leader) => self.leader += 1,
            Some(Excluded::NotInOffice) => self.not_in_office += 1,
            Some(Excluded::Voice) => self.voice += 1,
        }
    }
}

/// True for a mention that stands for an actor, not for the country itself.
fn is_actor(kind: MentionKind, actor: Option<&str>) -> bool {
    actor.is_some() || !crate::COUNTRY_KINDS.contains(&kind)
}

/// The rules of what counts (see the module docs).
#[derive(Clone)]
pub struct Counting {
    gazetteer: &'static Gazetteer,
    authors: Arc<Authors>,
    /// Whether actor mentions count.
    pub leaders: Leaders,
    /// Which voices count.
    pub voice: VoiceFilter,
}

impl std::fmt::Debug for Counting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Counting")
            .field("leaders", &self.leaders)
            .field("voice", &self.voice)
            .field("authors", &self.authors.len())
            .finish_non_exhaustive()
    }
}

impl Default for Counting {
    fn default() -> Self {
        Counting::new(Leaders::default(), VoiceFilter::default())
    }
}

/// A handle or name reduced to lower-case letters and digits ("Joko Widodo" → "jokowidodo").
fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The shared registry's actors by id and by squashed name (built once per process).
struct Names {
    by_id: HashMap<&'static str, &'static Actor>,
    by_name: HashMap<String, &'static Actor>,
}

fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        let g = Gazetteer::shared();
        let mut by_name = HashMap::new();
        for a in g.actors() {
            for n in std::iter::once(a.name).chain(a.variants.iter().copied()) {
                let k = squash(n);
                // Short forms ("EPN", "AMLO") are too easily someone else's handle.
                if k.chars().count() >= 4 {
                    by_name.entry(k).or_insert(a);
                }
            }
        }
        Names { by_id: g.actors().map(|a| (a.id, a)).collect(), by_name }
    })
}

impl Counting {
    /// The rules with the shared gazetteer's actor registry and no author file.
    pub fn new(leaders: Leaders, voice: VoiceFilter) -> Counting {
        Counting { gazetteer: Gazetteer::shared(), authors: Arc::default(), leaders, voice }
    }

    /// The same rules with the user's author → country table.
    pub fn with_authors(mut self, authors: impl Into<Arc<Authors>>) -> Counting {
        self.authors = authors.into();
        self
    }

    /// The author table in use.
    pub fn authors(&self) -> &Authors {
        &self.authors
    }

    /// The registry actor who wrote a post by `author` on `date`: the actor whose account it is
    /// on that date, else at any date, else whose name or name variant is the handle without
    /// spaces and punctuation.
    pub fn author_actor(&self, author: Option<&str>, date: Option<NaiveDate>) -> Option<&Actor> {
        let a = author?.trim().trim_start_matches('@');
        if a.is_empty() {
            return None;
        }
        let g = self.gazetteer;
        g.actor_by_handle_at(a, date)
            .or_else(|| g.actor_by_handle(a))
            .or_else(|| names().by_name.get(&squash(a)).copied())
    }

    /// The author's country on `date` and where it came from: the author file, else a registry
    /// account valid on that date (the actor's country then).
    pub fn author_country(
        &self,
        author: Option<&str>,
        date: Option<NaiveDate>,
    ) -> Option<(&'static str, VoiceSource)> {
        let a = author?.trim();
        if let Some(c) = self.authors.get(a) {
            return Some((c, VoiceSource::AuthorsFile));
        }
        let actor = self.gazetteer.actor_by_handle_at(a, date)?;
        Some((actor.country_at(date), VoiceSource::Registry))
    }

    /// The voice of a post by `author` on `date` about `target`.
    pub fn voice_of(&self, author: Option<&str>, date: Option<NaiveDate>, target: &str) -> Voice {
        match self.author_country(author, date) {
            None => Voice::Unknown,
            Some((c, _)) if c.eq_ignore_ascii_case(target) => Voice::Domestic,
            Some(_) => Voice::Foreign,
        }
    }

    /// The voice of an observation.
    pub fn voice(&self, o: &Observation) -> Voice {
        self.voice_of(o.author.as_deref(), Some(o.time.date_naive()), &o.country)
    }

    /// True for a mention of an actor: its kind is not one of [`crate::COUNTRY_KINDS`]
    /// (`leader`, `handle`, `capital`), or it names an actor.
    pub fn is_actor_mention(o: &Observation) -> bool {
        is_actor(o.kind, o.actor.as_deref())
    }

    /// True when a mention naming the actor `actor` in a post by `author` on `date` names the
    /// post's own author.
    pub fn is_own_mention(
        &self,
        author: Option<&str>,
        date: Option<NaiveDate>,
        actor: Option<&str>,
    ) -> bool {
        let Some(id) = actor else { return false };
        self.author_actor(author, date).is_some_and(|me| me.id == id)
    }

    /// The mention rows of the actor and relation analytics without the authors' mentions of
    /// their own name, title or handle (which are mentions of nothing).
    pub fn without_own_names(&self, rows: Vec<MentionRow>) -> Vec<MentionRow> {
        rows.into_iter()
            .filter(|r| {
                !self.is_own_mention(
                    r.author.as_deref(),
                    Some(r.time.date_naive()),
                    r.actor.as_deref(),
                )
            })
            .collect()
    }

    /// Why the observation does not count, or `None` when it does.
    pub fn excluded(&self, o: &Observation) -> Option<Excluded> {
        self.excluded_mention(
            o.author.as_deref(),
            o.time.date_naive(),
            &o.country,
            o.kind,
            o.actor.as_deref(),
        )
    }

    /// Why a mention of `country` (of this kind, naming this actor) in a post by `author` on
    /// `date` does not count, or `None` when it does.
    pub fn excluded_mention(
        &self,
        author: Option<&str>,
        date: NaiveDate,
        country: &str,
        kind: MentionKind,
        actor: Option<&str>,
    ) -> Option<Excluded> {
        if self.is_own_mention(author, Some(date), actor) {
            return Some(Excluded::OwnName);
        }
        if is_actor(kind, actor) {
            if self.leaders == Leaders::Exclude {
                return Some(Excluded::Leader);
            }
            if let Some(id) = actor {
                let in_office = names().by_id.get(id).is_some_and(|a| {
                    a.roles
                        .iter()
                        .any(|r| r.held_on(date) && r.country.eq_ignore_ascii_case(country))
                });
                if !in_office {
                    return Some(Excluded::NotInOffice);
                }
            }
        }
        if !self.voice.admits(self.voice_of(author, Some(date), country)) {
            return Some(Excluded::Voice);
        }
        None
    }

    /// The observations that count, in their order, and the tally of those left out.
    pub fn apply(&self, obs: Vec<Observation>) -> (Vec<Observation>, Tally) {
        let mut tally = Tally::default();
        let kept = obs
            .into_iter()
            .filter(|o| {
                let why = self.excluded(o);
                tally.add(why);
                why.is_none()
            })
            .collect();
        (kept, tally)
    }

    /// The observations that count.
    pub fn filter(&self, obs: Vec<Observation>) -> Vec<Observation> {
        self.apply(obs).0
    }

    /// One line for people: what counted, the rules and what was left out.
    pub fn describe(&self, t: &Tally) -> String {
        format!(
            "counted {} mentions (leaders {}, voice {}); left out: {} of the author's own name, \
             {} of leaders{}, {} of actors not in office on the post's date, {} of other voices",
            t.counted,
            self.leaders.as_str(),
            self.voice.as_str(),
            t.own_name,
            t.leader,
            if self.leaders == Leaders::Exclude { " (--leaders include counts them)" } else { "" },
            t.not_in_office,
            t.voice,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use citra_model::{Lang, ToneLabel};

    fn obs(author: &str, day: &str, country: &str, kind: MentionKind, actor: &str) -> Observation {
        Observation {
            doc_id: 1,
            mention_id: 1,
            time: format!("{day}T12:00:00Z").parse().unwrap(),
            country: country.into(),
            score: 0.5,
            label: ToneLabel::Positive,
            confidence: 1.0,
            engagement: 0,
            lang: Lang::Eng,
            author: (!author.is_empty()).then(|| author.to_owned()),
            kind,
            actor: (!actor.is_empty()).then(|| actor.to_owned()),
        }
    }

    #[test]
    fn what_counts() {
        use Excluded::{NotInOffice, OwnName};
        use MentionKind::{Handle, Hashtag, Leader, Name};
        const VOICE: Option<Excluded> = Some(Excluded::Voice);
        const LEADER: Option<Excluded> = Some(Excluded::Leader);
        let inc = Counting::new(Leaders::Include, VoiceFilter::All);
        let exc = Counting::new(Leaders::Exclude, VoiceFilter::All);
        let foreign = Counting::new(Leaders::Include, VoiceFilter::Only(Voice::Foreign));
        let domestic = Counting::new(Leaders::Exclude, VoiceFilter::Only(Voice::Domestic));
        // (rules, author, day, country, kind, actor, expected)
        type Row<'a> =
            (&'a Counting, &'a str, &'a str, &'a str, MentionKind, &'a str, Option<Excluded>);
        let rows: &[Row<'_>] = &[
            // Own name, handle and hashtag: never, in office or not, whatever the mode.
            (&inc, "realDonaldTrump", "2018-06-01", "USA", Leader, "usa-trump", Some(OwnName)),
            (&inc, "realDonaldTrump", "2015-08-01", "USA", Handle, "usa-trump", Some(OwnName)),
            (&exc, "realDonaldTrump", "2016-02-01", "USA", Leader, "usa-trump", Some(OwnName)),
            (&inc, "@RealDonaldTrump", "2019-01-01", "USA", Leader, "usa-trump", Some(OwnName)),
            // An author known by name only ("jokowi" is also an account).
            (&inc, "Jokowi", "2018-06-01", "IDN", Leader, "idn-jokowi", Some(OwnName)),
            // The author's country named is not their own name.
            (&inc, "realDonaldTrump", "2018-06-01", "USA", Name, "", None),
            (&inc, "realDonaldTrump", "2018-06-01", "USA", Hashtag, "", None),
            // Someone else's leader: counts only with include, only in office.
            (&inc, "realDonaldTrump", "2018-06-01", "MEX", Leader, "mex-pena-nieto", None),
            (&exc, "realDonaldTrump", "2018-06-01", "MEX", Leader, "mex-pena-nieto", LEADER),
            (
                &inc,
                "realDonaldTrump",
                "2019-06-01",
                "MEX",
                Leader,
                "mex-pena-nieto",
                Some(NotInOffice),
            ),
            // A candidate (Prabowo before his 2019 appointment) never stands for the country.
            (&inc, "jokowi", "2018-06-01", "IDN", Leader, "idn-prabowo", Some(NotInOffice)),
            (&inc, "", "2016-06-01", "USA", Leader, "usa-trump", Some(NotInOffice)),
            (&inc, "", "2016-06-01", "USA", Leader, "usa-obama", None),
            // A seat of power without an actor counts with include.
            (&inc, "", "2016-06-01", "RUS", Leader, "", None),
            (&exc, "", "2016-06-01", "RUS", Leader, "", LEADER),
            // Voice.
            (&foreign, "jokowi", "2018-06-01", "USA", Name, "", None),
            (&foreign, "jokowi", "2018-06-01", "IDN", Name, "", VOICE),
            (&foreign, "nobody_known", "2018-06-01", "IDN", Name, "", VOICE),
            (&domestic, "jokowi", "2018-06-01", "IDN", Name, "", None),
            (&domestic, "SecPompeo", "2019-09-01", "USA", Name, "", None),
            (&domestic, "SecPompeo", "2019-09-01", "IDN", Name, "", VOICE),
            // @SecPompeo spoke for nobody in the registry before 26 April 2018.
            (&domestic, "SecPompeo", "2017-09-01", "USA", Name, "", VOICE),
        ];
        for (i, (c, author, day, country, kind, actor, want)) in rows.iter().enumerate() {
            let o = obs(author, day, country, *kind, actor);
            assert_eq!(c.excluded(&o), *want, "row {i}: {author} {day} {country} {kind:?} {actor}");
        }
    }

    #[test]
    fn own_names_leave_the_actor_rows() {
        let row = |author: &str, actor: Option<&str>| MentionRow {
            doc_id: 1,
            author: Some(author.into()),
            time: "2016-03-01T12:00:00Z".parse().unwrap(),
            country: "USA".into(),
            actor: actor.map(str::to_owned),
            score: Some(0.1),
            label: ToneLabel::Neutral,
            engagement: 0,
        };
        // (author, actor named, kept)
        let rows = [
            ("realDonaldTrump", Some("usa-trump"), false),
            ("realDonaldTrump", Some("usa-obama"), true),
            ("realDonaldTrump", None, true),
            ("jokowi", Some("usa-trump"), true),
            ("prabowo", Some("idn-prabowo"), false),
        ];
        let c = Counting::default();
        for (author, actor, kept) in rows {
            let left = c.without_own_names(vec![row(author, actor)]);
            assert_eq!(left.len() == 1, kept, "{author} {actor:?}");
        }
    }

    #[test]
    fn authors_file() {
        let g = Gazetteer::shared();
        let p = Path::new("authors.tsv");
        let a =
            Authors::parse(p, "# who\nkompascom\tIDN\n@NYTimes\tUSA\n\nnytimes\tUSA\n", g).unwrap();
        assert_eq!((a.get("KompasCom"), a.get("nytimes"), a.len()), (Some("IDN"), Some("USA"), 2));
        let c = Counting::default().with_authors(a);
        assert_eq!(c.voice_of(Some("kompascom"), None, "USA"), Voice::Foreign);
        // The file wins over the registry.
        let a = Authors::parse(p, "jokowi\tUSA\n", g).unwrap();
        let c = Counting::default().with_authors(a);
        assert_eq!(c.voice_of(Some("jokowi"), None, "USA"), Voice::Domestic);
        // (text, line, field, message part)
        let bad: &[(&str, usize, &str, &str)] = &[
            ("a\tIDN\tx\n", 1, "row", "expected 2 tab-separated fields"),
            ("a IDN\n", 1, "row", "found 1"),
            ("#c\nbad handle!\tIDN\n", 2, "handle", "is not a handle"),
            ("a\tIndonesia\n", 1, "country", "not an ISO 3166-1 alpha-3 code"),
            ("a\tidn\n", 1, "country", "in capitals"),
            ("a\tXXX\n", 1, "country", "`XXX`"),
            ("a\tIDN\nA\tUSA\n", 2, "handle", "another country on line 1"),
        ];
        for (text, line, field, msg) in bad {
            let e = Authors::parse(p, text, g).unwrap_err();
            assert_eq!((e[0].line, e[0].field), (*line, *field), "{text:?}: {e:?}");
            let shown = e[0].to_string();
            assert!(shown.starts_with(&format!("authors.tsv:{line}: field `{field}`")), "{shown}");
            assert!(shown.contains(msg), "{text:?}: {shown}");
        }
    }

    #[test]
    fn parse_modes() {
        for (s, want) in [("foreign", "foreign"), ("Domestic", "domestic"), ("ALL", "all")] {
            assert_eq!(VoiceFilter::parse(s).unwrap().as_str(), want);
        }
        assert!(VoiceFilter::parse("abroad").unwrap_err().contains("use foreign"));
        assert_eq!(Leaders::parse("include"), Ok(Leaders::Include));
        assert!(Leaders::parse("yes").unwrap_err().contains("include or exclude"));
    }
}
