//! Country and actor mentions: a multilingual gazetteer matched with byte spans.
//!
//! - [`Gazetteer`]: every ISO 3166-1 country and territory (249) with CLDR names in 51
//!   locales and their scripts (Russian and Ukrainian with their case forms), curated short forms, abbreviations, demonyms, capitals and seats of government,
//!   Indonesian epithets ("Negeri Paman Sam"), and a time-aware registry of actors.
//!   [`Gazetteer::shared`] parses the embedded data once; [`Gazetteer::with_actor_files`] adds
//!   the user's actor tables (see `data/actors/README.md`), [`Gazetteer::set_shared`] installs
//!   such a gazetteer for the whole process.
//! - [`Gazetteer::find`] / [`Gazetteer::find_at`]: finds every mention in a text (written on a
//!   date, when known), with spans into the *original* text, a [`MentionKind`] and a
//!   confidence. Ambiguous forms (Georgia, Jordan, turkey, china, Chad, US/AS/RI in lower-case
//!   text, …) are decided on evidence. Titles of office next to a country ("Presiden RI",
//!   "the Mexican president", "Secretary of State") are `Leader` mentions of the holder on
//!   the date.
//! - The actor registry: [`Actor`]s (people and institutions) with dated [`Role`]s
//!   ([`RoleKind`]: head of state, head of government, foreign minister, foreign ministry, …)
//!   and [`Account`]s. [`Gazetteer::actor_role`] says what role a mentioned actor plays at the
//!   post's date and whether the text calls them a former holder ([`RoleAt`]);
//!   [`Gazetteer::actor_by_handle_at`] matches a post's author by handle on that date.
//! - [`Country`], [`Actor`]: entries of the gazetteer; [`Error`], [`RowError`]: bad user files.
//!
//! Rules worth knowing:
//! - Matching folds case and diacritics (Latin, Greek, Cyrillic, Arabic, Hebrew; not the vowel
//!   signs of Indic scripts and Thai) and needs word boundaries on both sides (Indonesian
//!   clitics "-nya", "-ku", "-lah", … may follow); the longest match wins. Han and Thai need no
//!   boundaries ("中国和美国"), katakana no katakana next to it ("マリア" is no Mali), Hangul
//!   may take a particle after it ("미국과"), Arabic and Hebrew one or two prefix letters
//!   before ("والمكسيك", "بالصين"). `_` joins words ("Jim_Jordan").
//! - A name of another locale is looked for in texts of that language; one in a script of its
//!   own ("Россия", "墨西哥") also in undetermined texts and in those of Latin-script languages.
//!   In cased text it needs its capital ("Малі" is Mali, "малі" small).
//! - Names that stand for something else are no mentions, as the labelling guideline has it:
//!   US towns ("Lebanon, Ohio", "Paris, TX"), events, companies and media ("China Open", "Air
//!   China", "Bank of America", "Tour de France", "China Daily"), currencies ("dolar AS", "the
//!   US dollar", "yen Jepang"). A capitalised neighbour makes a person's name ("Jordan
//!   Peterson") except in a Title Case sentence ("We Love India").
//! - Curated "block" phrases hide the names inside them: places and seas ("New Mexico",
//!   "Latin America", "Gulf of Mexico"), organisations and products ("Bank Indonesia",
//!   "Garuda Indonesia", "Air China"), people ("Michael Jordan"), food ("Thanksgiving turkey").
//!   Beyond that list, a few evidence rules catch names of events, companies and media (see
//!   below); a national team named by its country ("Timnas Indonesia") is the country.
//! - "Papua" alone is an Indonesian province and yields no mention; "Papua New Guinea" is PNG.
//! - Short all-caps forms (US, AS, RI, UK, EEUU, PRC) count only in capitals in cased text, and
//!   in all-lower or all-upper text only next to a country cue ("presiden as", "amerika
//!   serikat ( as )", "THE US GOVERNMENT"); English lower-case "us" never.
//! - Kinds: `Name` for names, short forms and Indonesian
//!   epithets ("Negeri Paman Sam"); `Abbreviation`; `Hashtag` for a name inside a hashtag;
//!   `Demonym`; `Capital` for capitals and cities used for governments; `Leader` for actors
//!   and seats of power (Kremlin, Gedung Putih); `Handle` for actors' @handles. Names inside
//!   @handles and URLs are not mentions. Indonesian "orang Italia" yields the name "Italia"
//!   (kind Name), as the NERP gold reads it.
//! - Lower confidence where the form is vague: "America"/"Amerika" → USA 0.75, Spanish
//!   "América" → USA 0.35, plain "Congo" → COD 0.55, plain "Korea" → KOR 0.6, "Georgia"
//!   without evidence 0.5 (with US-state evidence: no mention; "Georgia primary", "Atlanta,
//!   Georgia", "#SuperTuesday" are such evidence, "Tbilisi, Georgia" and "Russia" the country's).
//! - CLDR names in en, id and es are looked for in every text; those of other locales only in
//!   texts of that language ("Island" is German for Iceland), see above for other scripts.
//!
//! ```
//! use citra_mentions::Gazetteer;
//! use citra_model::{Lang, MentionKind, OffsetMap};
//! let text = "Presiden Jokowi bertemu Menlu AS di Jakarta; México y EE.UU. firmaron.";
//! let g = Gazetteer::shared();
//! let (mentions, _diags) = g.find(text, text, &OffsetMap::identity(text.len()), Lang::Ind);
//! let found: Vec<(&str, &str, MentionKind)> =
//!     mentions.iter().map(|m| (m.surface.as_str(), m.country.as_str(), m.kind)).collect();
//! assert!(found.contains(&("AS", "USA", MentionKind::Abbreviation)));
//! assert!(found.contains(&("México", "MEX", MentionKind::Name)));
//! assert!(found.contains(&("EE.UU.", "USA", MentionKind::Abbreviation)));
//! assert!(found.contains(&("Jokowi", "IDN", MentionKind::Leader)));
//! assert_eq!(g.country("Meksiko").map(|c| c.alpha3), Some("MEX"));
//!
//! // The same name, another date: "mantan" (former) and the post's date decide the role.
//! let text = "Mantan Presiden Jokowi bertemu Presiden RI di Istana.";
//! let day = chrono::NaiveDate::from_ymd_opt(2025, 2, 1);
//! let (mentions, _) = g.find_at(text, text, &OffsetMap::identity(text.len()), Lang::Ind, day);
//! let roles: Vec<(&str, Option<citra_mentions::RoleAt>)> =
//!     mentions.iter().map(|m| (m.surface.as_str(), g.actor_role(m, text, day))).collect();
//! let jokowi = roles.iter().find(|(s, _)| *s == "Jokowi").and_then(|(_, r)| r.clone());
//! assert!(jokowi.is_some_and(|r| r.former && r.country == "IDN"));
//! let title = roles.iter().find(|(s, _)| *s == "Presiden").and_then(|(_, r)| r.clone());
//! assert_eq!(title.and_then(|r| r.actor).as_deref(), Some("idn-prabowo"));
//! ```
#![deny(missing_docs)]

