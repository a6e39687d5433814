//! The actor registry: people and institutions, their dated roles and accounts, read from
//! tab-separated tables (the shipped ones in `data/actors/`, then the user's).

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::NaiveDate;

/// Whether an actor is a person or an institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorKind {
    /// A person (a president, a minister).
    Person,
    /// An institution (a ministry, an embassy, a state broadcaster).
    Institution,
}

impl ActorKind {
    /// The registry's spelling: `person` or `institution`.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Institution => "institution",
        }
    }
}

/// A role an actor holds for a country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RoleKind {
    /// President, monarch; the European Council's president for the EU.
    HeadOfState,
    /// Prime minister, chancellor, premier; the European Commission's president for the EU.
    HeadOfGovernment,
    /// Foreign minister (secretary of state, foreign secretary, high representative).
    ForeignMinister,
    /// Defence minister.
    DefenceMinister,
    /// Vice-president or deputy prime minister.
    DeputyHead,
    /// Another cabinet minister.
    Minister,
    /// A government or ministry spokesperson.
    Spokesperson,
    /// An ambassador.
    Ambassador,
    /// The foreign ministry (institution).
    ForeignMinistry,
    /// A head of state's or government's office (institution: the White House, Number 10).
    Government,
    /// An embassy or consulate (institution).
    Embassy,
    /// A state-owned or state-directed medium (institution).
    StateMedia,
}

const ROLES: &[(RoleKind, &str)] = &[
    (RoleKind::HeadOfState, "head_of_state"),
    (RoleKind::HeadOfGovernment, "head_of_government"),
    (RoleKind::ForeignMinister, "foreign_minister"),
    (RoleKind::DefenceMinister, "defence_minister"),
    (RoleKind::DeputyHead, "deputy_head"),
    (RoleKind::Minister, "minister"),
    (RoleKind::Spokesperson, "spokesperson"),
    (RoleKind::Ambassador, "ambassador"),
    (RoleKind::ForeignMinistry, "foreign_ministry"),
    (RoleKind::Government, "government"),
    (RoleKind::Embassy, "embassy"),
    (RoleKind::StateMedia, "state_media"),
];

impl RoleKind {
    /// The registry's spelling, e.g. `head_of_state`.
    pub fn as_str(self) -> &'static str {
        ROLES.iter().find(|(r, _)| *r == self).map_or("", |(_, s)| s)
    }

    /// Parses the registry's spelling.
    pub fn parse(s: &str) -> Option<RoleKind> {
        ROLES.iter().find(|(_, n)| *n == s).map(|(r, _)| *r)
    }

    /// Every role, most prominent first (the order that breaks ties between roles held at once).
    pub fn all() -> impl Iterator<Item = RoleKind> {
        ROLES.iter().map(|(r, _)| *r)
    }
}

/// One dated role of an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Role {
    /// What the role is.
    pub role: RoleKind,
    /// ISO alpha-3 code of the country the role is for (`EUU` for the European Union).
    pub country: &'static str,
    /// First day in the role.
    pub start: NaiveDate,
    /// Last day in the role; `None` while in office.
    pub end: Option<NaiveDate>,
    /// Where the row comes from.
    pub source: &'static str,
    /// False where the compiler was unsure of the row: check it before relying on it.
    pub verified: bool,
}

impl Role {
    /// True when the role was held on `date` (start and end days included).
    pub fn held_on(&self, date: NaiveDate) -> bool {
        self.start <= date && self.end.is_none_or(|e| date <= e)
    }
}

/// One account of an actor on a platform, valid between two dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account {
    /// Platform: `twitter` (X), `instagram`, `truthsocial`, …
    pub platform: &'static str,
    /// The handle, without `@`, as the platform spells it.
    pub handle: &'static str,
    /// First day the account spoke for this actor; `None` for "since it opened".
    pub start: Option<NaiveDate>,
    /// Last day; `None` while it still does.
    pub end: Option<NaiveDate>,
    /// Where the row comes from.
    pub source: &'static str,
    /// False where the compiler was unsure of the row.
    pub verified: bool,
}

impl Account {
    /// True when the account spoke for its actor on `date`.
    pub fn valid_on(&self, date: NaiveDate) -> bool {
        self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date <= e)
    }
}

