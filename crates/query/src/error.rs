//! [`QueryError`]: what was wrong with a question, in one set of codes and messages for every
//! face. A message names the parameters it is about with [`param`] markers, which each face
//! renders in its own words: `from` in the API, `--from` in the CLI.

use std::fmt;

/// What kind of failure: decides the HTTP status and whether the cause is the caller's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The question is malformed: a parameter is missing, unknown or out of range (HTTP 400).
    BadRequest,
    /// What the question is about does not exist (HTTP 404).
    NotFound,
    /// The store stopped the query before it finished (a cancelled or timed-out query; 503).
    Interrupted,
    /// The store or the machine failed (HTTP 500); the message is for the log.
    Internal,
}

/// A question that cannot be answered, with a stable code and a message for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// Which kind of failure.
    pub kind: Kind,
    /// Stable machine-readable code (`bad_date`, `unknown_country`, `empty_range`, …).
    pub code: &'static str,
    /// What was wrong and what to do, with parameter names marked by [`param`].
    message: String,
}

const OPEN: char = '\u{27e8}';
const CLOSE: char = '\u{27e9}';

/// A parameter's name inside a message, rendered by each face in its own words
/// ([`QueryError::message`] for the API, [`QueryError::cli_message`] for the CLI).
pub fn param(name: &str) -> String {
    format!("{OPEN}{name}{CLOSE}")
}

impl QueryError {
    /// A malformed question.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> QueryError {
        QueryError { kind: Kind::BadRequest, code, message: message.into() }
    }

    /// A question about something that does not exist.
    pub fn not_found(message: impl Into<String>) -> QueryError {
        QueryError { kind: Kind::NotFound, code: "not_found", message: message.into() }
    }

    /// A failure of the store or the machine.
    pub fn internal(cause: impl fmt::Display) -> QueryError {
        QueryError { kind: Kind::Internal, code: "internal", message: cause.to_string() }
    }

    /// The message with parameters named as the API names them (`from`, `min_mentions`).
    pub fn message(&self) -> String {
        self.render(|name, out| out.push_str(name))
    }

    /// The message with parameters named as the CLI's flags (`--from`, `--min-mentions`).
    pub fn cli_message(&self) -> String {
        self.render(|name, out| {
            out.push_str("--");
            out.push_str(&name.replace('_', "-"));
        })
    }

    fn render(&self, name: impl Fn(&str, &mut String)) -> String {
        let mut out = String::with_capacity(self.message.len());
        let mut rest = self.message.as_str();
        while let Some(i) = rest.find(OPEN) {
            out.push_str(&rest[..i]);
            let after = &rest[i + OPEN.len_utf8()..];
            match after.find(CLOSE) {
                Some(j) => {
                    name(&after[..j], &mut out);
                    rest = &after[j + CLOSE.len_utf8()..];
                }
                None => {
                    out.push_str(&rest[i..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for QueryError {}

impl From<citra_store::Error> for QueryError {
    fn from(e: citra_store::Error) -> QueryError {
        match e {
            citra_store::Error::Interrupted { .. } => QueryError {
                kind: Kind::Interrupted,
                code: "query_timeout",
                message: format!(
                    "the query was stopped before it finished: ask for less (a shorter {}/{} \
                     range, or a country)",
                    param("from"),
                    param("to")
                ),
            },
            e => QueryError::internal(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error010_faces_name_parameters_their_way() {
        // (message, API rendering, CLI rendering)
        let rows = [
            (
                format!("{} must be at least 1", param("min_mentions")),
                "min_mentions must be at least 1",
                "--min-mentions must be at least 1",
            ),
            (
                format!("{} 2018-01-01 is after {} 2017-01-01", param("from"), param("to")),
                "from 2018-01-01 is after to 2017-01-01",
                "--from 2018-01-01 is after --to 2017-01-01",
            ),
            ("no marker {x} here".to_owned(), "no marker {x} here", "no marker {x} here"),
            (format!("unclosed {OPEN}from"), "unclosed \u{27e8}from", "unclosed \u{27e8}from"),
        ];
        for (msg, api, cli) in rows {
            let e = QueryError::bad_request("x", msg);
            assert_eq!(e.message(), api);
            assert_eq!(e.cli_message(), cli);
            assert_eq!(e.to_string(), api);
        }
    }
}