mod data;
mod fold;
mod offices;
mod registry;
mod rules;

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
pub use registry::{Account, ActorKind, Error, Role, RoleKind, RowError};

use aho_corasick::AhoCorasick;
use citra_model::{Diagnostic, Lang, Mention, MentionKind, OffsetMap, Severity, Span};

use data::{AmbRule, CaseRule, Entry, Langs, Target};

/// A country or territory of ISO 3166-1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code, e.g. `MEX`.
    pub alpha3: &'static str,
    /// ISO 3166-1 alpha-2 code, e.g. `MX`.
    pub alpha2: &'static str,
    /// English name (CLDR), e.g. `Mexico`.
    pub name_en: &'static str,
    /// Indonesian name (CLDR), e.g. `Meksiko`.
    pub name_id: &'static str,
    /// Spanish name (CLDR), e.g. `México`.
    pub name_es: &'static str,
}

/// A person or institution that speaks for a country, with dated roles and accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Registry id, e.g. `usa-trump`.
    pub id: &'static str,
    /// Display name, e.g. `Donald Trump`.
    pub name: &'static str,
    /// ISO alpha-3 code of the actor's country (`EUU` for the European Union's officials).
    pub country: &'static str,
    /// Person or institution.
    pub kind: ActorKind,
    /// Name variants looked for in text.
    pub variants: Vec<&'static str>,
    /// Roles held, oldest first.
    pub roles: Vec<Role>,
    /// Accounts on platforms, each valid between its dates.
    pub accounts: Vec<Account>,
}

impl Actor {
    /// The roles held on `date`, most prominent first.
    pub fn roles_at(&self, date: NaiveDate) -> Vec<Role> {
        let mut v: Vec<Role> = self.roles.iter().filter(|r| r.held_on(date)).copied().collect();
        v.sort_by_key(|r| (r.role, std::cmp::Reverse(r.start)));
        v
    }

    /// The country the actor speaks for on `date`: the actor's own country when a role held
    /// then is for it, else the country of the most prominent role held then ("Donald Tusk" is
    /// POL from December 2023), else the actor's country.
    pub fn country_at(&self, date: Option<NaiveDate>) -> &'static str {
        let Some(d) = date else { return self.country };
        let roles = self.roles_at(d);
        if roles.is_empty() || roles.iter().any(|r| r.country == self.country) {
            return self.country;
        }
        roles[0].country
    }

    /// `(platform, handle)` of every account, valid or not.
    pub fn handles(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.accounts.iter().map(|a| (a.platform, a.handle))
    }
}

/// What role a mention's actor plays in the text, at the text's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAt {
    /// The role.
    pub role: RoleKind,
    /// ISO alpha-3 code of the country the role is for.
    pub country: String,
    /// The registry id of the holder: the mention's actor, or for a title ("Presiden RI") the
    /// holder at the date; `None` when no date or no holder is known.
    pub actor: Option<String>,
    /// The actor held the role on the date given.
    pub current: bool,
    /// A former holder: the text says so ("mantan Presiden Trump", "el expresidente") or the
    /// role had ended by the date given.
    pub former: bool,
}