/// A row of a registry table that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The file (or `shipped:NAME` for embedded data).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// The column at fault.
    pub field: &'static str,
    /// What is wrong and what to do.
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: field `{}`: {}", self.file, self.line, self.field, self.message)
    }
}

/// Why user actor files could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Rows that could not be read, one per line.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Rows(Vec<RowError>),
}

/// The three tables, told apart by their header line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Actors,
    Roles,
    Accounts,
}

const ACTORS_COLS: &[&str] = &["id", "name", "country", "kind", "variants"];
const ROLES_COLS: &[&str] = &["actor", "role", "country", "start", "end", "source", "verified"];
const ACCOUNTS_COLS: &[&str] =
    &["actor", "platform", "handle", "start", "end", "source", "verified"];

impl Table {
    fn cols(self) -> &'static [&'static str] {
        match self {
            Table::Actors => ACTORS_COLS,
            Table::Roles => ROLES_COLS,
            Table::Accounts => ACCOUNTS_COLS,
        }
    }
}

/// One text to read: its label for messages and its content.
pub(crate) struct Source {
    pub(crate) label: String,
    pub(crate) text: &'static str,
}

/// An actor as read, before it is indexed.
#[derive(Debug, Clone)]
pub(crate) struct RawActor {
    pub(crate) id: &'static str,
    pub(crate) name: &'static str,
    pub(crate) country: &'static str,
    pub(crate) kind: ActorKind,
    pub(crate) variants: Vec<&'static str>,
    pub(crate) roles: Vec<Role>,
    pub(crate) accounts: Vec<Account>,
}

/// A numbered row of fields.
type Row = (usize, Vec<&'static str>);

/// Codes that are not ISO 3166-1 but stand for an actor's polity.
pub(crate) const ORGS: &[&str] = &["EUU"];

/// Reads the tables in order: later rows extend or override earlier ones by key (actors by
/// id; roles by actor, role, country and start; accounts by actor, platform and handle).
pub(crate) fn read(
    sources: &[Source],
    is_country: &dyn Fn(&str) -> Option<&'static str>,
) -> (Vec<RawActor>, Vec<RowError>) {
    let mut errors = Vec::new();
    let mut tables: Vec<(Table, &Source, Vec<Row>)> = Vec::new();
    for src in sources {
        let mut lines = src
            .text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l))
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let Some((hline, header)) = lines.next() else { continue };
        let head: Vec<&str> = header.split('\t').map(str::trim).collect();
        let table = [Table::Actors, Table::Roles, Table::Accounts]
            .into_iter()
            .find(|t| t.cols() == head.as_slice());
        let Some(table) = table else {
            errors.push(RowError {
                file: src.label.clone(),
                line: hline,
                field: "header",
                message: format!(
                    "the first line that is not a comment must name the columns, tab-separated: \
                     `{}` (actors), `{}` (roles) or `{}` (accounts); found `{}`",
                    ACTORS_COLS.join(" "),
                    ROLES_COLS.join(" "),
                    ACCOUNTS_COLS.join(" "),
                    head.join(" ")
                ),
            });
            continue;
        };
        let rows = lines.map(|(n, l)| (n, l.split('\t').map(str::trim).collect())).collect();
        tables.push((table, src, rows));
    }
    let mut actors: Vec<RawActor> = Vec::new();
    let mut by_id: HashMap<&'static str, usize> = HashMap::new();
    // Actors first, then roles, then accounts, so that any file may refer to any actor.
    for pass in [Table::Actors, Table::Roles, Table::Accounts] {
        for (table, src, rows) in &tables {
            if *table != pass {
                continue;
            }
            for (line, r) in rows {
                let mut err = |field: &'static str, message: String| {
                    errors.push(RowError { file: src.label.clone(), line: *line, field, message })
                };
                let cols = table.cols();
                if r.len() != cols.len() {
                    err(
                        "row",
                        format!(
                            "expected {} tab-separated fields ({}), found {}: separate the fields \
                             with one tab each and write - for an empty one",
                            cols.len(),
                            cols.join(", "),
                            r.len()
                        ),
                    );
                    continue;
                }
                match table {
                    Table::Actors => {
                        if let Some(a) = actor_row(r, is_country, &mut err) {
                            if let Some(&i) = by_id.get(a.id) {
                                let old = &mut actors[i];
                                old.name = a.name;
                                old.country = a.country;
                                old.kind = a.kind;
                                old.variants = a.variants;
                            } else {
                                by_id.insert(a.id, actors.len());
                                actors.push(a);
                            }
                        }
                    }
                    Table::Roles => {
                        let Some(&i) = actor_ref(r[0], &by_id, &mut err) else { continue };
                        if let Some(role) = role_row(r, is_country, &mut err) {
                            let roles = &mut actors[i].roles;
                            match roles.iter_mut().find(|x| {
                                x.role == role.role
                                    && x.country == role.country
                                    && x.start == role.start
                            }) {
                                Some(x) => *x = role,
                                None => roles.push(role),
                            }
                        }
                    }
                    Table::Accounts => {
                        let Some(&i) = actor_ref(r[0], &by_id, &mut err) else { continue };
                        if let Some(acc) = account_row(r, &mut err) {
                            let accs = &mut actors[i].accounts;
                            match accs.iter_mut().find(|x| {
                                x.platform == acc.platform
                                    && x.handle.eq_ignore_ascii_case(acc.handle)
                                    && x.start == acc.start
                            }) {
                                Some(x) => *x = acc,
                                None => accs.push(acc),
                            }
                        }
                    }
                }
            }
        }
    }
    for a in &mut actors {
        a.roles.sort_by_key(|r| (r.start, r.role));
    }
    (actors, errors)
}