/// The gazetteer: countries, their forms in text, actors, and the matcher over them.
pub struct Gazetteer {
    countries: Vec<Country>,
    actors: Vec<Actor>,
    /// Folded pattern strings (the global pattern index of `entries` and `amb`).
    patterns: Vec<String>,
    /// Readings of each pattern.
    entries: Vec<Vec<Entry>>,
    /// Ambiguity rules per pattern.
    amb: Vec<Vec<(Langs, AmbRule)>>,
    automaton: AhoCorasick,
    /// Per language, an automaton of the patterns looked for in that language only (other
    /// locales' Latin spellings: "Meksika", "Nga"), with the global index of each of its
    /// patterns. Texts of other languages do not pay for them.
    local: HashMap<Lang, (AhoCorasick, Vec<usize>)>,
    /// The global index of each pattern of the shared automaton.
    core_ids: Vec<usize>,
    /// Folded query → country index (codes, names, abbreviations).
    lookup: HashMap<String, usize>,
    /// Lower-case handle → (actor index, account index) of every account with it.
    handles: HashMap<String, Vec<(usize, usize)>>,
    /// Folded abbreviations (for "shouting" detection).
    abbreviations: std::collections::HashSet<String>,
}

static SHARED: OnceLock<Gazetteer> = OnceLock::new();

const SHIPPED: &[(&str, &str)] = &[
    ("shipped:data/actors/actors.tsv", data::ACTORS_TSV),
    ("shipped:data/actors/roles.tsv", data::ROLES_TSV),
    ("shipped:data/actors/accounts.tsv", data::ACCOUNTS_TSV),
];

const STAGE: &str = "mentions";

impl Gazetteer {
    /// The gazetteer built from the embedded data, parsed once; or the one given to
    /// [`Gazetteer::set_shared`] before the first call.
    pub fn shared() -> &'static Gazetteer {
        SHARED.get_or_init(|| Gazetteer::build(Vec::new()).0)
    }

    /// Makes `g` the gazetteer [`Gazetteer::shared`] returns (and so the one every pipeline of
    /// the process uses). Call it before anything uses the shared gazetteer; afterwards it
    /// fails and gives `g` back.
    pub fn set_shared(g: Gazetteer) -> Result<&'static Gazetteer, Box<Gazetteer>> {
        SHARED.set(g).map_err(Box::new)?;
        Ok(Gazetteer::shared())
    }

    /// The embedded data plus the user's actor tables: each path is a `.tsv` file whose header
    /// says which table it is (`id name country kind variants`, `actor role country start end
    /// source verified` or `actor platform handle start end source verified`), or a folder
    /// holding `actors.tsv`, `roles.tsv` and `accounts.tsv`. Later rows extend or override
    /// earlier ones by key (see `data/actors/README.md`). Every bad row is reported with its
    /// file, line and field. File contents are kept for the life of the process.
    pub fn with_actor_files<P: AsRef<Path>>(paths: &[P]) -> Result<Gazetteer, Error> {
        let paths: Vec<PathBuf> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
        let user = registry::user_sources(&paths)?;
        let (g, errors) = Gazetteer::build(user);
        if errors.is_empty() { Ok(g) } else { Err(Error::Rows(errors)) }
    }

    /// The paths listed in the `CITRA_ACTORS` environment variable (separated like `PATH`).
    pub fn env_actor_files() -> Vec<PathBuf> {
        registry::env_paths()
    }

    /// Every country and territory, in alpha-2 order.
    pub fn countries(&self) -> impl Iterator<Item = &Country> {
        self.countries.iter()
    }

    /// Every actor of the registry.
    pub fn actors(&self) -> impl Iterator<Item = &Actor> {
        self.actors.iter()
    }

    /// The country with this alpha-3 code (case-insensitive).
    pub fn country_by_alpha3(&self, a3: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.alpha3.eq_ignore_ascii_case(a3.trim()))
    }

    /// Resolves a user's country argument: alpha-3, alpha-2, or a name, short form or
    /// abbreviation in any supported language, case- and accent-insensitive ("MEX", "mx",
    /// "Meksiko", "México", "Amerika Serikat", "USA", "EE.UU."). Alpha-2 codes win over
    /// abbreviations: "AS" is American Samoa here.
    pub fn country(&self, query: &str) -> Option<&Country> {
        let q = query.trim();
        if let Some(c) = self.country_by_alpha3(q) {
            return Some(c);
        }
        if let Some(c) = self.countries.iter().find(|c| c.alpha2.eq_ignore_ascii_case(q)) {
            return Some(c);
        }
        self.lookup.get(&fold::fold_str(q)).and_then(|&i| self.countries.get(i))
    }

    /// The actor with this handle on any platform (case-insensitive, leading `@` ignored): the
    /// one it speaks for now (an account still open), else the last one it spoke for.
    pub fn actor_by_handle(&self, handle: &str) -> Option<&Actor> {
        self.actor_by_handle_at(handle, None)
    }

    /// The actor this handle spoke for on `at` (`@POTUS` is Obama's in 2016, Trump's in 2018,
    /// Biden's in 2022); with no date, as [`Gazetteer::actor_by_handle`]. `None` when the
    /// handle is unknown or spoke for nobody in the registry on that date.
    pub fn actor_by_handle_at(&self, handle: &str, at: Option<NaiveDate>) -> Option<&Actor> {
        self.actor_index_by_handle(handle, at).and_then(|i| self.actors.get(i))
    }

    fn actor_index_by_handle(&self, handle: &str, at: Option<NaiveDate>) -> Option<usize> {
        let h = handle.trim().trim_start_matches('@').to_ascii_lowercase();
        let cands = self.handles.get(&h)?;
        let acc = |&(a, c): &(usize, usize)| self.actors.get(a).and_then(|x| x.accounts.get(c));
        let pick = cands
            .iter()
            .filter(|k| acc(k).is_some_and(|x| at.is_none_or(|d| x.valid_on(d))))
            .max_by_key(|k| {
                let x = acc(k);
                let open = x.is_some_and(|x| x.end.is_none());
                (open, x.and_then(|x| x.start), x.and_then(|x| x.end))
            })?;
        Some(pick.0)
    }

    /// The actor with this registry id.
    pub fn actor_by_id(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id == id)
    }

    /// The roles the actor held on `date`, most prominent first (empty for an unknown id).
    pub fn roles_at(&self, actor_id: &str, date: NaiveDate) -> Vec<Role> {
        self.actor_by_id(actor_id).map(|a| a.roles_at(date)).unwrap_or_default()
    }

    /// Who held `role` for `country` on `date` (the one who took it last, on a handover day).
    pub fn holder_at(&self, country: &str, role: RoleKind, date: NaiveDate) -> Option<&Actor> {
        self.actors
            .iter()
            .filter_map(|a| {
                a.roles
                    .iter()
                    .filter(|r| r.role == role && r.country == country && r.held_on(date))
                    .map(|r| r.start)
                    .max()
                    .map(|s| (s, a))
            })
            .max_by_key(|(s, _)| *s)
            .map(|(_, a)| a)
    }

    /// The role a mention's actor plays, read with the words before it and the text's date.
    ///
    /// "Trump" in a 2018 post is the US head of state (`current`); in 2022 a former one; in
    /// 2025 head of state again. "mantan Presiden Trump", "former President Trump", "el
    /// expresidente Trump" are `former` whatever the date. A title mention ("Presiden RI",
    /// "the Mexican president", "Secretary of State") gives its office, with the holder on the
    /// date as `actor`. Without a date, `current` and `former` are both false unless the text
    /// marks a former holder, and the actor's latest role is given. `None` for mentions of no
    /// actor or office, and for an actor who held no role yet on the date (Prabowo in early
    /// 2019). `original` is the text the mention's span points into.
    pub fn actor_role(&self, m: &Mention, original: &str, at: Option<NaiveDate>) -> Option<RoleAt> {
        let (former_word, hint) = offices::context_before(original, m.span.start);
        let title = offices::title_role(&m.surface);
        let hint = title.or(hint);
        // A handle is the actor it spoke for on the date, whatever `find` was told.
        let actor = match (m.kind, at) {
            (MentionKind::Handle, Some(_)) => self.actor_by_handle_at(&m.surface, at),
            _ => m.actor.as_deref().and_then(|id| self.actor_by_id(id)),
        };
        let Some(a) = actor else {
            let role = title?;
            let holder = match (at, former_word) {
                (Some(d), false) => self.holder_at(&m.country, role, d).map(|a| a.id.to_owned()),
                _ => None,
            };
            return Some(RoleAt {
                role,
                country: m.country.clone(),
                actor: holder,
                current: at.is_some() && !former_word,
                former: former_word,
            });
        };
        let fits = |r: &&Role| hint.is_none_or(|h| r.role == h);
        // Prefer a role that fits the title, else any.
        let choose = |v: Vec<&Role>, key: &dyn Fn(&Role) -> (bool, NaiveDate)| -> Option<Role> {
            let fit: Vec<&Role> = v.iter().copied().filter(fits).collect();
            let pool = if fit.is_empty() { v } else { fit };
            pool.into_iter().max_by_key(|r| key(r)).copied()
        };
        let ended = |r: &Role| r.end.unwrap_or(NaiveDate::MAX);
        let make = |r: Role, current: bool, former: bool| RoleAt {
            role: r.role,
            country: r.country.to_owned(),
            actor: Some(a.id.to_owned()),
            current,
            former,
        };
        match at {
            Some(d) => {
                let now: Vec<&Role> = a.roles.iter().filter(|r| r.held_on(d)).collect();
                let past: Vec<&Role> =
                    a.roles.iter().filter(|r| r.end.is_some_and(|e| e < d)).collect();
                if former_word {
                    let pool = if past.is_empty() { a.roles.iter().collect() } else { past };
                    return choose(pool, &|r| (true, ended(r))).map(|r| make(r, false, true));
                }
                if !now.is_empty() {
                    let mut now = now;
                    now.sort_by_key(|r| (r.role, std::cmp::Reverse(r.start)));
                    let r = now.iter().find(|r| fits(r)).or(now.first()).copied()?;
                    return Some(make(*r, true, false));
                }
                choose(past, &|r| (true, ended(r))).map(|r| make(r, false, true))
            }
            None => {
                let all: Vec<&Role> = a.roles.iter().collect();
                let r = choose(all, &|r| (r.end.is_none(), ended(r)))?;
                Some(make(r, false, former_word))
            }
        }
    }

    fn build(user: Vec<registry::Source>) -> (Gazetteer, Vec<RowError>) {
        let mut countries = Vec::new();
        let mut by_a3: HashMap<&'static str, usize> = HashMap::default();
        let mut forms: Vec<(String, Entry)> = Vec::new();
        let mut lookup: HashMap<String, usize> = HashMap::default();
        let mut rows = data::rows(data::COUNTRIES_TSV);
        // The header names each name column's language (citra's code).
        let locales: Vec<&str> =
            rows.next().map(|h| h.into_iter().skip(2).collect()).unwrap_or_default();
        let col_langs: Vec<Langs> = locales
            .iter()
            .enumerate()
            .map(|(li, loc)| {
                // en, id and es names are looked for everywhere; other locales in their own; Chinese
                // and Japanese names (Han) in texts of either.
                match (li, *loc) {
                    (0..3, _) => Langs(None),
                    (_, "zh" | "zh-hant" | "ja") => Langs(Some(vec![Lang::Zho, Lang::Jpn])),
                    _ => Langs::parse(loc),
                }
            })
            .collect();
        for r in rows {
            let (Some(&a2), Some(&a3)) = (r.first(), r.get(1)) else { continue };
            let first = |col: usize| r.get(col).and_then(|c| c.split('|').next()).unwrap_or("");
            let idx = countries.len();
            countries.push(Country {
                alpha3: a3,
                alpha2: a2,
                name_en: first(2),
                name_id: first(3),
                name_es: first(4),
            });
            by_a3.insert(a3, idx);
            for (li, langs) in col_langs.iter().enumerate() {
                let Some(cell) = r.get(li + 2) else { continue };
                for name in cell.split('|').filter(|n| !n.is_empty()) {
                    let key = fold::fold_str(name);
                    let latin = rules::latin_script(name);
                    // User queries resolve with the first nine locales' names and those in other
                    // scripts; the other Latin spellings would shadow one another.
                    if li < 9 || !latin {
                        lookup.entry(key.clone()).or_insert(idx);
                    }
                    forms.push((
                        key,
                        Entry {
                            target: Target::Country(idx),
                            kind: MentionKind::Name,
                            confidence: 0.95,
                            langs: langs.clone(),
                            // A name of another locale in a cased script (Latin, Cyrillic,
                            // Greek) must be written with a capital in cased text: Turkish "mali"
                            // is "financial", Ukrainian "малі" "small".
                            case: if li >= 3 && name.starts_with(char::is_uppercase) {
                                CaseRule::Cap
                            } else {
                                CaseRule::Any
                            },
                            curated: false,
                            wide: !latin,
                        },
                    ));
                }
            }
        }
        let mut abbreviations = std::collections::HashSet::new();
        for r in data::rows(data::FORMS_TSV) {
            let [a3, kind, langs, conf, flags, list] = r[..] else { continue };
            let (Some(&idx), Some(kind)) = (by_a3.get(a3), data::parse_kind(kind)) else {
                continue;
            };
            let case = match flags {
                "caps" => CaseRule::Caps,
                "cap" => CaseRule::Cap,
                _ => CaseRule::Any,
            };
            for form in list.split('|').filter(|f| !f.is_empty()) {
                let key = fold::fold_str(form);
                if kind.names_country() {
                    lookup.entry(key.clone()).or_insert(idx);
                }
                if kind == MentionKind::Abbreviation {
                    abbreviations.insert(key.clone());
                }
                forms.push((
                    key,
                    Entry {
                        target: Target::Country(idx),
                        kind,
                        confidence: conf.parse().unwrap_or(0.5),
                        langs: Langs::parse(langs),
                        case,
                        curated: true,
                        wide: false,
                    },
                ));
            }
        }
        for r in data::rows(data::BLOCKS_TSV) {
            let [langs, list] = r[..] else { continue };
            for form in list.split('|').filter(|f| !f.is_empty()) {
                forms.push((
                    fold::fold_str(form),
                    Entry {
                        target: Target::Block,
                        kind: MentionKind::Name,
                        confidence: 1.0,
                        langs: Langs::parse(langs),
                        case: CaseRule::Any,
                        curated: true,
                        wide: false,
                    },
                ));
            }
        }
        let mut sources: Vec<registry::Source> = SHIPPED
            .iter()
            .map(|&(label, text)| registry::Source { label: label.to_owned(), text })
            .collect();
        sources.extend(user);
        let is_country = |c: &str| by_a3.get(c).map(|&i| countries[i].alpha3);
        let (raw, errors) = registry::read(&sources, &is_country);
        let mut actors = Vec::with_capacity(raw.len());
        let mut handles: HashMap<String, Vec<(usize, usize)>> = HashMap::default();
        for r in raw {
            let aidx = actors.len();
            for (ci, acc) in r.accounts.iter().enumerate() {
                handles.entry(acc.handle.to_ascii_lowercase()).or_default().push((aidx, ci));
            }
            for v in &r.variants {
                let caps = v.chars().all(|c| !c.is_lowercase()) && v.len() <= 5;
                forms.push((
                    fold::fold_str(v),
                    Entry {
                        target: Target::Actor(aidx),
                        kind: MentionKind::Leader,
                        confidence: if v.contains(' ') { 0.7 } else { 0.6 },
                        langs: Langs(None),
                        // "von der Leyen" is written in lower case mid-sentence.
                        case: if caps {
                            CaseRule::Caps
                        } else if v.starts_with(char::is_lowercase) {
                            CaseRule::Any
                        } else {
                            CaseRule::Cap
                        },
                        curated: true,
                        wide: false,
                    },
                ));
            }
            actors.push(Actor {
                id: r.id,
                name: r.name,
                country: r.country,
                kind: r.kind,
                variants: r.variants,
                roles: r.roles,
                accounts: r.accounts,
            });
        }
        // Group readings by folded pattern.
        let mut index: HashMap<String, usize> = HashMap::default();
        let mut patterns: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<Entry>> = Vec::new();
        for (key, e) in forms {
            if key.trim().is_empty() {
                continue;
            }
            let i = *index.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                entries.push(Vec::new());
                patterns.len() - 1
            });
            entries[i].push(e);
        }
        let mut amb = vec![Vec::new(); patterns.len()];
        for r in data::rows(data::AMBIGUOUS_TSV) {
            let [form, langs, rule] = r[..] else { continue };
            let (Some(&i), Some(rule)) = (index.get(&fold::fold_str(form)), AmbRule::parse(rule))
            else {
                continue;
            };
            amb[i].push((Langs::parse(langs), rule));
        }
        // The patterns are plain strings; building cannot fail short of memory limits, and
        // an empty automaton is the total fallback.
        let build = |pats: &[&str]| {
            AhoCorasick::new(pats)
                .or_else(|_| AhoCorasick::new(Vec::<String>::new()))
                .unwrap_or_else(|_| unreachable!("an empty automaton always builds"))
        };
        // A pattern all of whose readings are generated names gated to some languages goes to
        // those languages' automata; every other one to the shared automaton.
        let mut core: Vec<&str> = Vec::new();
        let mut core_ids: Vec<usize> = Vec::new();
        let mut by_lang: HashMap<Lang, Vec<usize>> = HashMap::default();
        for (i, p) in patterns.iter().enumerate() {
            let gated = entries[i].iter().all(|e| !e.curated && !e.wide && e.langs.0.is_some());
            if !gated {
                core.push(p);
                core_ids.push(i);
                continue;
            }
            let mut langs: Vec<Lang> =
                entries[i].iter().flat_map(|e| e.langs.0.iter().flatten().copied()).collect();
            langs.sort_by_key(|l| l.code());
            langs.dedup();
            for l in langs {
                by_lang.entry(l).or_default().push(i);
            }
        }
        let automaton = build(&core);
        let local: HashMap<Lang, (AhoCorasick, Vec<usize>)> = by_lang
            .into_iter()
            .map(|(l, ids)| {
                let pats: Vec<&str> = ids.iter().map(|&i| patterns[i].as_str()).collect();
                (l, (build(&pats), ids))
            })
            .collect();
        let g = Gazetteer {
            countries,
            actors,
            patterns,
            entries,
            amb,
            automaton,
            core_ids,
            local,
            lookup,
            handles,
            abbreviations,
        };
        (g, errors)
    }

    /// Finds every country and actor mention in a document.
    ///
    /// `normalized` is the text the stages read and `map` maps its byte offsets to
    /// `original`'s. Returned mentions have `span` in original bytes, `norm_span` in
    /// normalized bytes, `surface` = `original[span]` and no tone; they are sorted by span and
    /// never overlap. Total: never panics, whatever the input. The same as
    /// [`Gazetteer::find_at`] with no date.
    pub fn find(
        &self,
        original: &str,
        normalized: &str,
        map: &OffsetMap,
        lang: Lang,
    ) -> (Vec<Mention>, Vec<Diagnostic>) {
        self.find_at(original, normalized, map, lang, None)
    }

    /// Finds every mention in a document written on `at` (when known).
    ///
    /// As [`Gazetteer::find`], and the date decides what changes with time: a handle is the
    /// actor it spoke for on that date (`@POTUS`, `@Menlu_RI`), an actor's country is the one
    /// they served then, and titles of office next to a country ("Presiden RI", "President of
    /// Mexico", "el presidente mexicano", "US Secretary of State", "Menlu AS") become
    /// [`MentionKind::Leader`] mentions of that country with the office holder on the date as
    /// `actor` (confidence 0.8), or, with no date, no actor (confidence 0.6). The title's span
    /// covers the title words only, so the country's own mention is kept. Use
    /// [`Gazetteer::actor_role`] for the role and whether it is a former holder.
    pub fn find_at(
        &self,
        original: &str,
        normalized: &str,
        map: &OffsetMap,
        lang: Lang,
        at: Option<NaiveDate>,
    ) -> (Vec<Mention>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let identity;
        let map = if map.derived_len() == normalized.len() && map.original_len() == original.len() {
            map
        } else {
            diags.push(Diagnostic::new(
                STAGE,
                "offset-map-mismatch",
                Severity::Warning,
                format!(
                    "offset map covers {} → {} bytes but the texts have {} → {}; spans fall back \
                     to the normalized text's offsets",
                    map.derived_len(),
                    map.original_len(),
                    normalized.len(),
                    original.len()
                ),
            ));
            identity = OffsetMap::identity(normalized.len());
            &identity
        };
        let ctx = rules::Context::new(normalized, lang);
        let mut cands: Vec<rules::Candidate> = Vec::new();
        let text = ctx.folded.text.as_str();
        let local = self.local.get(&lang);
        let scans = std::iter::once((&self.automaton, &self.core_ids))
            .chain(local.map(|(a, ids)| (a, ids)));
        for (automaton, ids) in scans {
            for m in automaton.find_overlapping_iter(text) {
                let Some(&pid) = ids.get(m.pattern().as_usize()) else { continue };
                if let Some(c) = self.judge(&ctx, original, map, pid, m.start(), m.end()) {
                    cands.push(c);
                }
            }
        }
        // Handles: "@SecPompeo".
        cands.extend(rules::handles(&ctx, |h| {
            self.actor_index_by_handle(h, at).map(|a| (a, self.actors[a].country))
        }));
        // Leftmost-longest, non-overlapping, blocks included.
        cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out = Vec::new();
        let mut last_end = 0;
        for c in cands {
            if c.start < last_end {
                continue;
            }
            last_end = c.end;
            let Some((target, kind, confidence)) = c.reading else { continue };
            let (ns, ne) = ctx.folded.source_span(normalized, c.start, c.end);
            let norm_span = Span::new(ns, ne);
            let span = map.span_to_original(norm_span);
            let Some(surface) = span.slice(original) else {
                diags.push(
                    Diagnostic::new(
                        STAGE,
                        "span-unmappable",
                        Severity::Warning,
                        "a mention's span does not fall on char boundaries of the original",
                    )
                    .at(span),
                );
                continue;
            };
            let (country, actor) = match target {
                Target::Country(i) => (self.countries[i].alpha3, None),
                Target::Actor(a) => {
                    (self.actors[a].country_at(at), Some(self.actors[a].id.to_owned()))
                }
                Target::Block => continue,
            };
            let hashtag = rules::hashtag_start(original, span.start);
            let (kind, confidence) = match (hashtag, kind) {
                (Some(_), MentionKind::Name | MentionKind::Abbreviation) => {
                    (MentionKind::Hashtag, confidence * 0.9)
                }
                _ => (kind, confidence),
            };
            out.push(Mention {
                country: country.to_owned(),
                actor,
                surface: surface.to_owned(),
                span,
                norm_span,
                kind,
                confidence: confidence.clamp(0.0, 1.0),
                tone: None,
            });
        }
        out.sort_by_key(|m| m.span);
        // Most texts name no secretary of state: skip that search.
        let secretary = ctx.folded.text.contains("secretar");
        self.offices(original, normalized, map, at, secretary, &mut out);
        (out, diags)
    }

    /// Adds title-of-office mentions next to country mentions (see [`Gazetteer::find_at`]).
    fn offices(
        &self,
        original: &str,
        normalized: &str,
        map: &OffsetMap,
        at: Option<NaiveDate>,
        secretary: bool,
        out: &mut Vec<Mention>,
    ) {
        let mut found: Vec<(usize, usize, RoleKind, String)> = Vec::new();
        // The mentions by start (they are sorted by span, and the map keeps order), so that the
        // questions below are binary searches: a long text with many mentions costs linear time.
        let mut order: Vec<usize> = (0..out.len()).collect();
        order.sort_by_key(|&i| out[i].norm_span.start);
        let by_start: Vec<(usize, usize)> =
            order.iter().map(|&i| (out[i].norm_span.start, out[i].norm_span.end)).collect();
        // An actor named right after (", " or " " between) makes the title an apposition.
        let named_after = |end: usize, country: &str| {
            let first = order.partition_point(|&i| out[i].norm_span.start < end);
            order[first..]
                .iter()
                .map(|&i| &out[i])
                .take_while(|n| n.norm_span.start <= end + 2)
                .any(|n| {
                    n.actor.is_some()
                        && n.country == country
                        && normalized
                            .get(end..n.norm_span.start)
                            .is_some_and(|g| g.chars().all(|c| c == ' ' || c == ','))
                })
        };
        for (i, m) in out.iter().enumerate() {
            if m.actor.is_some()
                || !matches!(
                    m.kind,
                    MentionKind::Name | MentionKind::Abbreviation | MentionKind::Demonym
                )
            {
                continue;
            }
            let (cs, ce) = (m.norm_span.start, m.norm_span.end);
            if let Some((ts, te, role)) = offices::before(normalized, cs)
                && !named_after(ce, &m.country)
                && (i == 0 || out[i - 1].norm_span.end <= ts)
            {
                found.push((ts, te, role, m.country.clone()));
            } else if let Some((ts, te, role)) = offices::after(normalized, ce, &m.country)
                && !named_after(te, &m.country)
            {
                found.push((ts, te, role, m.country.clone()));
            }
        }
        let standalone = if secretary { offices::standalone(normalized) } else { Vec::new() };
        let ends: std::collections::HashSet<usize> = out.iter().map(|n| n.norm_span.end).collect();
        for (ts, te, role, country) in standalone {
            // "US Secretary of State" was found above; another country's is not the US one.
            let glued = [" ", "'s "].iter().any(|g| {
                ts.checked_sub(g.len()).is_some_and(|end| {
                    ends.contains(&end) && normalized.get(end..ts).is_some_and(|x| x == *g)
                })
            });
            if !glued && !named_after(te, country) {
                found.push((ts, te, role, country.to_owned()));
            }
        }
        let mut added = false;
        // Overlap with a mention found before: the largest end among those starting before the
        // title's end. With a title added: the added ones do not overlap each other, so only the
        // last one starting before the title's end can overlap it.
        let max_end: Vec<usize> = by_start
            .iter()
            .scan(0usize, |e, &(_, end)| {
                *e = (*e).max(end);
                Some(*e)
            })
            .collect();
        let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        for (ts, te, role, country) in found {
            let norm_span = Span::new(ts, te);
            let before = by_start.partition_point(|&(start, _)| start < te);
            let overlaps_found = before > 0 && max_end[before - 1] > ts;
            let overlaps_added = taken.range(..te).next_back().is_some_and(|(_, &end)| end > ts);
            if overlaps_found || overlaps_added {
                continue;
            }
            let span = map.span_to_original(norm_span);
            let Some(surface) = span.slice(original) else { continue };
            let holder = at.and_then(|d| self.holder_at(&country, role, d));
            out.push(Mention {
                country,
                actor: holder.map(|a| a.id.to_owned()),
                surface: surface.to_owned(),
                span,
                norm_span,
                kind: MentionKind::Leader,
                confidence: if holder.is_some() { 0.8 } else { 0.6 },
                tone: None,
            });
            taken.insert(ts, te);
            added = true;
        }
        if added {
            out.sort_by_key(|m| m.span);
        }
    }

    /// Decides one automaton match: `None` to drop it, or a candidate (a block has no reading).
    fn judge(
        &self,
        ctx: &rules::Context<'_>,
        original: &str,
        map: &OffsetMap,
        pid: usize,
        start: usize,
        end: usize,
    ) -> Option<rules::Candidate> {
        let pattern = self.patterns.get(pid)?;
        if !ctx.boundaries(start, end) || ctx.in_skip_zone(start) {
            return None;
        }
        let (ns, ne) = ctx.folded.source_span(ctx.normalized, start, end);
        let surface = ctx.normalized.get(ns..ne)?;
        let ospan = map.span_to_original(Span::new(ns, ne));
        let in_hashtag = rules::hashtag_start(original, ospan.start).is_some();
        let amb: Vec<AmbRule> =
            self.amb[pid].iter().filter(|(l, _)| l.admits(ctx.lang)).map(|&(_, r)| r).collect();
        let mut best: Option<(&Entry, f32)> = None;
        for e in &self.entries[pid] {
            // Generated names of other locales ("Island" is German for Iceland) only in texts
            // of that very language, never in undetermined ones.
            // Names in a script of their own ("Россия", "墨西哥") also in undetermined texts and
            // in texts of a Latin-script language, never in another language of that script
            // (Persian "هند" is India, Arabic "هند" a woman's name).
            let strict = !e.curated && e.langs.0.is_some();
            let admitted = if e.wide {
                e.langs.names(ctx.lang) || ctx.lang == Lang::Und || !rules::own_script(ctx.lang)
            } else {
                e.langs.admits(ctx.lang) && (!strict || e.langs.names(ctx.lang))
            };
            if !admitted {
                continue;
            }
            if e.target == Target::Block {
                return Some(rules::Candidate { start, end, reading: None });
            }
            let mut conf = e.confidence;
            if !in_hashtag {
                let abbr = self.abbreviations.contains(pattern.as_str());
                match ctx.case_ok(e.case, surface, ns, ne, &|w| self.abbreviations.contains(w)) {
                    rules::CaseVerdict::Ok(f) => conf *= f,
                    rules::CaseVerdict::NeedCue => {
                        if !ctx.has_cue(start, end, pattern, abbr) {
                            continue;
                        }
                        conf *= 0.8;
                    }
                    rules::CaseVerdict::No => continue,
                }
                match ctx
                    .ambiguity(&amb, surface, ns, ne, start, end, &|w| self.lookup.contains_key(w))
                {
                    Some(f) => conf *= f,
                    None => continue,
                }
                if matches!(e.target, Target::Country(_)) && ctx.named_thing(ns, ne) {
                    continue;
                }
            }
            let better = match best {
                None => true,
                Some((b, bc)) => {
                    // An entry naming the text's language, then a curated one, then confidence.
                    let rank = |x: &Entry| (x.langs.names(ctx.lang), x.curated);
                    rank(e) > rank(b) || (rank(e) == rank(b) && conf > bc)
                }
            };
            if better {
                best = Some((e, conf));
            }
        }
        let (e, conf) = best?;
        Some(rules::Candidate { start, end, reading: Some((e.target, e.kind, conf)) })
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod actor_tests;