fn actor_ref<'m>(
    id: &str,
    by_id: &'m HashMap<&'static str, usize>,
    err: &mut impl FnMut(&'static str, String),
) -> Option<&'m usize> {
    let found = by_id.get(id);
    if found.is_none() {
        err(
            "actor",
            format!(
                "no actor has the id `{id}`: add it to an actors table (id, name, country, kind, \
                 variants) or fix the id"
            ),
        );
    }
    found
}

fn actor_row(
    r: &[&'static str],
    is_country: &dyn Fn(&str) -> Option<&'static str>,
    err: &mut impl FnMut(&'static str, String),
) -> Option<RawActor> {
    let [id, name, country, kind, variants] = r[..] else { return None };
    let mut ok = true;
    if id.is_empty()
        || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        err(
            "id",
            format!("`{id}` is not an id: use lower-case letters, digits and '-', e.g. mex-ebrard"),
        );
        ok = false;
    }
    if name.is_empty() || name == "-" {
        err("name", "the name is empty: write the actor's display name".into());
        ok = false;
    }
    let country = check_country(country, is_country, err);
    let kind = match kind {
        "person" => Some(ActorKind::Person),
        "institution" => Some(ActorKind::Institution),
        _ => {
            err("kind", format!("`{kind}` is not a kind: write person or institution"));
            None
        }
    };
    let variants: Vec<&'static str> =
        variants.split('|').map(str::trim).filter(|v| !v.is_empty() && *v != "-").collect();
    if let Some(v) = variants.iter().find(|v| v.chars().filter(|c| c.is_alphanumeric()).count() < 2)
    {
        err("variants", format!("`{v}` is too short to look for in text: drop it"));
        ok = false;
    }
    let (Some(country), Some(kind), true) = (country, kind, ok) else { return None };
    Some(RawActor { id, name, country, kind, variants, roles: Vec::new(), accounts: Vec::new() })
}

fn check_country(
    c: &str,
    is_country: &dyn Fn(&str) -> Option<&'static str>,
    err: &mut impl FnMut(&'static str, String),
) -> Option<&'static str> {
    let found = ORGS.iter().find(|o| **o == c).copied().or_else(|| is_country(c));
    if found.is_none() {
        err(
            "country",
            format!(
                "`{c}` is not an ISO 3166-1 alpha-3 code: write one in capitals, e.g. MEX, IDN, \
                 USA (or EUU for the European Union)"
            ),
        );
    }
    found
}

fn date(
    s: &str,
    field: &'static str,
    open_ok: bool,
    err: &mut impl FnMut(&'static str, String),
) -> Option<Option<NaiveDate>> {
    if s == "-" || s.is_empty() {
        if open_ok {
            return Some(None);
        }
        err(field, "a date is needed here: write YYYY-MM-DD, e.g. 2019-10-23".into());
        return None;
    }
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => Some(Some(d)),
        Err(_) => {
            let open = if open_ok { " (or - for none)" } else { "" };
            err(field, format!("`{s}` is not a date: write YYYY-MM-DD{open}, e.g. 2019-10-23"));
            None
        }
    }
}

fn verified(s: &str, err: &mut impl FnMut(&'static str, String)) -> Option<bool> {
    match s {
        "true" => Some(true),
        "false" => Some(false),
        _ => {
            err("verified", format!("`{s}` is neither true nor false: write false if unsure"));
            None
        }
    }
}

fn dates_in_order(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    err: &mut impl FnMut(&'static str, String),
) -> bool {
    match (start, end) {
        (Some(s), Some(e)) if e < s => {
            err("end", format!("ends ({e}) before it starts ({s}): swap or fix the dates"));
            false
        }
        _ => true,
    }
}

fn role_row(
    r: &[&'static str],
    is_country: &dyn Fn(&str) -> Option<&'static str>,
    err: &mut impl FnMut(&'static str, String),
) -> Option<Role> {
    let [_, role, country, start, end, source, ver] = r[..] else { return None };
    let kind = RoleKind::parse(role);
    if kind.is_none() {
        let all: Vec<&str> = RoleKind::all().map(RoleKind::as_str).collect();
        err("role", format!("`{role}` is not a role: use one of {}", all.join(", ")));
    }
    let country = check_country(country, is_country, err);
    let start = date(start, "start", false, err);
    let end = date(end, "end", true, err);
    let verified = verified(ver, err);
    let (Some(role), Some(country), Some(Some(start)), Some(end), Some(verified)) =
        (kind, country, start, end, verified)
    else {
        return None;
    };
    if !dates_in_order(Some(start), end, err) {
        return None;
    }
    Some(Role { role, country, start, end, source, verified })
}

fn account_row(r: &[&'static str], err: &mut impl FnMut(&'static str, String)) -> Option<Account> {
    let [_, platform, handle, start, end, source, ver] = r[..] else { return None };
    let mut ok = true;
    if platform.is_empty()
        || !platform.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        err(
            "platform",
            format!("`{platform}` is not a platform: write it in lower case, e.g. twitter"),
        );
        ok = false;
    }
    if handle.starts_with('@') {
        err("handle", format!("`{handle}`: write the handle without the leading @"));
        ok = false;
    } else if handle.is_empty()
        || !handle.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    {
        err("handle", format!("`{handle}` is not a handle: use letters, digits, '_' and '.'"));
        ok = false;
    }
    let start = date(start, "start", true, err);
    let end = date(end, "end", true, err);
    let verified = verified(ver, err);
    let (Some(start), Some(end), Some(verified), true) = (start, end, verified, ok) else {
        return None;
    };
    if !dates_in_order(start, end, err) {
        return None;
    }
    Some(Account { platform, handle, start, end, source, verified })
}

/// The user's files as sources: a folder stands for the `actors.tsv`, `roles.tsv` and
/// `accounts.tsv` it holds. Contents are leaked: they live as long as the process, like the
/// embedded data.
pub(crate) fn user_sources(paths: &[PathBuf]) -> Result<Vec<Source>, Error> {
    let mut out = Vec::new();
    for p in paths {
        let files: Vec<PathBuf> = if p.is_dir() {
            ["actors.tsv", "roles.tsv", "accounts.tsv"]
                .iter()
                .map(|f| p.join(f))
                .filter(|f| f.is_file())
                .collect()
        } else {
            vec![p.clone()]
        };
        for f in files {
            let text = std::fs::read_to_string(&f)
                .map_err(|source| Error::Io { path: f.clone(), source })?;
            out.push(Source {
                label: f.display().to_string(),
                text: Box::leak(text.into_boxed_str()),
            });
        }
    }
    Ok(out)
}

/// The paths in `CITRA_ACTORS` (separated like `PATH`: ':' on Unix, ';' on Windows).
pub(crate) fn env_paths() -> Vec<PathBuf> {
    std::env::var_os("CITRA_ACTORS")
        .map(|v| std::env::split_paths(&v).filter(|p| !p.as_os_str().is_empty()).collect())
        .unwrap_or_default()
}
